import { isPlainObject } from "./merge";
import { describeFound, type ConfigProblem } from "./problems";
import { awsBackupSchedule } from "../components/database/backup-schedule";
import { ENGINES } from "../components/database/engines";
import { kubernetesDatabaseProblems } from "./data-kubernetes-checks";
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
  problems.push(...restoreProblems(db));
  if (stack.target === "aws") {
    problems.push(...awsDatabaseProblems(db));
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
  if (stack.target === "kubernetes") {
    problems.push(
      ...kubernetesDatabaseProblems(stack, db, (setting, name) => secretProblem(stack, setting, name)),
    );
  }
  return problems;
}

/** The managed Aurora cluster's own rules: its version, its users and its backup plan. */
function awsDatabaseProblems(db: Loose): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Stryker disable next-line ConditionalExpression,StringLiteral: Aurora MySQL never pins a minor (pinsMinor is false), so dropping mysql changes nothing
  const engine = db.engine === "postgres" || db.engine === "mysql" ? ENGINES[db.engine] : undefined;
  if (engine && typeof db.engineVersion === "string" && engine.pinsMinor(db.engineVersion)) {
    problems.push({
      setting: "database.engineVersion",
      expected: `the major version only, such as ${engine.defaultVersion} (AWS upgrades the minor itself, and RDS refuses the downgrade a minor pin would then ask for)`,
      found: describeFound(db.engineVersion),
    });
  }
  if (typeof db.appUsername === "string" && db.appUsername === db.username) {
    problems.push({
      setting: "database.appUsername",
      expected: `a user other than the master user database.username (${db.username}): services never log in as the master`,
      found: describeFound(db.appUsername),
    });
  }
  const backup = sectionOf(db.backup);
  if (typeof db.drRegion === "string" && typeof backup.schedule === "string") {
    const schedule = awsBackupSchedule(backup.schedule);
    if ("problem" in schedule) {
      problems.push({
        setting: "database.backup.schedule",
        expected: `a schedule AWS Backup can run: ${schedule.problem}`,
        found: describeFound(backup.schedule),
      });
    }
  }
  return problems;
}

function restoreProblems(db: Loose): ConfigProblem[] {
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
  return [];
}

/** Rules of `cache.*` that span settings. */
export function cacheProblems(stack: Loose): ConfigProblem[] {
  const cache = sectionOf(stack.cache);
  const database = sectionOf(stack.database);
  const keyProblems: ConfigProblem[] =
    cache.keyFromDatabase === true && cache.mode === "managed" && database.mode !== "managed"
      ? [
          {
            setting: "cache.keyFromDatabase",
            expected: "false unless database.mode is managed (only a managed database has a key to share)",
            found: "true",
          },
        ]
      : [];
  return [...keyProblems, ...cacheModeProblems(stack, cache)];
}

function cacheModeProblems(stack: Loose, cache: Loose): ConfigProblem[] {
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
  const onKubernetes = sectionOf(cache.kubernetes);
  const replicas = onKubernetes.replicas;
  if (
    stack.target === "kubernetes" &&
    onKubernetes.sentinel === true &&
    typeof replicas === "number" &&
    replicas < 2
  ) {
    return [
      {
        setting: "cache.kubernetes.replicas",
        expected:
          "at least 2 with cache.kubernetes.sentinel (three Sentinels, one a pod, decide a failover by a majority of two)",
        found: String(replicas),
      },
    ];
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
