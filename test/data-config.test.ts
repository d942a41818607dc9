import assert from "node:assert/strict";
import { configErrorOf } from "./support/harness";
import { databaseProblems } from "../stacks/data-checks";

/** The problem a stack reports for one setting, after checking that nothing was registered. */
async function problemAt(
  stack: string,
  setting: string,
  override: Record<string, unknown>,
  target?: "aws" | "kubernetes",
) {
  const { error, graph } = await configErrorOf(stack, { override, target });
  const registered = graph.resources.filter((r) => r.custom);
  assert.deepEqual(registered, [], "validation fails before any resource is registered");
  const problem = error.problems.find((p) => p.setting === setting);
  assert.ok(problem, `no problem for ${setting}: ${error.message}`);
  return problem;
}

describe("data settings: each bad value gets one clear problem", () => {
  it("rejects a backup retention of 0 days", async () => {
    assert.deepEqual(
      await problemAt("dev", "database.backup.retentionDays", { database: { backup: { retentionDays: 0 } } }),
      { setting: "database.backup.retentionDays", expected: "a whole number from 1 to 35", found: "0" },
    );
  });

  it("rejects a backup retention of 40 days", async () => {
    assert.deepEqual(
      await problemAt("prod", "database.backup.retentionDays", {
        database: { backup: { retentionDays: 40 } },
      }),
      { setting: "database.backup.retentionDays", expected: "a whole number from 1 to 35", found: "40" },
    );
  });

  it("rejects backtrack on PostgreSQL", async () => {
    assert.deepEqual(
      await problemAt("prod", "database.backtrackHours", {
        database: { engine: "postgres", backtrackHours: 24 },
      }),
      {
        setting: "database.backtrackHours",
        expected: "0 or nothing (backtrack exists only for Aurora MySQL; database.engine is postgres)",
        found: "24",
      },
    );
  });

  it("rejects an unknown database engine and an unknown cache engine", async () => {
    const { error } = await configErrorOf("dev", {
      override: { database: { engine: "oracle" }, cache: { engine: "memcached" } },
    });
    assert.deepEqual(
      error.problems.filter((p) => p.setting.endsWith(".engine")),
      [
        { setting: "database.engine", expected: "one of postgres, mysql", found: '"oracle"' },
        { setting: "cache.engine", expected: "one of valkey, redis", found: '"memcached"' },
      ],
    );
  });

  it("reports every data problem at once", async () => {
    const { error } = await configErrorOf("prod", {
      override: {
        database: { backup: { retentionDays: 0, window: "3am" }, readers: 20, drRegion: "eu-west-1" },
        cache: { replicas: 0, snapshotRetentionDays: 36 },
      },
    });
    assert.deepEqual(error.problems.map((p) => p.setting).sort(), [
      "cache.replicas",
      "cache.snapshotRetentionDays",
      "database.backup.retentionDays",
      "database.backup.window",
      "database.drRegion",
      "database.readers",
    ]);
  });

  it("requires a second region for backup copies when the stack is protected on aws", async () => {
    const { error } = await configErrorOf("dev", {
      override: {
        protect: true,
        aws: { natStrategy: "perZone" },
        observability: { alertEmails: ["ops@example.org"] },
      },
    });
    assert.deepEqual(
      error.problems.map((p) => p.setting),
      ["database.drRegion"],
    );
    assert.match(error.problems[0].expected, /^a second AWS region/);
  });

  it("shares the database's key with the cache only when there is a managed database", async () => {
    const { error } = await configErrorOf("dev", {
      override: { database: { mode: "external", urlSecret: "dbUrl" }, secrets: { dbUrl: "postgres://x" } },
    });
    const problem = error.problems.find((p) => p.setting === "cache.keyFromDatabase");
    assert.ok(problem, error.message);
    assert.equal(
      problem.expected,
      "false unless database.mode is managed (only a managed database has a key to share)",
    );
    assert.equal(problem.found, "true");
  });

  it("requires the Serverless v2 capacity with db.serverless, and min at most max", async () => {
    // Both presets give a capacity; the rule holds for a merged stack without one.
    const missing = databaseProblems({ database: { mode: "managed", instanceClass: "db.serverless" } });
    assert.equal(missing.find((p) => p.setting === "database.serverless")?.found, "nothing");
    const problem = await problemAt("dev", "database.serverless.minCapacity", {
      database: { serverless: { minCapacity: 4, maxCapacity: 2 } },
    });
    assert.equal(problem.expected, "at most database.serverless.maxCapacity (2)");
  });

  it("requires exactly one well-formed restore source, and no point in time on kubernetes", async () => {
    const both = { snapshot: "snap-1", pointInTime: { sourceCluster: "old" } };
    assert.equal((await problemAt("dev", "database.restore", { database: { restore: both } })).found, "both");
    assert.equal(
      (await problemAt("dev", "database.restore", { database: { restore: {} } })).found,
      "neither",
    );
    const pointInTime = { database: { restore: { pointInTime: { sourceCluster: "old" } } } };
    const onKubernetes = await problemAt("dev", "database.restore.pointInTime", pointInTime, "kubernetes");
    assert.match(onKubernetes.expected, /^nothing without database.kubernetes.operator cloudnative-pg/);
    const badTime = await problemAt("dev", "database.restore.pointInTime.time", {
      database: { restore: { pointInTime: { sourceCluster: "old", time: "yesterday" } } },
    });
    assert.equal(badTime.expected, "a UTC time such as 2026-11-20T03:15:00Z");
  });

  it("requires the URL secret in external mode, and that it exists", async () => {
    assert.equal(
      (await problemAt("dev", "database.urlSecret", { database: { mode: "external" } })).found,
      "nothing",
    );
    assert.equal(
      (await problemAt("dev", "cache.urlSecret", { cache: { mode: "external", urlSecret: "CACHE_URL" } }))
        .found,
      '"CACHE_URL"',
    );
  });

  it("requires a replica for cache failover", async () => {
    assert.deepEqual(await problemAt("dev", "cache.replicas", { cache: { failover: true, replicas: 0 } }), {
      setting: "cache.replicas",
      expected: "at least 1 when cache.failover is true (failover promotes a replica)",
      found: "0",
    });
  });

  it("requires S3 settings for S3 backups on kubernetes", async () => {
    const override = { database: { kubernetes: { backup: { storage: "s3" } } } };
    assert.equal(
      (await problemAt("dev", "database.kubernetes.backup.s3", override, "kubernetes")).found,
      "nothing",
    );
  });
});
