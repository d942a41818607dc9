import { isPlainObject } from "./merge";
import { describeFound, type ConfigProblem } from "./problems";
import { supportsAutoPause } from "../components/database/serverless-scaling";

type Loose = Record<string, unknown>;

function sectionOf(value: unknown): Loose {
  return isPlainObject(value) ? value : {};
}

/** A stack secret the data layer reads by name must exist in `secrets`. */
function secretProblem(stack: Loose, setting: string, name: unknown): ConfigProblem[] {
  if (typeof name !== "string" || name in sectionOf(stack.secrets)) return [];
  return [
    {
      setting,
      expected: `the name of a secret set with pulumi config set --secret --path secrets.${name}`,
      found: describeFound(name),
    },
  ];
}

/** Rules of `database.*` that span settings; each looks only at values of the right type. */
export function databaseProblems(stack: Loose): ConfigProblem[] {
  const db = sectionOf(stack.database);
  const aws = sectionOf(stack.aws);
  const problems: ConfigProblem[] = [];
  if (db.engine === "postgres" && typeof db.backtrackHours === "number" && db.backtrackHours > 0) {
    problems.push({
      setting: "database.backtrackHours",
      expected: "0 or nothing (backtrack exists only for Aurora MySQL; database.engine is postgres)",
      found: String(db.backtrackHours),
    });
  }
  if (db.mode === "external") {
    if (db.urlSecret === undefined) {
      problems.push({
        setting: "database.urlSecret",
        expected: "the stack secret holding the URL of the external database",
        found: "nothing",
      });
    }
    return [...problems, ...secretProblem(stack, "database.urlSecret", db.urlSecret)];
  }
  const serverless = sectionOf(db.serverless);
  if (db.instanceClass === "db.serverless" && db.serverless === undefined) {
    problems.push({
      setting: "database.serverless",
      expected: "minCapacity and maxCapacity when database.instanceClass is db.serverless",
      found: "nothing",
    });
  }
  if (
    typeof serverless.minCapacity === "number" &&
    typeof serverless.maxCapacity === "number" &&
    serverless.minCapacity > serverless.maxCapacity
  ) {
    problems.push({
      setting: "database.serverless.minCapacity",
      expected: `at most database.serverless.maxCapacity (${serverless.maxCapacity})`,
      found: String(serverless.minCapacity),
    });
  }
  if (
    serverless.minCapacity === 0 &&
    (db.engine === "postgres" || db.engine === "mysql") &&
    !supportsAutoPause(db.engine, typeof db.engineVersion === "string" ? db.engineVersion : undefined)
  ) {
    problems.push({
      setting: "database.serverless.minCapacity",
      expected: `0.5 or more with engine version ${String(db.engineVersion)} (0 ACU needs Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3, 17.4 or later, or Aurora MySQL 3.08.0 or later)`,
      found: "0",
    });
  }
  problems.push(...restoreProblems(stack.target, db));
  if (stack.target === "aws") {
    if (typeof db.drRegion === "string" && db.drRegion === aws.region) {
      problems.push({
        setting: "database.drRegion",
        expected: `a region other than aws.region (${String(aws.region)})`,
        found: describeFound(db.drRegion),
      });
    }
    if (stack.protect === true && db.drRegion === undefined) {
      problems.push({
        setting: "database.drRegion",
        expected:
          "a second AWS region for copies of the backups (protect is true: data must survive a region's loss)",
        found: "nothing",
      });
    }
  }
  if (stack.target === "kubernetes") problems.push(...kubernetesBackupProblems(stack, db));
  return problems;
}

function restoreProblems(target: unknown, db: Loose): ConfigProblem[] {
  if (!isPlainObject(db.restore)) return [];
  const { snapshot, pointInTime } = db.restore;
  if ((snapshot === undefined) === (pointInTime === undefined)) {
    return [
      {
        setting: "database.restore",
        expected: "exactly one of snapshot and pointInTime",
        found: snapshot === undefined ? "neither" : "both",
      },
    ];
  }
  if (target !== "kubernetes") return [];
  if (pointInTime !== undefined) {
    return [
      {
        setting: "database.restore.pointInTime",
        expected: "nothing on kubernetes (restore a backup file with database.restore.snapshot)",
        found: "a map",
      },
    ];
  }
  const backup = sectionOf(sectionOf(db.kubernetes).backup);
  if (backup.storage === "s3") {
    return [
      {
        setting: "database.restore.snapshot",
        expected:
          "a restore from the backup volume (database.kubernetes.backup.storage volume); copy the file from S3 into it first",
        found: "storage s3",
      },
    ];
  }
  return [];
}

function kubernetesBackupProblems(stack: Loose, db: Loose): ConfigProblem[] {
  const backup = sectionOf(sectionOf(db.kubernetes).backup);
  if (backup.storage !== "s3") return [];
  if (backup.s3 === undefined) {
    return [
      {
        setting: "database.kubernetes.backup.s3",
        expected: "endpoint, bucket, accessKeySecret and secretKeySecret when storage is s3",
        found: "nothing",
      },
    ];
  }
  const s3 = sectionOf(backup.s3);
  return [
    ...secretProblem(stack, "database.kubernetes.backup.s3.accessKeySecret", s3.accessKeySecret),
    ...secretProblem(stack, "database.kubernetes.backup.s3.secretKeySecret", s3.secretKeySecret),
  ];
}

/** Rules of `cache.*` that span settings. */
export function cacheProblems(stack: Loose): ConfigProblem[] {
  const cache = sectionOf(stack.cache);
  if (cache.mode === "external") {
    if (cache.urlSecret === undefined) {
      return [
        {
          setting: "cache.urlSecret",
          expected: "the stack secret holding the URL of the external cache",
          found: "nothing",
        },
      ];
    }
    return secretProblem(stack, "cache.urlSecret", cache.urlSecret);
  }
  if (cache.failover === true && cache.replicas === 0) {
    return [
      {
        setting: "cache.replicas",
        expected: "at least 1 when cache.failover is true (failover promotes a replica)",
        found: "0",
      },
    ];
  }
  return [];
}
