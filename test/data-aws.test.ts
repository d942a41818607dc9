import assert from "node:assert/strict";
import { byType, childrenOf, findResource, runStack, type Graph } from "./support/harness";
import { inputsOf, leaks, secretValues } from "./data-support";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const KEY = "aws:kms/key:Key";

function cluster(graph: Graph) {
  return inputsOf(findResource(graph, CLUSTER, "database-cluster"));
}

/** The backup policy both presets must keep (issue 4): backups on, point-in-time restore, a week or more. */
function assertBackupPolicy(graph: Graph) {
  const inputs = cluster(graph);
  assert.ok(inputs.backupRetentionPeriod >= 7, "automated backups kept at least 7 days");
  assert.equal(
    inputs.deleteAutomatedBackups,
    false,
    "backups outlive the cluster: point-in-time restore stays possible",
  );
  assert.match(inputs.preferredBackupWindow, /^\d\d:\d\d-\d\d:\d\d$/);
  assert.equal(inputs.copyTagsToSnapshot, true); // CKV_AWS_313
}

describe("data on aws: dev", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("dev", { target: "aws" });
  });

  it("builds a Serverless v2 Aurora PostgreSQL cluster that pauses at 0 ACU when idle, unprotected", () => {
    const inputs = cluster(graph);
    assert.deepEqual(inputs.serverlessv2ScalingConfiguration, {
      minCapacity: 0,
      maxCapacity: 2,
      secondsUntilAutoPause: 300,
    });
    assert.equal(inputs.engine, "aurora-postgresql");
    assert.equal(inputs.deletionProtection, false);
    assert.equal(inputs.skipFinalSnapshot, true);
    const instances = byType(graph, INSTANCE);
    assert.deepEqual(
      instances.map((i) => [i.name, inputsOf(i).instanceClass]),
      [["database-instance-1", "db.serverless"]],
    );
    const stateful = [CLUSTER, REPLICATION_GROUP, KEY].flatMap((type) => byType(graph, type));
    assert.ok(
      stateful.every((r) => !r.protect && !r.retainOnDelete),
      "nothing protected in dev",
    );
  });

  it("keeps the backup policy", () => assertBackupPolicy(graph));

  it("makes no second-region copies in dev", () => {
    assert.deepEqual(byType(graph, "aws:backup/plan:Plan"), []);
    // No `aws-dr` provider: the only other one is observability's, for CloudFront's alarms in us-east-1.
    assert.deepEqual(
      byType(graph, "pulumi:providers:aws").map((p) => p.name),
      ["aws", "observability-us-east-1"],
    );
  });

  it("runs a one-node cache without failover, with a snapshot kept a day", () => {
    const group = inputsOf(findResource(graph, REPLICATION_GROUP, "cache-replication-group"));
    assert.equal(group.numCacheClusters, 1);
    assert.equal(group.automaticFailoverEnabled, false);
    assert.equal(group.multiAzEnabled, false);
    assert.equal(group.snapshotRetentionLimit, 1);
  });

  it("shows no secret value anywhere in the graph", () => {
    assert.deepEqual(leaks(graph, secretValues(graph)), []);
    assert.equal(secretValues(graph).length, 1, "the cache's auth token is the one generated secret on aws");
  });
});

