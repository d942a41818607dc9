import * as fs from "node:fs";
import * as path from "node:path";

/** One file of the built front end, with the headers every target serves it with. */
export interface SiteFile {
  /** Path inside the site, with forward slashes: the S3 key and the URL path. */
  readonly key: string;
  readonly absolutePath: string;
  readonly size: number;
  readonly contentType: string;
  readonly cacheControl: string;
}

export const TEXT = "; charset=utf-8";
/** Content types by extension: the uploads' metadata on aws, nginx's `types` on kubernetes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": `text/html${TEXT}`,
  ".js": `text/javascript${TEXT}`,
  ".mjs": `text/javascript${TEXT}`,
  ".css": `text/css${TEXT}`,
  ".json": `application/json${TEXT}`,
  ".map": `application/json${TEXT}`,
  ".webmanifest": `application/manifest+json${TEXT}`,
  ".txt": `text/plain${TEXT}`,
  ".xml": `application/xml${TEXT}`,
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

/**
 * A file name that carries a hex content hash after a dot or a dash (webpack, Angular and Create React App's
 * `main.3f9c2a1b.js`, Next's `main-3f9c2a1b5d.js`): its content never changes under that name.
 */
export const HASHED_NAME = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/;

/**
 * The build's asset directory, where bundlers put only hashed files (Vite's `assets/`, whose hashes are not
 * hex: `index-BZ1x3kQf.js`). Files that keep their name across builds belong elsewhere (Vite's `public/`).
 */
export const IMMUTABLE_DIR = "assets/";

export const CACHE = {
  /** Hashed assets: cached for a year and never revalidated. */
  immutable: "public, max-age=31536000, immutable",
  /** HTML (the entry point that names the current hashes): revalidated on every load. */
  revalidate: "no-cache",
  /** Anything else (favicon, robots.txt): a short cache. */
  short: "public, max-age=300",
} as const;

export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[path.posix.extname(key).toLowerCase()] ?? "application/octet-stream";
}

export function cacheControlOf(key: string): string {
  if (key.endsWith(".html")) return CACHE.revalidate;
  if (key.startsWith(IMMUTABLE_DIR) || HASHED_NAME.test(path.posix.basename(key))) return CACHE.immutable;
  return CACHE.short;
}

/** Every file under `dir`, sorted by key so that the plan does not depend on the file system's order. */
export function listSiteFiles(dir: string): SiteFile[] {
  const files: SiteFile[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        const absolutePath = path.join(dir, child);
        files.push({
          key: child,
          absolutePath,
          size: fs.statSync(absolutePath).size,
          contentType: contentTypeOf(child),
          cacheControl: cacheControlOf(child),
        });
      }
    }
  };
  walk("");
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Why `dir` cannot be served, or undefined when it can. */
export function siteDirProblem(dir: string): string | undefined {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return "no such directory";
  if (!fs.existsSync(path.join(dir, "index.html"))) return "a directory without index.html";
  return undefined;
}
