import assert from "node:assert/strict";
import { databaseSection, dailyWindow, secretName } from "../../stacks/schema/database";
import { cacheSection } from "../../stacks/schema/cache";
import { assertSetting, issueMessages, problemsAt, shapeOf } from "../support/schema-cases";

const database = databaseSection.shape;
const cache = cacheSection.shape;
const VOLUME = {
  good: ["5Gi", "10Mi", "1Ti", "100Gi"],
  bad: ["5G", "Gi", "5gi", "5 Gi", "5Gix", "x5Gi", "5Pi", "5.5Gi", ""],
};

describe("the database and cache settings (stacks/schema/database.ts, cache.ts)", () => {
  it("a daily window is hh:mm-hh:mm in UTC, from 00:00 to 23:59", () => {
    assertSetting(dailyWindow, {
      phrase: "a daily UTC window hh:mm-hh:mm such as 03:00-04:00",
      good: ["00:00-23:59", "03:00-04:00", "19:30-20:00", "20:00-21:09", "09:59-10:00"],
      bad: [
        "24:00-01:00",
        "3:00-04:00",
        "03:60-04:00",
        "03:00-24:00",
        "03:00-04:60",
        "03:00 04:00",
        "x03:00-04:00",
        "03:00-04:00x",
        "30:00-04:00",
        "03:00-30:00",
        "23:00-2a:00",
        "0a:00-01:00",
        "03:0a-04:00",
        "03:00-04:0a",
        "03:00",
      ],
    });
    assert.deepEqual(issueMessages(database.backup.shape.window, "03:00-04:00"), []);
    assert.deepEqual(issueMessages(cache.snapshotWindow, "3-4"), [
      "a daily UTC window hh:mm-hh:mm such as 03:00-04:00",
    ]);
  });

  it("a stack secret's name starts with a letter, then letters, digits and '_'", () => {
    assertSetting(secretName, {
      phrase: "the name of a stack secret (secrets.<name>)",
      good: ["a", "Z", "db_Url9"],
      bad: ["", "9a", "_a", "a-b", "a b", "a!"],
    });
  });

  it("the database's names, users and size follow RDS's rules", () => {
    assertSetting(database.mode, {
      phrase: "one of managed, external",
      good: ["managed", "external"],
      bad: ["aurora"],
    });
    assertSetting(database.engine, {
      phrase: "one of postgres, mysql",
      good: ["postgres", "mysql"],
      bad: ["sqlite"],
    });
    assertSetting(database.engineVersion, {
      phrase: "an engine version",
      good: [undefined, "16"],
      bad: [""],
    });
    assertSetting(database.allowMajorVersionUpgrade, { phrase: "true or false", good: [true], bad: [0] });
    assertSetting(database.name, {
      phrase: "a database name: a letter, then letters, digits or '_'",
      good: ["a", "App_1", `a${"b".repeat(62)}`],
      bad: [`a${"b".repeat(63)}`, "1a", "a-b", "", "_a", "a b"],
    });
    for (const user of [database.username, database.appUsername]) {
      assertSetting(user, {
        phrase: "a user name of at most 16 letters, digits or '_'",
        good: ["a", "strata_app", `a${"b".repeat(15)}`],
        bad: [`a${"b".repeat(16)}`, "1a", "a-b", "", "_a"],
      });
    }
    assertSetting(database.instanceClass, {
      phrase: "an RDS instance class such as db.r6g.large, or db.serverless",
      good: ["db.serverless", "db.r6g.large", "db.t4g.medium", "db.x2g.16xlarge"],
      bad: [
        "db.r6g",
        "r6g.large",
        "db.R6g.large",
        "db.r6g.large.x",
        "xdb.serverless",
        "db.serverlessx",
        "db..large",
        "dbxr6g.large",
        "db.r6g.",
        "db.r6g.lar-ge",
      ],
    });
    const serverless = shapeOf(database.serverless);
    assertSetting(serverless.minCapacity, {
      phrase: "a capacity from 0 to 256 ACUs in steps of 0.5",
      good: [0, 0.5, 1, 255.5, 256],
      bad: [-0.5, 256.5, 0.25, "1"],
    });
    assertSetting(serverless.maxCapacity, {
      phrase: "a capacity from 1 to 256 ACUs in steps of 0.5",
      good: [1, 1.5, 256],
      bad: [0.5, 256.5, 1.25, "2"],
    });
    assertSetting(database.readers, { phrase: "a whole number from 0 to 15", good: [0, 15], bad: [-1, 16] });
  });

  it("backups: retention, window, schedule, backtrack, protection and the copy region", () => {
    const backup = database.backup.shape;
    assertSetting(backup.retentionDays, {
      phrase: "a whole number from 1 to 35",
      good: [1, 35],
      bad: [0, 36],
    });
    assertSetting(backup.schedule, {
      phrase: "a cron schedule of five fields such as 0 3 * * *",
      good: ["0 3 * * *", "0  3 * * 1-5", "*/15 * * * *"],
      bad: ["0 3 * *", "0 3 * * * *", " 0 3 * * *", "0 3 * * * ", "03***", ""],
    });
    assertSetting(database.backtrackHours, {
      phrase: "a whole number from 0 to 72",
      good: [undefined, 0, 72],
      bad: [-1, 73],
    });
    assertSetting(database.deletionProtection, { phrase: "true or false", good: [false], bad: ["no"] });
    assertSetting(database.finalSnapshot, { phrase: "true or false", good: [true], bad: ["no"] });
    assertSetting(database.drRegion, {
      phrase: "an AWS region such as eu-central-1",
      good: [undefined, "eu-central-1", "us-gov-east-1", "us-isob-east-1", "us-iso-west-1"],
      bad: [
        "eu-central",
        "eu-central-12",
        "EU-central-1",
        "xeu-central-1",
        "eu-central-1x",
        "us-isobc-east-1",
        "e-central-1",
        "eu-central-x",
        "eu-cen7ral-1",
      ],
    });
    assertSetting(database.urlSecret, {
      phrase: "the name of a stack secret (secrets.<name>)",
      good: ["dbUrl"],
      bad: ["db-url"],
    });
  });

  it("a restore names a snapshot or a point in time of a source cluster", () => {
    const restore = shapeOf(database.restore);
    assertSetting(restore.snapshot, {
      phrase: "a snapshot identifier, ARN or backup file name",
      good: ["snap-1"],
      bad: [""],
    });
    const pointInTime = shapeOf(restore.pointInTime);
    assertSetting(pointInTime.sourceCluster, {
      phrase: "an Aurora cluster identifier or ARN, or a CloudNativePG Cluster name",
      good: ["database"],
      bad: ["", undefined],
    });
    assertSetting(pointInTime.time, {
      phrase: "a UTC time such as 2026-11-20T03:15:00Z",
      good: [undefined, "2026-11-20T03:15:00Z"],
      bad: [
        "2026-11-20T03:15:00",
        "2026-11-20 03:15:00Z",
        "26-11-20T03:15:00Z",
        "2026-11-20T03:15:00Zx",
        "x2026-11-20T03:15:00Z",
        "2026-1-20T03:15:00Z",
        "2026-11-2T03:15:00Z",
        "2026-11-20T3:15:00Z",
        "2026-11-20T03:5:00Z",
        "2026-11-20T03:15:0Z",
        "20261-11-20T03:15:00Z",
        "2026-11-20T03:15:00.5Z",
        "abcd-11-20T03:15:00Z",
      ],
    });
  });

  it("the database on kubernetes: image, volume, requests and the operator's cluster", () => {
    const kubernetes = database.kubernetes.shape;
    assertSetting(kubernetes.image, {
      phrase: "a container image reference",
      good: [undefined, "postgres:16.4"],
      bad: [""],
    });
    assertSetting(kubernetes.storageSize, { phrase: "a volume size such as 20Gi", ...VOLUME });
    assertSetting(kubernetes.cpu, {
      phrase: "a CPU quantity such as 500m",
      good: ["1", "12", "250m", "0.5", "1.25m", "10.05"],
      bad: ["m", "1.", "0.5x", ".5", "a1", "1mm", "1.m", "1 m", "", "x1"],
    });
    assertSetting(kubernetes.memory, {
      phrase: "a memory quantity such as 1Gi",
      good: ["1Gi", "512Mi", "16Gi"],
      bad: ["1Ti", "1G", "Gi", "1gi", "x1Gi", "1Gix", "1.5Gi"],
    });
    assertSetting(kubernetes.operator, {
      phrase: "one of none, cloudnative-pg",
      good: ["none", "cloudnative-pg"],
      bad: ["cnpg"],
    });
    const cnpg = kubernetes.cloudnativePg.shape;
    assertSetting(cnpg.instances, { phrase: "a whole number from 1 to 9", good: [1, 9], bad: [0, 10] });
    assertSetting(cnpg.image, {
      phrase: "a container image reference such as ghcr.io/cloudnative-pg/postgresql:16.4",
      good: ["ghcr.io/cloudnative-pg/postgresql:16.4"],
      bad: [""],
    });
    assert.match(issueMessages(cnpg.operatorNamespace, "CNPG")[0], /^a DNS label/);
    const apiServer = shapeOf(cnpg.apiServer);
    assertSetting(apiServer.cidrs, {
      phrase: "at least one CIDR block",
      good: [["10.0.0.1/32"], ["10.0.0.0/8", "0.0.0.0/0"]],
      bad: [[]],
    });
    assert.match(issueMessages(apiServer.cidrs, ["10.0.0.1/8"])[0], /^an IPv4 CIDR block from \/0 to \/32/);
    assertSetting(apiServer.port, { phrase: "a whole number from 1 to 65535", good: [443], bad: [0, 65536] });
    assertSetting(cnpg.serviceAccountAnnotations, {
      phrase: "an annotation value",
      good: [undefined, { a: "" }],
      bad: [{ a: 1 }],
    });
  });

  it("logical backups on kubernetes go to a volume or to S3-compatible storage, reached as the stack says", () => {
    const backup = database.kubernetes.shape.backup.shape;
    assertSetting(backup.storage, { phrase: "one of volume, s3", good: ["volume", "s3"], bad: ["S3"] });
    assertSetting(backup.volumeSize, { phrase: "a volume size such as 20Gi", ...VOLUME });
    assertSetting(backup.acceptOnClusterBackups, { phrase: "true or false", good: [true], bad: ["yes"] });
    const s3 = shapeOf(backup.s3);
    assertSetting(s3.endpoint, {
      phrase: "an http(s) URL without a path such as https://minio.example.org",
      good: ["https://minio.example.org", "http://10.0.0.1:9000", "https://x/"],
      bad: [
        "ftp://x",
        "https://",
        "https://x/path",
        "https://a b",
        "xhttps://x",
        "https//x",
        "https://x//",
        "https:/x",
        "htps://x",
        "https://x/ ",
      ],
    });
    assertSetting(s3.bucket, {
      phrase: "an S3 bucket name of 3 to 63 lower-case letters, digits, '.' or '-'",
      good: ["abc", "a.b-c", "0a9", `a${"b".repeat(61)}c`],
      bad: ["ab", `a${"b".repeat(62)}c`, "-ab", "ab-", ".ab", "ab.", "Abc", "a_b", "aBc", "a b"],
    });
    for (const key of [s3.accessKeySecret, s3.secretKeySecret]) {
      assertSetting(key, {
        phrase: "the name of a stack secret (secrets.<name>)",
        good: [undefined, "backupKey"],
        bad: ["backup-key"],
      });
    }
    const egress = shapeOf(s3.egress);
    assertSetting(egress.anyAddress, { phrase: "true or false", good: [undefined, true], bad: ["true"] });
    assert.deepEqual(issueMessages(egress.to, { cidrs: ["52.0.0.0/8"], port: 443 }), []);
    assert.deepEqual(issueMessages(egress.to, { cidrs: [], port: 443 }), ["at least one CIDR block"]);
  });

  it("the cache: engine, node type, replicas, snapshots and its auth token", () => {
    assertSetting(cache.mode, { phrase: "one of managed, external", good: ["external"], bad: ["self"] });
    assertSetting(cache.engine, {
      phrase: "one of valkey, redis",
      good: ["valkey", "redis"],
      bad: ["memcached"],
    });
    assertSetting(cache.engineVersion, { phrase: "an engine version", good: [undefined, "8.0"], bad: [""] });
    assertSetting(cache.nodeType, {
      phrase: "an ElastiCache node type such as cache.t4g.small",
      good: ["cache.t4g.small", "cache.m7g.large", "cache.r7g.12xlarge"],
      bad: [
        "cache.t4g",
        "t4g.small",
        "cache.T4g.small",
        "xcache.t4g.small",
        "cache.t4g.small.x",
        "cache..small",
        "cache.t4g.",
        "cachext4g.small",
        "cache.t4g.sm-all",
        "cache.t4g.small ",
      ],
    });
    assertSetting(cache.replicas, { phrase: "a whole number from 0 to 5", good: [0, 5], bad: [-1, 6] });
    assertSetting(cache.failover, { phrase: "true or false", good: [true], bad: ["on"] });
    assertSetting(cache.snapshotRetentionDays, {
      phrase: "a whole number from 0 to 35",
      good: [0, 35],
      bad: [-1, 36],
    });
    assertSetting(cache.authTokenGeneration, {
      phrase: "a whole number from 1 to 1000000",
      good: [1, 1_000_000],
      bad: [0, 1_000_001],
    });
    assertSetting(cache.authTokenUpdateStrategy, {
      phrase: "one of ROTATE, SET",
      good: ["ROTATE", "SET"],
      bad: ["rotate"],
    });
    assertSetting(cache.urlSecret, {
      phrase: "the name of a stack secret (secrets.<name>)",
      good: [undefined, "cacheUrl"],
      bad: ["cache url"],
    });
    const kubernetes = cache.kubernetes.shape;
    assertSetting(kubernetes.image, {
      phrase: "a container image reference",
      good: [undefined, "valkey/valkey:8.0"],
      bad: [""],
    });
    assertSetting(kubernetes.storageSize, { phrase: "a volume size such as 5Gi", ...VOLUME });
    assertSetting(kubernetes.memory, {
      phrase: "a memory quantity such as 512Mi",
      good: ["512Mi", "1Gi"],
      bad: ["1Ti", "512M", "Mi", "x1Gi", "1Gix", "1.5Gi"],
    });
    assertSetting(kubernetes.sentinel, { phrase: "true or false", good: [false], bad: [1] });
    assertSetting(kubernetes.replicas, { phrase: "a whole number from 0 to 5", good: [0, 5], bad: [-1, 6] });
  });

  it("a stack file's bad data value is reported with its setting and what was found", () => {
    assert.deepEqual(problemsAt("dev", { override: { cache: { replicas: 6 } } }, "cache"), [
      { setting: "cache.replicas", expected: "a whole number from 0 to 5", found: "6" },
    ]);
  });
});
