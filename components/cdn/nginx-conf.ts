import { CACHE, HASHED_NAME } from "./site-files";
import { securityHeaderPairs } from "./headers";

export const NGINX_PORT = 8080;
export const NGINX_ROOT = "/usr/share/nginx/html";
export const HEALTH_PATH = "/healthz";

/**
 * nginx's `add_header` in a location replaces the server's, so each location repeats the security headers
 * with its own Cache-Control. The rules are the uploader's (site-files.ts): hashed names immutable, HTML
 * revalidated, the rest short.
 */
function headers(cacheControl: string): string {
  return [...securityHeaderPairs(), ["Cache-Control", cacheControl]]
    .map(([name, value]) => `    add_header ${name} "${value}" always;`)
    .join("\n");
}

/** The server block of the front end: the same cache and security headers as the CDN. */
export function nginxServerConf(spaFallback: boolean): string {
  const fallback = spaFallback ? "/index.html" : "=404";
  return `server {
  listen ${NGINX_PORT};
  server_name _;
  root ${NGINX_ROOT};
  server_tokens off;
  gzip on;
  gzip_min_length 1024;
  gzip_types text/css text/javascript application/javascript application/json image/svg+xml application/manifest+json;

  location = ${HEALTH_PATH} {
    access_log off;
    default_type text/plain;
    return 200 "ok\\n";
  }

  location ~ "${HASHED_NAME.source}" {
${headers(CACHE.immutable)}
    try_files $uri =404;
  }

  location ~ "\\.html$" {
${headers(CACHE.revalidate)}
    try_files $uri =404;
  }

  location / {
${headers(CACHE.short)}
    try_files $uri $uri/ ${fallback};
  }
}
`;
}
