import { CACHE, CONTENT_TYPES, HASHED_NAME, IMMUTABLE_DIR, TEXT } from "./site-files";
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

/** The uploader's content types as nginx `types`, with the same charset on text. */
function typesBlock(): string {
  const byType = new Map<string, string[]>();
  for (const [extension, contentType] of Object.entries(CONTENT_TYPES)) {
    const type = contentType.replace(TEXT, "");
    byType.set(type, [...(byType.get(type) ?? []), extension.slice(1)]);
  }
  const textTypes = Object.values(CONTENT_TYPES)
    .filter((type) => type.endsWith(TEXT))
    .map((type) => type.replace(TEXT, ""))
    // nginx always applies the charset to text/html.
    .filter((type) => type !== "text/html");
  return [
    "  default_type application/octet-stream;",
    "  types {",
    ...[...byType].map(([type, extensions]) => `    ${type} ${extensions.join(" ")};`),
    "  }",
    "  charset utf-8;",
    `  charset_types ${[...new Set(textTypes)].join(" ")};`,
  ].join("\n");
}

/** The server block of the front end: the same cache and security headers as the CDN. */
export function nginxServerConf(spaFallback: boolean): string {
  // A directory without index.html is the app's route too (CloudFront's fallback sends it there).
  const tryFiles = spaFallback ? "$uri /index.html" : "$uri $uri/ =404";
  return `server {
  listen ${NGINX_PORT};
  server_name _;
  root ${NGINX_ROOT};
  server_tokens off;
${typesBlock()}
  gzip on;
  gzip_min_length 1024;
  gzip_types text/css text/javascript application/javascript application/json image/svg+xml application/manifest+json;

  location = ${HEALTH_PATH} {
    access_log off;
    default_type text/plain;
    return 200 "ok\\n";
  }

  # First match wins: HTML before the hashed rules, as in cacheControlOf.
  location ~ "\\.html$" {
${headers(CACHE.revalidate)}
    try_files $uri =404;
  }

  location ~ "(${HASHED_NAME.source})|(^/${IMMUTABLE_DIR})" {
${headers(CACHE.immutable)}
    try_files $uri =404;
  }

  # Any other file: served or 404, never the app (as on CloudFront, whose fallback skips names with a dot).
  location ~ "\\.[^/]*$" {
${headers(CACHE.short)}
    try_files $uri =404;
  }

  # Paths without an extension: directories, then the single-page app's routes.
  location / {
${headers(CACHE.short)}
    try_files ${tryFiles};
  }
}
`;
}
