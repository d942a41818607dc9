import assert from "node:assert/strict";
import { isDigestPinned, kubernetesProblems } from "../../stacks/kubernetes-checks";
import { ENGINES } from "../../components/database/engines";
import { CACHE_ENGINE_PROFILES } from "../../components/cache/engines";

// What the kubernetes target needs beyond each setting (stacks/kubernetes-checks.ts): each problem in full,
// each condition alone, and the rule's reach (kubernetes only).

type Loose = Record<string, unknown>;

const DIGEST = "a".repeat(64);
const pinned = (repository: string) => `${repository}@sha256:${DIGEST}`;
const pinnedOnly = (stack: Loose) =>
  kubernetesProblems({
    target: "kubernetes",
    compute: { kubernetes: { allowTaggedImages: false } },
    ...stack,
  });
const DIGEST_EXAMPLE = "ghcr.io/org/api@sha256:<64 hex digits> (docker buildx imagetools inspect shows it)";

describe("kubernetes checks: reach", () => {
  it("checks kubernetes stacks only", () => {
    const stack = {
      preset: "prod",
      compute: { kubernetes: { allowTaggedImages: true } },
      services: [{ name: "api", image: "api:1", kubernetes: { livenessPath: "/healthz" } }],
    };
    assert.deepEqual(kubernetesProblems({ ...stack, target: "aws" }), []);
    assert.deepEqual(
      kubernetesProblems({ ...stack, target: "kubernetes" }).map((p) => p.setting),
      ["compute.kubernetes.allowTaggedImages", "services[0].kubernetes.livenessPath"],
    );
  });
});

describe("kubernetes checks: images pinned by digest", () => {
  it("knows a digest reference: a repository, @sha256: and 64 lower-case hex digits", () => {
    for (const reference of [
      pinned("ghcr.io/org/api"),
      pinned("api:1.2"),
      pinned("a"),
      `x@sha256:${"0123456789abcdef".repeat(4)}`,
    ]) {
      assert.equal(isDigestPinned(reference), true, reference);
    }
    for (const reference of [
      "ghcr.io/org/api:1.2",
      `api@sha256:${"a".repeat(63)}`,
      `api@sha256:${"a".repeat(65)}`,
      `api@sha256:${"A".repeat(64)}`,
      `api@sha256:${"g".repeat(64)}`,
      `api@sha512:${DIGEST}`,
      `@sha256:${DIGEST}`,
      `a@b@sha256:${DIGEST}`,
      `my api@sha256:${DIGEST}`,
      ` api@sha256:${DIGEST}`,
      `api@sha256:${DIGEST} `,
      `api@sha256:${DIGEST}\n`,
      `api@sha256${DIGEST}`,
      `api@sha256:${DIGEST}@sha256:${DIGEST}`,
    ]) {
      assert.equal(isDigestPinned(reference), false, JSON.stringify(reference));
    }
  });

  it("refuses tagged images in a prod stack, and allows them in another", () => {
    const allow = (preset: string) =>
      kubernetesProblems({
        target: "kubernetes",
        preset,
        compute: { kubernetes: { allowTaggedImages: true } },
      });
    assert.deepEqual(allow("prod"), [
      {
        setting: "compute.kubernetes.allowTaggedImages",
        expected: "false in a prod stack (a re-pushed tag would change what production runs)",
        found: "true",
      },
    ]);
    assert.deepEqual(allow("dev"), []);
  });

  it("wants each service's image pinned while tags are not allowed", () => {
    const services = [
      { name: "api", image: "ghcr.io/org/api:1" },
      { name: "worker", image: pinned("ghcr.io/org/worker") },
      { name: "built", build: { context: "." } },
      { name: "odd", image: 5 },
      { name: "web", image: "web:2" },
    ];
    const problem = (i: number, name: string, found: string) => ({
      setting: `services[${i}].image`,
      expected: `an image pinned by digest for service ${name}, such as ${DIGEST_EXAMPLE}, while compute.kubernetes.allowTaggedImages is false`,
      found,
    });
    assert.deepEqual(pinnedOnly({ services }), [
      problem(0, "api", '"ghcr.io/org/api:1"'),
      problem(4, "web", '"web:2"'),
    ]);
    const unset = { target: "kubernetes", services, compute: { kubernetes: {} } };
    assert.deepEqual(kubernetesProblems(unset), []);
    assert.deepEqual(
      kubernetesProblems({ ...unset, compute: { kubernetes: { allowTaggedImages: "false" } } }),
      [],
    );
  });

  it("wants the front end's image pinned while tags are not allowed", () => {
    assert.deepEqual(pinnedOnly({ cdn: { kubernetes: { image: "site:1" } } }), [
      {
        setting: "cdn.kubernetes.image",
        expected: `an image pinned by digest for the front end, such as ${DIGEST_EXAMPLE}, while compute.kubernetes.allowTaggedImages is false`,
        found: '"site:1"',
      },
    ]);
    assert.deepEqual(pinnedOnly({ cdn: { kubernetes: { image: pinned("site") } } }), []);
    assert.deepEqual(pinnedOnly({ cdn: { kubernetes: {} } }), []);
    assert.deepEqual(pinnedOnly({ cdn: { kubernetes: { image: 1 } } }), []);
  });
});

