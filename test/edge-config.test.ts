import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import { byType, configErrorOf, findResource, runStack } from "./support/harness";
import type { ConfigProblem } from "../stacks/problems";
import { CACHE, cacheControlOf, contentTypeOf } from "../components/cdn/site-files";

function problemsOf(problems: readonly ConfigProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.setting, `expected ${p.expected}, found ${p.found}`]));
}

describe("edge and observability settings", () => {
  it("reports every wrong CDN and observability setting at once, before any resource", async () => {
    const { error, graph } = await configErrorOf("prod", {
      override: {
        cdn: {
          siteDir: "no-such-dir",
          domain: "WWW.Example.org",
          priceClass: "PriceClass_Cheap",
          spaFalback: true,
          waf: { ratePerFiveMinutes: 50 },
        },
        observability: {
          alertEmails: ["ops@example.org", "not-an-email"],
          thresholds: { cdn5xxPercent: 150, targetResponseTimeSeconds: "fast" },
          kubernetes: { prometheusOperator: "yes" },
        },
      },
    });
    assert.deepEqual(problemsOf(error.problems), {
      "cdn.siteDir":
        "expected a directory of the built front end containing index.html, found no-such-dir (no such directory)",
      "cdn.domain": 'expected a lower-case DNS name such as www.example.org, found "WWW.Example.org"',
      "cdn.priceClass":
        'expected one of PriceClass_100, PriceClass_200, PriceClass_All, found "PriceClass_Cheap"',
      "cdn.spaFalback":
        "expected one of the known settings (siteDir, domain, hostedZone, spaFallback, hstsPreload, priceClass, waf, kubernetes); did you mean spaFallback?, found an unknown setting",
      "cdn.waf.ratePerFiveMinutes": "expected a whole number from 100 to 2000000000, found 50",
      "observability.alertEmails[1]":
        'expected an email address such as ops@example.org, found "not-an-email"',
      "observability.thresholds.cdn5xxPercent": "expected a number from 0 to 100, found 150",
      "observability.thresholds.targetResponseTimeSeconds":
        'expected a number from 0.01 to 120, found "fast"',
      "observability.kubernetes.prometheusOperator": 'expected true or false, found "yes"',
    });
    assert.deepEqual(
      graph.resources.filter((r) => r.custom).map((r) => r.type),
      [],
    );
  });

  it("wants index.html in the site, and a hosted zone that holds the domain", async () => {
    const { error } = await configErrorOf("dev", {
      override: { cdn: { siteDir: "frontend/assets", domain: "www.example.org", hostedZone: "example.com" } },
    });
    assert.deepEqual(problemsOf(error.problems), {
      "cdn.siteDir":
        "expected a directory of the built front end containing index.html, found frontend/assets (a directory without index.html)",
      "cdn.hostedZone":
        "expected the zone of cdn.domain www.example.org: that name or one of its parents, found example.com",
    });
  });

  describe("a site too big for a ConfigMap on kubernetes", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-site-"));
      fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html>");
      fs.writeFileSync(path.join(dir, "video.bin"), Buffer.alloc(1024 * 1024));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is refused unless an image serves it", async () => {
      const { error } = await configErrorOf("dev", {
        target: "kubernetes",
        override: { cdn: { siteDir: dir } },
      });
      assert.deepEqual(problemsOf(error.problems), {
        "cdn.siteDir":
          "expected at most 900 KiB of files to serve from a ConfigMap (or set cdn.kubernetes.image), found 1025 KiB",
      });
    });

    it("is served from the image when one is given, with no site ConfigMap", async () => {
      const image = "registry.example.org/site:1.4.2";
      const graph = await runStack("dev", {
        target: "kubernetes",
        override: { cdn: { siteDir: dir, kubernetes: { image } } },
      });
      assert.deepEqual(
        byType(graph, "kubernetes:core/v1:ConfigMap").map((r) => r.name),
        ["cdn-nginx"],
      );
      const deployment = findResource(graph, "kubernetes:apps/v1:Deployment", "cdn-deployment").inputs as {
        spec: { template: { spec: { containers: { image: string }[]; volumes: { name: string }[] } } };
      };
      const pod = deployment.spec.template.spec;
      assert.equal(pod.containers[0].image, image);
      assert.deepEqual(
        pod.volumes.map((v) => v.name),
        ["nginx-conf", "tmp"],
      );
    });
  });
});

