import assert from "node:assert/strict";
import { cacheProblems, databaseProblems } from "../../stacks/data-checks";

// The data layer's rules that span settings (stacks/data-checks.ts), called on a merged stack: each problem
// in full, each condition of a compound rule alone, and the nearest valid input across each limit.

type Loose = Record<string, unknown>;

const database = (db: Loose, extra: Loose = {}) => databaseProblems({ database: db, ...extra });
const onAws = (db: Loose, extra: Loose = {}) =>
  databaseProblems({ target: "aws", aws: { region: "eu-west-1" }, database: db, ...extra });

describe("data checks: the database on any target", () => {
  it("refuses backtrack on postgres, and only a positive number of hours", () => {
    assert.deepEqual(database({ engine: "postgres", backtrackHours: 1 }), [
      {
        setting: "database.backtrackHours",
        expected: "0 or nothing (backtrack exists only for Aurora MySQL; database.engine is postgres)",
        found: "1",
      },
    ]);
    assert.deepEqual(database({ engine: "postgres", backtrackHours: 0 }), []);
    assert.deepEqual(database({ engine: "postgres", backtrackHours: "1" }), []);
    assert.deepEqual(database({ engine: "mysql", backtrackHours: 1 }), []);
  });

  it("needs the URL secret of an external database, set as a stack secret", () => {
    assert.deepEqual(database({ mode: "external", engine: "postgres", backtrackHours: 2 }), [
      {
        setting: "database.backtrackHours",
        expected: "0 or nothing (backtrack exists only for Aurora MySQL; database.engine is postgres)",
        found: "2",
      },
      {
        setting: "database.urlSecret",
        expected: "the stack secret holding the URL of the external database",
        found: "nothing",
      },
    ]);
    assert.deepEqual(database({ mode: "external", urlSecret: "dbUrl" }), [
      {
        setting: "database.urlSecret",
        expected: "the name of a secret set with pulumi config set --secret --path secrets.dbUrl",
        found: '"dbUrl"',
      },
    ]);
    assert.deepEqual(database({ mode: "external", urlSecret: "dbUrl" }, { secrets: { dbUrl: "x" } }), []);
    assert.deepEqual(database({ mode: "external", urlSecret: "dbUrl" }, { secrets: "dbUrl" }).length, 1);
    assert.deepEqual(database({ mode: "external", urlSecret: 3 }), []);
  });

  it("checks nothing else of an external database", () => {
    const external = {
      mode: "external",
      urlSecret: "dbUrl",
      instanceClass: "db.serverless",
      restore: {},
      drRegion: "eu-west-1",
    };
    assert.deepEqual(onAws(external, { secrets: { dbUrl: "x" }, protect: true }), []);
  });

  it("needs the capacities of a serverless instance class", () => {
    assert.deepEqual(database({ instanceClass: "db.serverless" }), [
      {
        setting: "database.serverless",
        expected: "minCapacity and maxCapacity when database.instanceClass is db.serverless",
        found: "nothing",
      },
    ]);
    assert.deepEqual(
      database({ instanceClass: "db.serverless", serverless: { minCapacity: 1, maxCapacity: 2 } }),
      [],
    );
    assert.deepEqual(database({ instanceClass: "db.r6g.large" }), []);
  });

  it("refuses a minimum capacity above the maximum, and accepts them equal", () => {
    const capacity = (minCapacity: unknown, maxCapacity: unknown) =>
      database({ serverless: { minCapacity, maxCapacity } });
    assert.deepEqual(capacity(2.5, 2), [
      {
        setting: "database.serverless.minCapacity",
        expected: "at most database.serverless.maxCapacity (2)",
        found: "2.5",
      },
    ]);
    assert.deepEqual(capacity(2, 2), []);
    assert.deepEqual(capacity(1.5, 2), []);
    assert.deepEqual(capacity("3", 2), []);
    assert.deepEqual(capacity(3, "2"), []);
    assert.deepEqual(capacity(3, undefined), []);
  });

  it("allows 0 ACU only on engine versions that can pause", () => {
    const zero = (engine: unknown, engineVersion?: unknown) =>
      database({ engine, engineVersion, serverless: { minCapacity: 0, maxCapacity: 4 } });
    const problem = (version: string) => [
      {
        setting: "database.serverless.minCapacity",
        expected: `0.5 or more with engine version ${version} (0 ACU needs Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3, 17.4 or later, or Aurora MySQL 3.08.0 or later)`,
        found: "0",
      },
    ];
    assert.deepEqual(zero("postgres", "16.2"), problem("16.2"));
    assert.deepEqual(zero("postgres", "16.3"), []);
    assert.deepEqual(zero("postgres", "12"), problem("12"));
    assert.deepEqual(zero("mysql", "8.0.mysql_aurora.3.07.1"), problem("8.0.mysql_aurora.3.07.1"));
    assert.deepEqual(zero("mysql", "8.0.mysql_aurora.3.08.0"), []);
    // A version that is not text is the schema's to report; the engine's default can pause.
    assert.deepEqual(zero("postgres"), []);
    assert.deepEqual(zero("postgres", 16.2), []);
    assert.deepEqual(zero("mysql"), []);
    assert.deepEqual(zero("oracle", "12"), []);
    assert.deepEqual(
      database({ engine: "postgres", engineVersion: "12", serverless: { minCapacity: 0.5, maxCapacity: 4 } }),
      [],
    );
  });

  it("restores from exactly one of a snapshot and a point in time", () => {
    const restore = (value: unknown) => database({ restore: value });
    const problem = (found: string) => [
      { setting: "database.restore", expected: "exactly one of snapshot and pointInTime", found },
    ];
    assert.deepEqual(restore({}), problem("neither"));
    assert.deepEqual(restore({ snapshot: "s", pointInTime: { time: "t" } }), problem("both"));
    assert.deepEqual(restore({ snapshot: "s" }), []);
    assert.deepEqual(restore({ pointInTime: { time: "t" } }), []);
    assert.deepEqual(restore("snapshot"), []);
  });
});

