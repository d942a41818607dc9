import assert from "node:assert/strict";
import { configErrorOf, runStack } from "./support/harness";

/** The problems a kubernetes stack reports, after checking that nothing was registered. */
async function problemsOf(
  stack: string,
  override: Record<string, unknown>,
  secretKeys?: string[],
  remove: string[] = [],
) {
  const { error, graph } = await configErrorOf(stack, { target: "kubernetes", override, secretKeys, remove });
  assert.deepEqual(
    graph.resources.filter((r) => r.custom),
    [],
    "validation fails before any resource is registered",
  );
  return error.problems;
}

const S3 = {
  endpoint: "https://minio.example.org",
  bucket: "strata-backups",
  accessKeySecret: "BACKUP_ACCESS_KEY",
  secretKeySecret: "BACKUP_SECRET_KEY",
  // Merged over Pulumi.prod.yaml's `anyAddress: true`, which it turns off.
  egress: { anyAddress: false, to: { cidrs: ["192.0.2.10/32"], port: 443 } },
};
const KEYS = { BACKUP_ACCESS_KEY: "AKIAOFFLINEEXAMPLE", BACKUP_SECRET_KEY: "offline-secret" };
const NO_OPERATOR = { operator: "none" };
/** Pulumi.prod.yaml's object store, removed where a test needs none at all. */
const PROD_S3 = ["database.kubernetes.backup.s3"];

