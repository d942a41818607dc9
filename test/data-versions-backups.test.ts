import assert from "node:assert/strict";
import { byType, configErrorOf, findResource, runStack, type Graph } from "./support/harness";
import { inputsOf } from "./data-support";
import { awsBackupSchedule } from "../components/database/backup-schedule";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const PLAN = "aws:backup/plan:Plan";

function problemsOf(error: { problems: readonly { setting: string; expected: string }[] }, setting: string) {
  return error.problems.filter((p) => p.setting === setting);
}

describe("engine versions on aws: automatic minor upgrades never meet a pinned minor", () => {
  let prod: Graph;
  before(async () => {
    prod = await runStack("prod", { target: "aws" });
  });

  it("asks for the PostgreSQL major only, while AWS upgrades the minor, and pins nothing on the instances", () => {
    const cluster = inputsOf(findResource(prod, CLUSTER, "database-cluster"));
    const instances = byType(prod, INSTANCE).map(inputsOf);
    assert.ok(instances.every((i) => i.autoMinorVersionUpgrade === true)); // CKV_AWS_226
    // A version with a minor is one AWS's next minor upgrade leaves behind: the plan after it is a downgrade.
    assert.match(cluster.engineVersion, /^\d+$/);
    assert.deepEqual(
      instances.map((i) => i.engineVersion),
      instances.map(() => undefined),
    );
    assert.equal(cluster.allowMajorVersionUpgrade, false, "a major upgrade is asked for, never implied");
  });

  it("refuses a PostgreSQL minor pin with one clear problem, before anything is registered", async () => {
    const { error, graph } = await configErrorOf("prod", {
      target: "aws",
      override: { database: { engineVersion: "16.4" } },
    });
    assert.deepEqual(
      graph.resources.filter((r) => r.custom),
      [],
    );
    assert.deepEqual(problemsOf(error, "database.engineVersion"), [
      {
        setting: "database.engineVersion",
        expected:
          "the major version only, such as 16 (AWS upgrades the minor itself, and RDS refuses the downgrade a minor pin would then ask for)",
        found: '"16.4"',
      },
    ]);
  });

  it("upgrades the major in place when the stack allows it: a new parameter group family beside the old", async () => {
    const upgraded = await runStack("prod", {
      target: "aws",
      override: { database: { engineVersion: "17", allowMajorVersionUpgrade: true } },
    });
    const cluster = findResource(upgraded, CLUSTER, "database-cluster");
    assert.equal(inputsOf(cluster).engineVersion, "17");
    assert.equal(inputsOf(cluster).allowMajorVersionUpgrade, true);
    // Same cluster (same name and identifier): an in-place modification, not a replacement.
    assert.equal(inputsOf(cluster).clusterIdentifier, "strata-prod-database");
    const groups = (graph: Graph) =>
      byType(graph, "aws:rds/clusterParameterGroup:ClusterParameterGroup").map((g) => [
        inputsOf(g).name,
        inputsOf(g).family,
      ]);
    // The family is in the group's physical name, so the new group is created before the old one is deleted.
    assert.deepEqual(groups(prod), [["strata-prod-database-aurora-postgresql16", "aurora-postgresql16"]]);
    assert.deepEqual(groups(upgraded), [["strata-prod-database-aurora-postgresql17", "aurora-postgresql17"]]);
    assert.equal(inputsOf(cluster).dbClusterParameterGroupName, "strata-prod-database-aurora-postgresql17");
  });

  it("refuses an application user that is the master user", async () => {
    const { error } = await configErrorOf("dev", {
      target: "aws",
      override: { database: { appUsername: "strata" } },
    });
    assert.deepEqual(problemsOf(error, "database.appUsername"), [
      {
        setting: "database.appUsername",
        expected:
          "a user other than the master user database.username (strata): services never log in as the master",
        found: '"strata"',
      },
    ]);
  });
});

describe("the AWS Backup plan follows database.backup.schedule", () => {
  const ruleOf = (graph: Graph) => inputsOf(findResource(graph, PLAN, "database-backup-plan")).rules[0];

  it("runs the preset's schedule and a stack's own, in AWS Backup's form", async () => {
    const preset = await runStack("prod", { target: "aws" });
    assert.equal(ruleOf(preset).schedule, "cron(0 3 * * ? *)");
    const weekly = await runStack("prod", {
      target: "aws",
      override: { database: { backup: { schedule: "30 2 * * SUN" } } },
    });
    assert.equal(ruleOf(weekly).schedule, "cron(30 2 ? * SUN *)");
  });

  it("reports a schedule AWS Backup cannot run as one problem naming the setting", async () => {
    for (const [schedule, reason] of [
      ["*/15 * * * *", /at most once an hour/],
      ["0 3 * * 1", /names such as MON-FRI/],
      ["0 3 1 * MON", /not both/],
    ] as const) {
      const { error } = await configErrorOf("prod", {
        target: "aws",
        override: { database: { backup: { schedule } } },
      });
      const problems = problemsOf(error, "database.backup.schedule");
      assert.equal(problems.length, 1, schedule);
      assert.match(problems[0]!.expected, reason);
    }
  });

  it("checks the schedule only where AWS Backup runs it: a stack without drRegion, or kubernetes, keeps cron's numbered days", async () => {
    await runStack("dev", { target: "aws", override: { database: { backup: { schedule: "0 3 * * 1" } } } });
    await runStack("prod", {
      target: "kubernetes",
      override: { database: { backup: { schedule: "0 3 * * 1" } } },
    });
  });

  it("converts every daily and weekly schedule it accepts to six fields with exactly one '?' day", () => {
    for (let minute = 0; minute < 60; minute += 7) {
      for (const hour of ["0", "13", "*", "1-5", "*/6"]) {
        for (const [dayOfMonth, dayOfWeek] of [
          ["*", "*"],
          ["1", "*"],
          ["*", "MON-FRI"],
          ["*", "SUN,SAT"],
        ]) {
          const result = awsBackupSchedule(`${minute} ${hour} ${dayOfMonth} * ${dayOfWeek}`);
          assert.ok("expression" in result);
          const fields = result.expression.replace(/^cron\((.*)\)$/, "$1").split(" ");
          assert.equal(fields.length, 6);
          assert.equal([fields[2], fields[4]].filter((f) => f === "?").length, 1);
          assert.deepEqual([fields[0], fields[1], fields[3], fields[5]], [String(minute), hour, "*", "*"]);
        }
      }
    }
  });
});