describe("data on aws: prod", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("prod", { target: "aws" });
  });

  it("builds an encrypted, TLS-only, IAM-auth Aurora cluster whose password RDS manages", () => {
    const inputs = cluster(graph);
    const key = findResource(graph, KEY, "database-key");
    assert.equal(inputsOf(key).enableKeyRotation, true); // CKV_AWS_7
    assert.equal(inputs.storageEncrypted, true);
    assert.equal(inputs.kmsKeyId, `arn:aws:kms:eu-west-1:123456789012:database-key`); // CKV_AWS_327
    assert.equal(inputs.manageMasterUserPassword, true);
    assert.equal(inputs.masterPassword, undefined, "no password in the state");
    assert.equal(inputs.iamDatabaseAuthenticationEnabled, true); // CKV_AWS_162
    assert.equal(
      inputs.enableHttpEndpoint,
      true,
      "the Data API: how an administrator creates the application user",
    );
    assert.deepEqual(inputs.enabledCloudwatchLogsExports, ["postgresql"]); // CKV_AWS_324
    assert.equal(inputs.deletionProtection, true); // CKV_AWS_139
    assert.equal(inputs.skipFinalSnapshot, false);
    assert.equal(inputs.finalSnapshotIdentifier, "strata-prod-database-final");
    assert.equal(inputs.backupRetentionPeriod, 14);
    const parameters = inputsOf(
      findResource(graph, "aws:rds/clusterParameterGroup:ClusterParameterGroup", "database-parameters"),
    );
    assert.equal(parameters.family, "aurora-postgresql16");
    assert.deepEqual(
      parameters.parameters.find((p: { name: string }) => p.name === "rds.force_ssl"),
      { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
    );
  });

  it("keeps the backup policy", () => assertBackupPolicy(graph));

  it("places a writer and a reader in two zones, with Performance Insights", () => {
    const instances = byType(graph, INSTANCE).map(inputsOf);
    assert.deepEqual(
      instances.map((i) => [i.identifier, i.availabilityZone, i.promotionTier]),
      [
        ["strata-prod-database-1", "eu-west-1a", 0],
        ["strata-prod-database-2", "eu-west-1b", 1],
      ],
    );
    for (const instance of instances) {
      assert.equal(instance.performanceInsightsEnabled, true); // CKV_AWS_353
      assert.equal(instance.autoMinorVersionUpgrade, true); // CKV_AWS_226
      assert.equal(instance.publiclyAccessible, false);
    }
  });

  it("puts the database in the isolated subnets, reachable only from its client group on 5432", () => {
    const subnets = inputsOf(findResource(graph, "aws:rds/subnetGroup:SubnetGroup", "database-subnets"));
    assert.deepEqual(subnets.subnetIds, [
      "network-isolated-1-id",
      "network-isolated-2-id",
      "network-isolated-3-id",
    ]);
    assert.deepEqual(cluster(graph).vpcSecurityGroupIds, ["database-sg-id"]);
    const rules = byType(graph, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) =>
      r.name.startsWith("database"),
    );
    assert.deepEqual(
      rules.map((r) => {
        const { securityGroupId, referencedSecurityGroupId, fromPort, toPort, ipProtocol } = inputsOf(r);
        return { securityGroupId, referencedSecurityGroupId, fromPort, toPort, ipProtocol };
      }),
      [
        {
          securityGroupId: "database-sg-id",
          referencedSecurityGroupId: "database-client-sg-id",
          fromPort: 5432,
          toPort: 5432,
          ipProtocol: "tcp",
        },
      ],
    );
    const client = inputsOf(findResource(graph, "aws:ec2/securityGroup:SecurityGroup", "database-client-sg"));
    assert.equal(client.ingress, undefined);
    assert.equal(client.egress, undefined);
    // The clients' way out: to the database's group on its port, and nowhere else.
    const egress = byType(graph, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) =>
      r.name.startsWith("database"),
    );
    assert.deepEqual(
      egress.map((r) => {
        const { securityGroupId, referencedSecurityGroupId, fromPort, toPort, ipProtocol } = inputsOf(r);
        return { securityGroupId, referencedSecurityGroupId, fromPort, toPort, ipProtocol };
      }),
      [
        {
          securityGroupId: "database-client-sg-id",
          referencedSecurityGroupId: "database-sg-id",
          fromPort: 5432,
          toPort: 5432,
          ipProtocol: "tcp",
        },
      ],
    );
  });

  it("copies daily backups to the second region's vault, through its own provider", () => {
    const provider = findResource(graph, "pulumi:providers:aws", "aws-dr");
    assert.equal(inputsOf(provider).region, "eu-central-1");
    assert.deepEqual(
      byType(graph, "pulumi:providers:aws").map((p) => [p.name, inputsOf(p).region]),
      [
        ["aws", "eu-west-1"],
        ["aws-dr", "eu-central-1"],
        ["cdn-us-east-1", "us-east-1"],
        ["observability-us-east-1", "us-east-1"],
      ],
    );
    const component = findResource(graph, "strata:database:BackupCopyVault", "database-dr");
    assert.deepEqual(
      childrenOf(graph, component).map((r) => r.name),
      ["database-dr-key", "database-dr-key-alias", "database-dr-vault"],
    );
    // The vault's children inherit the second region's provider: its key is made there too.
    assert.equal(
      inputsOf(findResource(graph, "aws:backup/vault:Vault", "database-dr-vault")).kmsKeyArn,
      "arn:aws:kms:eu-central-1:123456789012:database-dr-key",
    );
    const plan = inputsOf(findResource(graph, "aws:backup/plan:Plan", "database-backup-plan"));
    assert.deepEqual(plan.rules[0].copyActions, [
      {
        destinationVaultArn: "arn:aws:backup:eu-central-1:123456789012:database-dr-vault",
        lifecycle: { deleteAfter: 14 },
      },
    ]);
    assert.equal(plan.rules[0].targetVaultName, "strata-prod-database-backups");
    const selection = inputsOf(
      findResource(graph, "aws:backup/selection:Selection", "database-backup-selection"),
    );
    assert.deepEqual(selection.resources, ["arn:aws:rds:eu-west-1:123456789012:database-cluster"]);
  });

  it("runs a Multi-AZ cache with failover, encrypted at rest and in transit, with a secret auth token", () => {
    const resource = findResource(graph, REPLICATION_GROUP, "cache-replication-group");
    const group = inputsOf(resource);
    assert.equal(group.numCacheClusters, 2);
    assert.equal(group.automaticFailoverEnabled, true); // CKV2_AWS_50
    assert.equal(group.multiAzEnabled, true);
    assert.equal(group.atRestEncryptionEnabled, true); // CKV_AWS_29
    assert.equal(group.transitEncryptionEnabled, true); // CKV_AWS_30
    assert.ok(resource.secretInputs.includes("authToken")); // CKV_AWS_31
    assert.equal(group.snapshotRetentionLimit, 7); // CKV_AWS_134
    const subnets = inputsOf(findResource(graph, "aws:elasticache/subnetGroup:SubnetGroup", "cache-subnets"));
    assert.deepEqual(subnets.subnetIds, [
      "network-private-1-id",
      "network-private-2-id",
      "network-private-3-id",
    ]);
    const stored = findResource(
      graph,
      "aws:secretsmanager/secretVersion:SecretVersion",
      "cache-auth-token-value",
    );
    assert.deepEqual(stored.secretInputs, ["secretString"]);
  });

  it("protects and retains the database, the cache, their keys and the backup vaults", () => {
    const expected = [
      [CLUSTER, "database-cluster"],
      [REPLICATION_GROUP, "cache-replication-group"],
      [KEY, "database-key"],
      [KEY, "cache-key"],
      [KEY, "database-dr-key"],
      ["aws:backup/vault:Vault", "database-backup-vault"],
      ["aws:backup/vault:Vault", "database-dr-vault"],
    ];
    for (const [type, name] of expected) {
      const resource = findResource(graph, type, name);
      assert.deepEqual([name, resource.protect, resource.retainOnDelete], [name, true, true]);
    }
    // The log groups of a cluster a restore replaces are kept with it.
    const logGroup = findResource(graph, "aws:cloudwatch/logGroup:LogGroup", "database-log-postgresql");
    assert.equal(inputsOf(logGroup).name, "/aws/rds/cluster/strata-prod-database/postgresql");
    assert.equal(logGroup.retainOnDelete, true);
  });

  it("exports endpoints and identifiers, never a secret", () => {
    assert.deepEqual(graph.outputs.data, {
      databaseEndpoint: "strata-prod-database.cluster-mock.eu-west-1.rds.amazonaws.com",
      databaseClusterIdentifier: "strata-prod-database",
      cacheEndpoint: "master.strata-prod-cache.mock.cache.amazonaws.com",
      cacheReplicationGroupId: "strata-prod-cache",
    });
    assert.deepEqual(leaks(graph, secretValues(graph)), []);
  });
});

