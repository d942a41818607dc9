import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CONFIGMAP_SITE_LIMIT_KIB, cdnProblems } from "../../stacks/cdn-checks";

// The CDN's rules that look beyond one setting (stacks/cdn-checks.ts): the site directory, its size when a
// ConfigMap serves it, and the hosted zone of the domain. Sites are written to a temporary directory.

type Loose = Record<string, unknown>;

const root = fs.mkdtempSync(path.join(os.tmpdir(), "strata-cdn-checks-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A site directory (relative to `root`) whose files have the given sizes in bytes. */
function site(name: string, files: Record<string, number>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, size] of Object.entries(files))
    fs.writeFileSync(path.join(dir, file), Buffer.alloc(size));
  return name;
}

const check = (cdn: Loose, target = "kubernetes") => cdnProblems({ target, cdn }, root);
const tooLarge = (kib: number) => ({
  setting: "cdn.siteDir",
  expected: `at most ${CONFIGMAP_SITE_LIMIT_KIB} KiB of files to serve from a ConfigMap (or set cdn.kubernetes.image)`,
  found: `${kib} KiB`,
});

describe("cdn checks: the site directory", () => {
  it("needs a directory with index.html, relative to the project", () => {
    const notADir = site("plain", { "index.html": 10 });
    assert.deepEqual(check({ siteDir: "missing" }), [
      {
        setting: "cdn.siteDir",
        expected: "a directory of the built front end containing index.html",
        found: "missing (no such directory)",
      },
    ]);
    assert.deepEqual(check({ siteDir: `${notADir}/index.html` }), [
      {
        setting: "cdn.siteDir",
        expected: "a directory of the built front end containing index.html",
        found: "plain/index.html (no such directory)",
      },
    ]);
    assert.deepEqual(check({ siteDir: site("no-index", { "app.js": 10 }) }, "aws"), [
      {
        setting: "cdn.siteDir",
        expected: "a directory of the built front end containing index.html",
        found: "no-index (a directory without index.html)",
      },
    ]);
    assert.deepEqual(check({ siteDir: notADir }), []);
  });

  it("leaves a site directory that is not a name to the schema", () => {
    assert.deepEqual(check({ siteDir: "" }), []);
    assert.deepEqual(check({ siteDir: 5 }), []);
    assert.deepEqual(cdnProblems({ target: "kubernetes", cdn: "site" }, root), []);
  });

  it("fits a ConfigMap with exactly the limit, and not with one byte more", () => {
    const limit = CONFIGMAP_SITE_LIMIT_KIB * 1024;
    assert.equal(CONFIGMAP_SITE_LIMIT_KIB, 900);
    assert.deepEqual(check({ siteDir: site("at-limit", { "index.html": limit - 100, "app.js": 100 }) }), []);
    const over = site("over-limit", { "index.html": limit - 100, "app.js": 101 });
    assert.deepEqual(check({ siteDir: over }), [tooLarge(901)]);
    assert.deepEqual(check({ siteDir: site("far-over", { "index.html": limit + 1024 * 10 }) }), [
      tooLarge(910),
    ]);
  });

  it("sizes only kubernetes sites served from a ConfigMap", () => {
    const over = site("big", { "index.html": CONFIGMAP_SITE_LIMIT_KIB * 1024 + 1 });
    assert.deepEqual(check({ siteDir: over }), [tooLarge(901)]);
    assert.deepEqual(check({ siteDir: over }, "aws"), []);
    assert.deepEqual(check({ siteDir: over, kubernetes: { image: "ghcr.io/org/site@sha256:abc" } }), []);
    assert.deepEqual(check({ siteDir: over, kubernetes: {} }), [tooLarge(901)]);
    assert.deepEqual(check({ siteDir: over, kubernetes: "image" }), [tooLarge(901)]);
  });

  it("reads a relative site directory from the working directory by default", () => {
    const dir = site("cwd-site", { "index.html": 1 });
    const here = process.cwd();
    process.chdir(root);
    try {
      assert.deepEqual(cdnProblems({ target: "aws", cdn: { siteDir: dir } }), []);
      assert.equal(cdnProblems({ target: "aws", cdn: { siteDir: "nothing-here" } }).length, 1);
    } finally {
      process.chdir(here);
    }
  });
});

describe("cdn checks: the hosted zone", () => {
  const zone = (domain: unknown, hostedZone: unknown) => check({ domain, hostedZone }, "aws");

  it("accepts the domain itself or any parent of it", () => {
    assert.deepEqual(zone("www.example.org", "example.org"), []);
    assert.deepEqual(zone("www.example.org", "www.example.org"), []);
    assert.deepEqual(zone("a.b.example.org", "example.org"), []);
  });

  it("refuses another name, including one that only ends with the same letters", () => {
    const problem = (domain: string, found: string) => [
      {
        setting: "cdn.hostedZone",
        expected: `the zone of cdn.domain ${domain}: that name or one of its parents`,
        found,
      },
    ];
    assert.deepEqual(zone("www.example.org", "example.com"), problem("www.example.org", "example.com"));
    assert.deepEqual(zone("www.badexample.org", "example.org"), problem("www.badexample.org", "example.org"));
    assert.deepEqual(zone("example.org", "www.example.org"), problem("example.org", "www.example.org"));
  });

  it("leaves names the schema refuses to the schema", () => {
    assert.deepEqual(zone("www.example.org", undefined), []);
    assert.deepEqual(zone(undefined, "example.com"), []);
    assert.deepEqual(zone("WWW.example.org", "example.com"), []);
    assert.deepEqual(zone("www.example.org", "Example.com"), []);
  });
});