describe("kubernetes checks: data images pinned by digest", () => {
  const expected = (role: string, example: string) =>
    `an image pinned by digest for ${role}, such as ${example}@sha256:<64 hex digits> (crane digest or docker buildx imagetools inspect shows it), while compute.kubernetes.allowTaggedImages is false`;

  it("wants the database server's image pinned, and takes the engine's pinned default", () => {
    const database = (kubernetes: Loose, engine = "postgres", mode = "managed") =>
      pinnedOnly({ database: { mode, engine, kubernetes } });
    assert.deepEqual(database({ image: "postgres:16" }), [
      {
        setting: "database.kubernetes.image",
        expected: expected("the database server and its dump CronJob", "postgres:16"),
        found: '"postgres:16"',
      },
    ]);
    // The example keeps the repository and tag, dropping a digest that is not a full one.
    assert.equal(
      database({ image: "postgres:16@sha256:abc" })[0]?.expected,
      expected("the database server and its dump CronJob", "postgres:16"),
    );
    // Only a digest that ends the reference is dropped; a reference over two lines is shown as written.
    assert.equal(
      database({ image: "postgres:16@x\ny" })[0]?.expected,
      expected("the database server and its dump CronJob", "postgres:16@x\ny"),
    );
    assert.deepEqual(database({ image: pinned("postgres:16") }), []);
    assert.deepEqual(database({}), []);
    assert.deepEqual(database({}, "mysql"), []);
    assert.deepEqual(database({}, "oracle"), []);
    assert.deepEqual(database({ image: "postgres:16" }, "postgres", "external"), []);
    assert.deepEqual(pinnedOnly({ database: { mode: "managed", engine: "postgres", kubernetes: "x" } }), []);
  });

  it("reports an engine's default that has no digest, naming the default", () => {
    const postgres = ENGINES.postgres as { image: string };
    const saved = postgres.image;
    postgres.image = "postgres:16.4";
    try {
      assert.deepEqual(pinnedOnly({ database: { mode: "managed", engine: "postgres" } }), [
        {
          setting: "database.kubernetes.image",
          expected: expected("the database server and its dump CronJob", "postgres:16.4"),
          found: 'nothing (the default "postgres:16.4" has no digest)',
        },
      ]);
    } finally {
      postgres.image = saved;
    }
  });

  it("wants the CloudNativePG operand pinned, which has no default here", () => {
    const operand = (cloudnativePg: unknown) =>
      pinnedOnly({
        database: {
          mode: "managed",
          engine: "postgres",
          kubernetes: { operator: "cloudnative-pg", image: "ignored:1", cloudnativePg },
        },
      });
    assert.deepEqual(operand({ image: "ghcr.io/cloudnative-pg/postgresql:16" }), [
      {
        setting: "database.kubernetes.cloudnativePg.image",
        expected: expected(
          "the CloudNativePG operand (ghcr.io/cloudnative-pg/postgresql)",
          "ghcr.io/cloudnative-pg/postgresql:16",
        ),
        found: '"ghcr.io/cloudnative-pg/postgresql:16"',
      },
    ]);
    assert.deepEqual(operand({ image: pinned("ghcr.io/cloudnative-pg/postgresql:16") }), []);
    assert.deepEqual(operand({}), []);
    assert.deepEqual(operand("x"), []);
  });

  it("wants the cache's image pinned, and takes the engine's pinned default", () => {
    const cache = (kubernetes: unknown, engine = "valkey", mode = "managed") =>
      pinnedOnly({ cache: { mode, engine, kubernetes } });
    assert.deepEqual(cache({ image: "valkey/valkey:8.0" }), [
      {
        setting: "cache.kubernetes.image",
        expected: expected("the cache and its Sentinels", "valkey/valkey:8.0"),
        found: '"valkey/valkey:8.0"',
      },
    ]);
    assert.deepEqual(cache({ image: pinned("valkey/valkey:8.0") }), []);
    assert.deepEqual(cache({}), []);
    assert.deepEqual(cache("x", "redis"), []);
    assert.deepEqual(cache({}, "memcached"), []);
    assert.deepEqual(cache({ image: "valkey/valkey:8.0" }, "valkey", "external"), []);
    const redis = CACHE_ENGINE_PROFILES.redis as { image: string };
    const saved = redis.image;
    redis.image = "redis:7.4";
    try {
      assert.deepEqual(cache({}, "redis"), [
        {
          setting: "cache.kubernetes.image",
          expected: expected("the cache and its Sentinels", "redis:7.4"),
          found: 'nothing (the default "redis:7.4" has no digest)',
        },
      ]);
    } finally {
      redis.image = saved;
    }
  });

  it("reports the services, the front end and the data images in that order", () => {
    const problems = pinnedOnly({
      services: [{ name: "api", image: "api:1" }],
      cdn: { kubernetes: { image: "site:1" } },
      database: { mode: "managed", engine: "postgres", kubernetes: { image: "postgres:16" } },
      cache: { mode: "managed", engine: "valkey", kubernetes: { image: "valkey:8" } },
    });
    assert.deepEqual(
      problems.map((p) => p.setting),
      ["services[0].image", "cdn.kubernetes.image", "database.kubernetes.image", "cache.kubernetes.image"],
    );
  });
});

