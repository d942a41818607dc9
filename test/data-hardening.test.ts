import assert from "node:assert/strict";
import { byType, findResource, runStack, type Graph } from "./support/harness";
import { inputsOf } from "./data-support";

const KEY = "aws:kms/key:Key";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const ROLE = "aws:iam/role:Role";

describe("data layer hardening on aws (what Checkov asks of prod)", () => {
  let prod: Graph;
  before(async () => {
    prod = await runStack("prod", { target: "aws", override: { database: { engine: "postgres" } } });
  });

  it("gives the database, disaster-recovery and cache keys an explicit policy that keeps the account in control (CKV2_AWS_64)", () => {
    for (const name of ["database-key", "database-dr-key", "cache-key"]) {
      const policy = JSON.parse(inputsOf(findResource(prod, KEY, name)).policy as string);
      assert.deepEqual(
        policy.Statement.find((s: { Sid: string }) => s.Sid === "AccountAdministers"),
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Action: "kms:*",
          Resource: "*",
        },
        name,
      );
    }
    // Every key of the stack, not only these three, has a policy of its own.
    assert.deepEqual(
      byType(prod, KEY)
        .filter((k) => typeof inputsOf(k).policy !== "string")
        .map((k) => k.name),
      [],
    );
  });

  it("samples every instance's operating system each minute through a role only RDS for this account may assume (CKV_AWS_118)", () => {
    const role = findResource(prod, ROLE, "database-monitoring-role");
    const trust = JSON.parse(inputsOf(role).assumeRolePolicy as string);
    assert.deepEqual(trust.Statement, [
      {
        Effect: "Allow",
        Principal: { Service: "monitoring.rds.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    const attachment = findResource(
      prod,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "database-monitoring-role-policy",
    );
    assert.equal(
      inputsOf(attachment).policyArn,
      "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    );
    const instances = byType(prod, INSTANCE).map(inputsOf);
    // Every instance, the writer and prod's reader (database.readers: 1).
    assert.equal(instances.length, 2);
    for (const instance of instances) {
      assert.ok([1, 5, 10, 15, 30, 60].includes(instance.monitoringInterval), "Checkov's accepted intervals");
      assert.equal(instance.monitoringRoleArn, "arn:aws:iam:eu-west-1:123456789012:database-monitoring-role");
    }
  });

  it("logs PostgreSQL's schema changes and slow statements, and exports the log (CKV2_AWS_27)", () => {
    const group = inputsOf(
      findResource(prod, "aws:rds/clusterParameterGroup:ClusterParameterGroup", "database-parameters"),
    );
    const value = (name: string) =>
      (group.parameters as { name: string; value: string }[]).find((p) => p.name === name)?.value;
    assert.equal(value("log_statement"), "ddl");
    assert.ok(Number(value("log_min_duration_statement")) > 0, "slow statements, not every statement");
    assert.equal(
      inputsOf(findResource(prod, "aws:rds/cluster:Cluster", "database-cluster")).dbClusterParameterGroupName,
      group.name,
    );
  });
});