describe("data settings on kubernetes: each bad value gets one clear problem", () => {
  it("refuses on-cluster backups in a protected stack unless the user accepts them in so many words", async () => {
    const override = { database: { kubernetes: { ...NO_OPERATOR, backup: { storage: "volume" } } } };
    assert.deepEqual(await problemsOf("prod", override), [
      {
        setting: "database.kubernetes.backup.storage",
        expected:
          "s3 (protect is true: backups must survive the cluster), or acceptOnClusterBackups true to keep them on a volume of this cluster",
        found: '"volume"',
      },
    ]);
    const accepted = {
      database: {
        kubernetes: { ...NO_OPERATOR, backup: { storage: "volume", acceptOnClusterBackups: true } },
      },
    };
    await runStack("prod", { target: "kubernetes", override: accepted });
    // dev is not protected: a volume is its preset.
    await runStack("dev", { target: "kubernetes" });
  });

  it("defaults prod without the operator to object storage, which needs its settings", async () => {
    const problems = await problemsOf("prod", { database: { kubernetes: NO_OPERATOR } }, [], PROD_S3);
    assert.deepEqual(
      problems.map((p) => [p.setting, p.found]),
      [["database.kubernetes.backup.s3", "nothing"]],
    );
    assert.match(problems[0].expected, /or storage volume with acceptOnClusterBackups true/);
  });

  it("requires keys for the dump CronJob's uploads, both of them, and that they exist", async () => {
    const keyless = { ...S3, accessKeySecret: undefined, secretKeySecret: undefined };
    const none = await problemsOf("prod", {
      database: { kubernetes: { ...NO_OPERATOR, backup: { s3: keyless } } },
    });
    assert.deepEqual(
      none.map((p) => p.setting),
      ["database.kubernetes.backup.s3.accessKeySecret"],
    );
    assert.match(none[0].expected, /keyless access needs operator cloudnative-pg/);
    const one = await problemsOf(
      "prod",
      {
        secrets: KEYS,
        database: { kubernetes: { ...NO_OPERATOR, backup: { s3: { ...S3, secretKeySecret: undefined } } } },
      },
      ["secrets"],
    );
    assert.deepEqual(one, [
      {
        setting: "database.kubernetes.backup.s3.secretKeySecret",
        expected: "set together with the other key secret (both or neither)",
        found: "nothing",
      },
    ]);
    const missing = await problemsOf("prod", {
      database: { kubernetes: { ...NO_OPERATOR, backup: { s3: S3 } } },
    });
    assert.deepEqual(
      missing.map((p) => [p.setting, p.found]),
      [
        ["database.kubernetes.backup.s3.accessKeySecret", '"BACKUP_ACCESS_KEY"'],
        ["database.kubernetes.backup.s3.secretKeySecret", '"BACKUP_SECRET_KEY"'],
      ],
    );
  });

  it("requires exactly one way out to the object store", async () => {
    const neither = await problemsOf(
      "prod",
      {
        secrets: KEYS,
        database: { kubernetes: { backup: { s3: { ...S3, egress: { anyAddress: false } } } } },
      },
      ["secrets"],
    );
    assert.deepEqual(neither, [
      {
        setting: "database.kubernetes.backup.s3.egress",
        expected: "exactly one of to (the endpoint's cidrs and port) and anyAddress true",
        found: "neither",
      },
    ]);
    const both = await problemsOf("prod", {
      database: {
        kubernetes: {
          backup: { s3: { egress: { anyAddress: true, to: { cidrs: ["192.0.2.0/24"], port: 443 } } } },
        },
      },
    });
    assert.deepEqual(both, [
      {
        setting: "database.kubernetes.backup.s3.egress",
        expected: "exactly one of to (the endpoint's cidrs and port) and anyAddress true",
        found: "both",
      },
    ]);
    const badCidr = await problemsOf("prod", {
      database: {
        kubernetes: {
          backup: {
            s3: { ...S3, egress: { anyAddress: false, to: { cidrs: ["192.0.2.1/24"], port: 443 } } },
          },
        },
      },
    });
    assert.deepEqual(
      badCidr.map((p) => p.setting).filter((s) => s.includes("egress")),
      ["database.kubernetes.backup.s3.egress.to.cidrs[0]"],
    );
  });

  it("runs CloudNativePG for PostgreSQL only, with object storage and the API server's addresses", async () => {
    const problems = await problemsOf("prod", {
      database: {
        engine: "mysql",
        kubernetes: {
          cloudnativePg: { apiServer: null },
          backup: { storage: "volume", acceptOnClusterBackups: true },
        },
      },
    });
    assert.deepEqual(
      problems.map((p) => [p.setting, p.found]),
      [
        ["database.kubernetes.cloudnativePg.apiServer", "null"],
        ["database.kubernetes.operator", '"cloudnative-pg"'],
        ["database.kubernetes.backup.storage", '"volume"'],
      ].filter(([setting]) => problems.some((p) => p.setting === setting)),
    );
    assert.deepEqual(problems.map((p) => p.setting).sort(), [
      "database.kubernetes.backup.storage",
      "database.kubernetes.cloudnativePg.apiServer",
      "database.kubernetes.operator",
    ]);
    const operator = problems.find((p) => p.setting === "database.kubernetes.operator")!;
    assert.equal(operator.expected, "none with database.engine mysql (CloudNativePG runs PostgreSQL only)");
  });

  it("takes a restore source in the operator's terms, and no point in time without it", async () => {
    const snapshot = await problemsOf("prod", {
      database: { restore: { snapshot: "app-20261120-030000.sql.gz" } },
    });
    assert.deepEqual(snapshot, [
      {
        setting: "database.restore.snapshot",
        expected: "<cluster>/<backup id> such as database/20261120T030000 (kubectl get backups)",
        found: '"app-20261120-030000.sql.gz"',
      },
    ]);
    const source = await problemsOf("prod", {
      database: { restore: { pointInTime: { sourceCluster: "Old_DB" } } },
    });
    assert.deepEqual(
      source.map((p) => [p.setting, p.found]),
      [["database.restore.pointInTime.sourceCluster", '"Old_DB"']],
    );
    const withoutOperator = await problemsOf("dev", {
      database: { restore: { pointInTime: { sourceCluster: "database" } } },
    });
    assert.match(withoutOperator[0].expected, /^nothing without database.kubernetes.operator cloudnative-pg/);
  });

  it("requires three Sentinels, hence two replicas, for the HA cache", async () => {
    assert.deepEqual(await problemsOf("prod", { cache: { kubernetes: { replicas: 1 } } }), [
      {
        setting: "cache.kubernetes.replicas",
        expected:
          "at least 2 with cache.kubernetes.sentinel (three Sentinels, one a pod, decide a failover by a majority of two)",
        found: "1",
      },
    ]);
  });
});