describe("HSTS preload: off unless the stack opts in (Checkov CKV_AWS_259)", () => {
  it("adds preload to CloudFront's Strict-Transport-Security only with cdn.hstsPreload", async () => {
    for (const hstsPreload of [false, true]) {
      const graph = await runStack("dev", { override: { cdn: { hstsPreload } } });
      const policy = findResource(
        graph,
        "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
        "cdn-security-headers",
      ).inputs.securityHeadersConfig as { strictTransportSecurity: Record<string, unknown> };
      // The preload list's other demands hold either way: a year or more, subdomains included.
      assert.equal(policy.strictTransportSecurity.preload, hstsPreload);
      assert.equal(policy.strictTransportSecurity.includeSubdomains, true);
      assert.ok(Number(policy.strictTransportSecurity.accessControlMaxAgeSec) >= 31_536_000);
    }
  });
});

describe("cache headers and content types of the site's files", () => {
  const segment = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
  /** Folders, now and then the special ones: Vite's assets/ (at the top or nested), a dotted name. */
  const folder = fc.oneof(
    { arbitrary: segment, weight: 3 },
    { arbitrary: fc.constantFrom("assets", "static", "_next", "v1.2", "a-3f9c2a1b"), weight: 1 },
  );
  /** A content hash: often exactly eight hex digits, the fewest that count, or a full SHA-256. */
  const hash = fc.oneof(
    fc.stringMatching(/^[0-9a-f]{8}$/),
    fc.stringMatching(/^[0-9a-f]{8,20}$/),
    fc.stringMatching(/^[0-9a-f]{64}$/),
  );
  /** Seven hex digits or other characters: not a content hash. */
  const notHash = fc.oneof(
    fc.stringMatching(/^[0-9a-f]{1,7}$/),
    fc.stringMatching(/^[0-9a-fA-Fg-z]{8,12}$/).filter((h) => /[^0-9a-f]/.test(h)),
  );

  it("makes every content-hashed asset immutable, whatever its name and folder", () => {
    // Without a hash the same file is cached briefly, unless it sits in the top assets/ folder.
    const maybeHash = fc.oneof(
      hash.map((h) => ({ h, hashed: true })),
      notHash.map((h) => ({ h, hashed: false })),
    );
    fc.assert(
      fc.property(
        fc.array(folder, { maxLength: 3 }),
        segment,
        maybeHash,
        fc.constantFrom("js", "css", "woff2", "png"),
        fc.constantFrom(".", "-"),
        (dirs, base, { h, hashed }, ext, separator) => {
          const key = [...dirs, `${base}${separator}${h}.${ext}`].join("/");
          const immutable = hashed || dirs[0] === "assets";
          assert.equal(cacheControlOf(key), immutable ? CACHE.immutable : CACHE.short, key);
        },
      ),
    );
  });

  it("revalidates every HTML page, even one whose name looks hashed", () => {
    fc.assert(
      fc.property(
        fc.array(folder, { maxLength: 3 }),
        segment,
        fc.option(fc.oneof(hash, notHash)),
        (dirs, base, h) => {
          const name = h ? `${base}.${h}.html` : `${base}.html`;
          assert.equal(cacheControlOf([...dirs, name].join("/")), CACHE.revalidate);
        },
      ),
    );
  });

  it("caches unhashed files outside assets/ briefly: a new deploy reaches users within minutes", () => {
    assert.equal(cacheControlOf("favicon.svg"), CACHE.short);
    assert.equal(cacheControlOf("js/app.js"), CACHE.short);
    assert.equal(cacheControlOf("my-component.js"), CACHE.short);
    // Seven hex digits are not a content hash.
    assert.equal(cacheControlOf("js/app.3f9c2a1.js"), CACHE.short);
  });

  it("recognises the bundlers' hashed names: hex after a dot or dash, anything in assets/ (Vite)", () => {
    assert.equal(cacheControlOf("static/js/main.3f9c2a1b.js"), CACHE.immutable);
    assert.equal(cacheControlOf("_next/static/chunks/main-3f9c2a1b5d7e.js"), CACHE.immutable);
    assert.equal(cacheControlOf("assets/index-BZ1x3kQf.js"), CACHE.immutable);
    assert.equal(cacheControlOf("nested/assets/logo.svg"), CACHE.short);
  });

  it("names the type of each file, with a charset for text", () => {
    assert.equal(contentTypeOf("index.html"), "text/html; charset=utf-8");
    assert.equal(contentTypeOf("a/b.JS"), "text/javascript; charset=utf-8");
    assert.equal(contentTypeOf("logo.svg"), "image/svg+xml");
    assert.equal(contentTypeOf("font.woff2"), "font/woff2");
    assert.equal(contentTypeOf("data.unknown"), "application/octet-stream");
  });
});