describe("kubernetes checks: the front end's certificate in prod", () => {
  const tls = (stack: Loose) =>
    kubernetesProblems({
      target: "kubernetes",
      preset: "prod",
      cdn: { domain: "www.example.org" },
      ...stack,
    });

  it("needs a TLS Secret or a cluster issuer for the domain", () => {
    assert.deepEqual(tls({}), [
      {
        setting: "cdn.kubernetes.tlsSecretName",
        expected:
          "an existing TLS Secret for www.example.org, or compute.kubernetes.tls.clusterIssuer for cert-manager to issue one (a prod site is served over HTTPS only)",
        found: "neither",
      },
    ]);
    assert.deepEqual(
      tls({ cdn: { domain: "www.example.org", kubernetes: { tlsSecretName: "site-tls" } } }),
      [],
    );
    assert.deepEqual(tls({ compute: { kubernetes: { tls: { clusterIssuer: "letsencrypt" } } } }), []);
    assert.equal(tls({ compute: { kubernetes: { tls: { secretName: "api-tls" } } } }).length, 1);
  });

  it("asks only in prod, and only for a domain", () => {
    assert.deepEqual(tls({ preset: "dev" }), []);
    assert.deepEqual(tls({ cdn: {} }), []);
    assert.deepEqual(tls({ cdn: { domain: 5 } }), []);
  });
});

describe("kubernetes checks: egress to external backing layers", () => {
  const egress = (stack: Loose) => kubernetesProblems({ target: "kubernetes", ...stack });
  const services = [
    { name: "web" },
    { name: "api", uses: ["cache", "database"] },
    { name: "jobs", uses: ["database"] },
  ];

  it("needs the addresses of an external layer that a service uses", () => {
    assert.deepEqual(egress({ services, database: { mode: "external" }, cache: { mode: "external" } }), [
      {
        setting: "kubernetes.egress.database",
        expected:
          "the CIDR blocks and ports of the external database (api uses it, and the namespace denies any other egress)",
        found: "nothing",
      },
      {
        setting: "kubernetes.egress.cache",
        expected:
          "the CIDR blocks and ports of the external cache (api uses it, and the namespace denies any other egress)",
        found: "nothing",
      },
    ]);
  });

  it("asks nothing for a managed layer, an unused one, or one with its egress", () => {
    assert.deepEqual(egress({ services, database: { mode: "managed" } }), []);
    assert.deepEqual(
      egress({ services: [{ name: "web", uses: "database" }], database: { mode: "external" } }),
      [],
    );
    assert.deepEqual(egress({ services: [{ name: "web" }], database: { mode: "external" } }), []);
    assert.deepEqual(
      egress({
        services,
        database: { mode: "external" },
        kubernetes: { egress: { database: { cidrs: [] } } },
      }),
      [],
    );
    assert.equal(
      egress({ services, database: { mode: "external" }, kubernetes: { egress: { cache: {} } } }).length,
      1,
    );
  });
});

describe("kubernetes checks: liveness and readiness", () => {
  const probes = (service: Loose) =>
    kubernetesProblems({ target: "kubernetes", services: [{ name: "api", ...service }] });
  const problem = (readiness: string, found: string) => [
    {
      setting: "services[0].kubernetes.livenessPath",
      expected: `a path other than healthCheckPath ${readiness} (the same probe for liveness and readiness restarts pods that are only unready), or nothing for a TCP check`,
      found,
    },
  ];

  it("refuses liveness on the readiness path, /healthz by default", () => {
    assert.deepEqual(probes({ kubernetes: { livenessPath: "/healthz" } }), problem("/healthz", '"/healthz"'));
    assert.deepEqual(
      probes({ healthCheckPath: "/ready", kubernetes: { livenessPath: "/ready" } }),
      problem("/ready", '"/ready"'),
    );
  });

  it("accepts another path, or none", () => {
    assert.deepEqual(probes({ kubernetes: { livenessPath: "/live" } }), []);
    assert.deepEqual(probes({ healthCheckPath: "/ready", kubernetes: { livenessPath: "/healthz" } }), []);
    assert.deepEqual(probes({ kubernetes: {} }), []);
    assert.deepEqual(probes({}), []);
  });
});