describe("data checks: the database on aws", () => {
  it("wants the major version of postgres only", () => {
    assert.deepEqual(onAws({ engine: "postgres", engineVersion: "16.4", drRegion: "eu-central-1" }), [
      {
        setting: "database.engineVersion",
        expected:
          "the major version only, such as 16 (AWS upgrades the minor itself, and RDS refuses the downgrade a minor pin would then ask for)",
        found: '"16.4"',
      },
    ]);
    assert.deepEqual(onAws({ engine: "postgres", engineVersion: "16" }), []);
    assert.deepEqual(onAws({ engine: "mysql", engineVersion: "8.0.mysql_aurora.3.08.0" }), []);
    assert.deepEqual(onAws({ engine: "oracle", engineVersion: "16.4" }), []);
    // An engine named like a property of every object is the schema's to report, not a crash.
    assert.deepEqual(onAws({ engine: "constructor", engineVersion: "16.4" }), []);
    assert.deepEqual(onAws({ engine: "postgres", engineVersion: 16.4 }), []);
    assert.deepEqual(database({ engine: "postgres", engineVersion: "16.4" }), []);
  });

  it("refuses services logging in as the master user", () => {
    assert.deepEqual(onAws({ username: "admin", appUsername: "admin" }), [
      {
        setting: "database.appUsername",
        expected:
          "a user other than the master user database.username (admin): services never log in as the master",
        found: '"admin"',
      },
    ]);
    assert.deepEqual(onAws({ username: "admin", appUsername: "app" }), []);
    assert.deepEqual(onAws({ username: 1, appUsername: 1 }), []);
    assert.deepEqual(database({ username: "admin", appUsername: "admin" }), []);
  });

  it("checks the backup schedule that copies go by, when there is a second region", () => {
    const scheduled = (schedule: unknown, drRegion: unknown = "eu-central-1") =>
      onAws({ drRegion, backup: { schedule } });
    assert.deepEqual(scheduled("*/5 3 * * *"), [
      {
        setting: "database.backup.schedule",
        expected:
          "a schedule AWS Backup can run: one minute from 0 to 59 (AWS Backup runs a plan at most once an hour)",
        found: '"*/5 3 * * *"',
      },
    ]);
    assert.deepEqual(scheduled("0 3 * * *"), []);
    assert.deepEqual(onAws({ backup: { schedule: "*/5 3 * * *" } }), []);
    assert.deepEqual(scheduled("*/5 3 * * *", 5), []);
    assert.deepEqual(scheduled(5), []);
    assert.deepEqual(onAws({ drRegion: "eu-central-1", backup: "*/5 3 * * *" }), []);
  });

  it("wants the second region to be another region", () => {
    assert.deepEqual(onAws({ drRegion: "eu-west-1" }), [
      {
        setting: "database.drRegion",
        expected: "a region other than aws.region (eu-west-1)",
        found: '"eu-west-1"',
      },
    ]);
    assert.deepEqual(onAws({ drRegion: "eu-central-1" }), []);
    assert.deepEqual(databaseProblems({ target: "aws", database: { drRegion: "eu-west-1" } }), []);
    assert.deepEqual(database({ drRegion: "eu-west-1" }, { aws: { region: "eu-west-1" } }), []);
  });

  it("needs a second region when the stack is protected", () => {
    assert.deepEqual(onAws({}, { protect: true }), [
      {
        setting: "database.drRegion",
        expected:
          "a second AWS region for copies of the backups (protect is true: data must survive a region's loss)",
        found: "nothing",
      },
    ]);
    assert.deepEqual(onAws({ drRegion: "eu-central-1" }, { protect: true }), []);
    assert.deepEqual(onAws({}, { protect: false }), []);
    assert.deepEqual(database({}, { protect: true }), []);
  });
});

