import assert from "node:assert/strict";
import { byType, findResource, runStack, type Graph } from "./support/harness";
import { inputsOf } from "./data-support";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const POLICY = "aws:iam/rolePolicy:RolePolicy";
const CLUSTER = "aws:rds/cluster:Cluster";
const SECRET = "aws:secretsmanager/secret:Secret";
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

/** RDS names the secrets it manages (the master user's) `rds!<kind>-<id>`: any reference to one is a reference to it. */
const RDS_MANAGED_SECRET = /:secret:rds!/;

interface Container {
  name: string;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
}

function containers(graph: Graph): Container[] {
  return byType(graph, TASK).flatMap(
    (t) => JSON.parse(inputsOf(t).containerDefinitions as string) as Container[],
  );
}

function env(container: Container): Record<string, string> {
  return Object.fromEntries((container.environment ?? []).map((e) => [e.name, e.value]));
}

type Statement = { Sid?: string; Action: string | string[]; Resource: string | string[] };

function statementsOf(graph: Graph, name: string): Statement[] {
  return (
    JSON.parse(inputsOf(findResource(graph, POLICY, name)).policy as string) as { Statement: Statement[] }
  ).Statement;
}

/** Everything a service's task may read or do: its container secrets and every statement of its roles' policies. */
function serviceReach(graph: Graph): string {
  const policies = byType(graph, POLICY)
    .filter((p) => p.name.startsWith("compute-"))
    .map((p) => inputsOf(p).policy as string);
  return JSON.stringify([containers(graph).map((c) => c.secrets ?? []), policies]);
}

for (const stack of ["dev", "prod"] as const) {
  describe(`database credentials on aws (${stack}): a rotation cannot break a running service`, () => {
    let graph: Graph;
    before(async () => {
      graph = await runStack(stack, { target: "aws" });
    });

    it("keeps the RDS-managed master secret for administrators: no task secret and no service role names it", () => {
      // The master secret still exists (RDS rotates it weekly); nothing a service runs with can read it.
      assert.equal(inputsOf(findResource(graph, CLUSTER, "database-cluster")).manageMasterUserPassword, true);
      assert.ok(containers(graph).length > 0, "the stack runs services");
      assert.doesNotMatch(serviceReach(graph), RDS_MANAGED_SECRET);
    });

    it("logs every service that uses the database in as the application user with IAM authentication", () => {
      const cluster = inputsOf(findResource(graph, CLUSTER, "database-cluster"));
      assert.equal(cluster.iamDatabaseAuthenticationEnabled, true);
      const users = byType(graph, TASK).map((task) => {
        const [container] = JSON.parse(inputsOf(task).containerDefinitions as string) as Container[];
        return [task.name, env(container!).DATABASE_USER, env(container!).DATABASE_AUTH];
      });
      assert.deepEqual(users, [
        ["compute-api", "strata_app", "iam"],
        ["compute-worker", "strata_app", "iam"],
      ]);
      assert.notEqual(cluster.masterUsername, "strata_app", "the services never log in as the master user");
      for (const service of ["api", "worker"]) {
        const login = statementsOf(graph, `compute-${service}-task`).filter((s) =>
          [s.Action].flat().includes("rds-db:connect"),
        );
        assert.equal(login.length, 1, `${service} may connect`);
        assert.deepEqual(
          [login[0]!.Resource].flat().map((arn) => arn.replace(/dbuser:[^/]+\//, "dbuser:<cluster>/")),
          [`arn:aws:rds-db:eu-west-1:123456789012:dbuser:<cluster>/strata_app`],
        );
      }
      // No password of the database reaches a service: nothing for a rotation to change under it.
      for (const container of containers(graph)) {
        assert.deepEqual(
          (container.secrets ?? []).filter((s) => s.name.startsWith("DATABASE_")),
          [],
          container.name,
        );
      }
    });

    it("keeps the cache's auth token under a customer key (dev: the database's, cache.keyFromDatabase), readable by the cache's users only", () => {
      const secret = inputsOf(findResource(graph, SECRET, "cache-auth-token-secret"));
      const key = stack === "dev" ? "database-key" : "cache-key";
      assert.equal(secret.kmsKeyId, `arn:aws:kms:eu-west-1:123456789012:${key}`); // CKV_AWS_149
      assert.equal(
        byType(graph, "aws:kms/key:Key").filter((k) => k.name === "cache-key").length,
        stack === "dev" ? 0 : 1,
      );
      const reading = byType(graph, POLICY)
        .filter((p) => (inputsOf(p).policy as string).includes("cache-auth-token-secret"))
        .map((p) => p.name);
      assert.deepEqual(reading, ["compute-api-execution"], "only api uses the cache");
      const decrypting = byType(graph, POLICY)
        .filter((p) => (inputsOf(p).policy as string).includes(secret.kmsKeyId))
        .map((p) => p.name);
      assert.ok(decrypting.includes("compute-api-execution"), "api decrypts the token");
      assert.equal(
        inputsOf(findResource(graph, GROUP, "cache-replication-group")).authTokenUpdateStrategy,
        "ROTATE",
      );
    });
  });
}

describe("rotating the cache's auth token without an outage", () => {
  it("a new generation makes a new token that ROTATE adds beside the old one, and rolls the services onto it", async () => {
    const first = await runStack("dev", { target: "aws" });
    const second = await runStack("dev", { target: "aws", override: { cache: { authTokenGeneration: 2 } } });
    const password = (graph: Graph) =>
      inputsOf(findResource(graph, "random:index/randomPassword:RandomPassword", "cache-auth-token"));
    // Generation 1 has no keeper, so a stack built before generations existed keeps its token.
    assert.equal(password(first).keepers, undefined);
    assert.deepEqual(password(second).keepers, { generation: "2" });
    assert.equal(
      inputsOf(findResource(second, GROUP, "cache-replication-group")).authTokenUpdateStrategy,
      "ROTATE",
    );
    // The new token reaches the secret, and the services, only after ElastiCache accepts it.
    const group = findResource(second, GROUP, "cache-replication-group");
    const stored = findResource(
      second,
      "aws:secretsmanager/secretVersion:SecretVersion",
      "cache-auth-token-value",
    );
    assert.ok(stored.dependsOn.includes(group.urn));
    // The task definition of the cache's user changes, so ECS replaces its tasks; the worker's does not.
    const apiEnv = (graph: Graph) => env(containers(graph).find((c) => c.name === "api")!);
    assert.equal(apiEnv(first).CACHE_AUTH_TOKEN_GENERATION, "1");
    assert.equal(apiEnv(second).CACHE_AUTH_TOKEN_GENERATION, "2");
    const worker = (graph: Graph) => containers(graph).find((c) => c.name === "worker");
    assert.deepEqual(worker(first), worker(second));
  });

  it("SET, once the services run the new token, makes ElastiCache drop the old one", async () => {
    const graph = await runStack("prod", {
      target: "aws",
      override: { cache: { authTokenGeneration: 2, authTokenUpdateStrategy: "SET" } },
    });
    assert.equal(
      inputsOf(findResource(graph, GROUP, "cache-replication-group")).authTokenUpdateStrategy,
      "SET",
    );
  });
});