describe("data on aws: MySQL in prod", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("prod", { target: "aws", override: { database: { engine: "mysql" } } });
  });

  it("backtracks 24 hours and forces TLS with require_secure_transport", () => {
    const inputs = cluster(graph);
    assert.equal(inputs.engine, "aurora-mysql");
    assert.equal(inputs.backtrackWindow, 24 * 3600);
    assert.deepEqual(inputs.enabledCloudwatchLogsExports, ["audit", "error", "slowquery"]);
    const parameters = inputsOf(
      findResource(graph, "aws:rds/clusterParameterGroup:ClusterParameterGroup", "database-parameters"),
    );
    assert.equal(parameters.family, "aurora-mysql8.0");
    assert.ok(
      parameters.parameters.some(
        (p: { name: string; value: string }) => p.name === "require_secure_transport" && p.value === "ON",
      ),
    );
    assertBackupPolicy(graph);
  });
});

describe("data on aws: restore", () => {
  it("restores the cluster from a snapshot under a new identifier", async () => {
    const snapshot = "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:nightly";
    const graph = await runStack("prod", {
      target: "aws",
      override: { database: { restore: { snapshot } } },
    });
    const inputs = cluster(graph);
    assert.equal(inputs.snapshotIdentifier, snapshot);
    // The Data API cannot be asked for with a snapshot; the snapshot's users (the application user) come with it.
    assert.equal(inputs.enableHttpEndpoint, false);
    assert.match(inputs.clusterIdentifier, /^strata-prod-database-r[0-9a-f]{6}$/);
    assert.equal(inputs.restoreToPointInTime, undefined);
    assertBackupPolicy(graph);
  });

  it("restores the cluster to a point in time of another cluster", async () => {
    const pointInTime = { sourceCluster: "strata-prod-database", time: "2026-11-20T03:15:00Z" };
    const graph = await runStack("prod", {
      target: "aws",
      override: { database: { restore: { pointInTime } } },
    });
    assert.deepEqual(cluster(graph).restoreToPointInTime, {
      sourceClusterIdentifier: "strata-prod-database",
      restoreToTime: "2026-11-20T03:15:00Z",
      restoreType: "full-copy",
    });
    const latest = await runStack("prod", {
      target: "aws",
      override: { database: { restore: { pointInTime: { sourceCluster: "strata-prod-database" } } } },
    });
    assert.equal(cluster(latest).restoreToPointInTime.useLatestRestorableTime, true);
  });
});

describe("data on aws: external mode", () => {
  it("stores the stack's URL secrets in Secrets Manager and shows them nowhere", async () => {
    const databaseUrl = "postgres://app:s3cret-db@db.example.org:5432/app";
    const cacheUrl = "rediss://:s3cret-cache@cache.example.org:6379";
    const graph = await runStack("dev", {
      target: "aws",
      override: {
        secrets: { DATABASE_URL: databaseUrl, CACHE_URL: cacheUrl },
        database: { mode: "external", urlSecret: "DATABASE_URL" },
        cache: { mode: "external", urlSecret: "CACHE_URL" },
      },
      secretKeys: ["secrets"],
    });
    assert.deepEqual(byType(graph, CLUSTER), []);
    assert.deepEqual(byType(graph, REPLICATION_GROUP), []);
    const versions = byType(graph, "aws:secretsmanager/secretVersion:SecretVersion");
    assert.deepEqual(
      versions.map((v) => [v.name, v.secretInputs]),
      [
        ["database-url-value", ["secretString"]],
        ["cache-url-value", ["secretString"]],
      ],
    );
    assert.deepEqual(leaks(graph, [databaseUrl, cacheUrl, "s3cret"]), []);
  });
});