describe("data checks: the database on kubernetes", () => {
  it("runs the kubernetes rules there only, with the stack's secrets", () => {
    const db = {
      kubernetes: { backup: { storage: "s3", s3: { accessKeySecret: "ak", secretKeySecret: "sk" } } },
    };
    assert.deepEqual(databaseProblems({ target: "kubernetes", secrets: { ak: "1" }, database: db }), [
      {
        setting: "database.kubernetes.backup.s3.secretKeySecret",
        expected: "the name of a secret set with pulumi config set --secret --path secrets.sk",
        found: '"sk"',
      },
    ]);
    assert.deepEqual(databaseProblems({ target: "aws", aws: { region: "eu-west-1" }, database: db }), []);
  });
});

describe("data checks: the cache", () => {
  it("needs the URL secret of an external cache, set as a stack secret", () => {
    assert.deepEqual(cacheProblems({ cache: { mode: "external" } }), [
      {
        setting: "cache.urlSecret",
        expected: "the stack secret holding the URL of the external cache",
        found: "nothing",
      },
    ]);
    assert.deepEqual(cacheProblems({ cache: { mode: "external", urlSecret: "cacheUrl" } }), [
      {
        setting: "cache.urlSecret",
        expected: "the name of a secret set with pulumi config set --secret --path secrets.cacheUrl",
        found: '"cacheUrl"',
      },
    ]);
    assert.deepEqual(
      cacheProblems({ secrets: { cacheUrl: "x" }, cache: { mode: "external", urlSecret: "cacheUrl" } }),
      [],
    );
    assert.deepEqual(
      cacheProblems({
        cache: { mode: "external", urlSecret: "u", failover: true, replicas: 0 },
        secrets: { u: 1 },
      }),
      [],
    );
  });

  it("needs two replicas for Sentinel on kubernetes", () => {
    const sentinel = (replicas: unknown, extra: Loose = {}) =>
      cacheProblems({ target: "kubernetes", cache: { kubernetes: { sentinel: true, replicas, ...extra } } });
    assert.deepEqual(sentinel(1), [
      {
        setting: "cache.kubernetes.replicas",
        expected:
          "at least 2 with cache.kubernetes.sentinel (three Sentinels, one a pod, decide a failover by a majority of two)",
        found: "1",
      },
    ]);
    assert.deepEqual(sentinel(2), []);
    assert.deepEqual(sentinel("1"), []);
    assert.deepEqual(sentinel(1, { sentinel: false }), []);
    assert.deepEqual(sentinel(1, { sentinel: "true" }), []);
    assert.deepEqual(
      cacheProblems({ target: "aws", cache: { kubernetes: { sentinel: true, replicas: 1 } } }),
      [],
    );
  });

  it("needs a replica to fail over to", () => {
    assert.deepEqual(cacheProblems({ cache: { failover: true, replicas: 0 } }), [
      {
        setting: "cache.replicas",
        expected: "at least 1 when cache.failover is true (failover promotes a replica)",
        found: "0",
      },
    ]);
    assert.deepEqual(cacheProblems({ cache: { failover: true, replicas: 1 } }), []);
    assert.deepEqual(cacheProblems({ cache: { failover: false, replicas: 0 } }), []);
    assert.deepEqual(cacheProblems({ cache: { failover: "true", replicas: 0 } }), []);
    assert.deepEqual(cacheProblems({}), []);
  });
});
