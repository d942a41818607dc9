import assert from "node:assert/strict";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { recordingMocks, type RegisteredInputs } from "../tools/harness/mocks";
import { promiseOf } from "./support/harness";
import { Naming } from "../components/naming";
import { Database } from "../components/database";
import { Cache } from "../components/cache";
import { restoreSuffix } from "../components/database/restore";
import { ENGINES } from "../components/database/engines";
import type { ServiceConnection } from "../components/connections";

/** A connection with every Input resolved, as compute will see it. */
async function resolved(connection: ServiceConnection) {
  const all = pulumi.output({
    env: connection.env,
    secrets: connection.secrets,
    group: connection.awsClientSecurityGroupId,
  });
  return { ...(await promiseOf(all)), labels: connection.kubernetesClientLabels };
}

const naming = new Naming("strata", "test");
const common = { naming, mode: "managed" as const, protect: false };

describe("data connections: the contract compute consumes", () => {
  const registered: RegisteredInputs[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(recordingMocks("eu-west-1", registered), "strata", "test", false);
  });

  it("aws: host, port, name and the application user as env; IAM login granted on that user; no password", async () => {
    const database = new Database("database", {
      ...common,
      target: "aws",
      engine: "mysql",
      databaseName: "shop",
      username: "admin",
      backupRetentionDays: 7,
      aws: {
        vpcId: "vpc-1",
        subnetIds: ["subnet-1", "subnet-2"],
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
        instanceClass: "db.t4g.medium",
        readers: 1,
        backupWindow: "03:00-04:00",
        backupSchedule: "0 5 * * *",
        appUsername: "shop_app",
        backtrackHours: 0,
        deletionProtection: false,
        finalSnapshot: false,
        logsKmsKeyArn: "arn:logs-key",
        logRetentionDays: 7,
      },
    });
    assert.deepEqual(await resolved(database.connection), {
      env: {
        DATABASE_ENGINE: "mysql",
        DATABASE_HOST: "strata-test-database.cluster-mock.eu-west-1.rds.amazonaws.com",
        DATABASE_READER_HOST: "strata-test-database.cluster-ro-mock.eu-west-1.rds.amazonaws.com",
        DATABASE_PORT: "3306",
        DATABASE_NAME: "shop",
        DATABASE_USER: "shop_app",
        DATABASE_AUTH: "iam",
      },
      secrets: {},
      group: "database-client-sg-id",
      labels: undefined,
    });
    // The task role may log in as the application user of this cluster (its resource id), and as no one else.
    const statements = await promiseOf(pulumi.output(database.connection.awsTaskStatements ?? []));
    assert.deepEqual(statements, [
      {
        Sid: "ConnectToDatabase",
        Effect: "Allow",
        Action: ["rds-db:connect"],
        Resource: ["arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-MOCK20RESOURCEID/shop_app"],
      },
    ]);
    assert.deepEqual(await promiseOf(pulumi.all(database.aws!.instanceIdentifiers)), [
      "strata-test-database-1",
      "strata-test-database-2",
    ]);
  });

  it("aws: the cache's auth token by ARN with the key that decrypts it, TLS on", async () => {
    const cache = new Cache("cache", {
      ...common,
      target: "aws",
      engine: "redis",
      replicas: 1,
      aws: {
        vpcId: "vpc-1",
        subnetIds: ["subnet-1", "subnet-2"],
        nodeType: "cache.t4g.small",
        failover: true,
        snapshotRetentionDays: 1,
        snapshotWindow: "04:00-05:00",
        logsKmsKeyArn: "arn:logs-key",
        logRetentionDays: 7,
      },
    });
    const connection = await resolved(cache.connection);
    assert.deepEqual(connection.secrets, {
      CACHE_AUTH_TOKEN: {
        aws: {
          arn: "arn:aws:secretsmanager:eu-west-1:123456789012:cache-auth-token-secret",
          kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:cache-key",
        },
      },
    });
    assert.equal(connection.env.CACHE_TLS, "true");
    assert.equal(connection.env.CACHE_PORT, "6379");
    assert.equal(connection.group, "cache-client-sg-id");
    assert.equal(await promiseOf(cache.aws!.replicationGroupId), "strata-test-cache");
  });

  it("kubernetes: the Secret by name and key, and the labels the policy admits", async () => {
    const database = new Database("database", {
      ...common,
      target: "kubernetes",
      engine: "postgres",
      databaseName: "app",
      username: "app",
      backupRetentionDays: 7,
      kubernetes: {
        namespace: "apps",
        storageSize: "1Gi",
        cpu: "100m",
        memory: "256Mi",
        backup: { schedule: "0 3 * * *", storage: "volume", volumeSize: "1Gi" },
      },
    });
    const connection = await resolved(database.connection);
    assert.deepEqual(connection.secrets, {
      DATABASE_PASSWORD: { kubernetes: { secretName: "database-credentials", key: "password" } },
    });
    assert.equal(connection.env.DATABASE_HOST, "database");
    assert.deepEqual(connection.labels, { "strata.dev/uses-database": "true" });
    assert.equal(connection.group, undefined);
  });

  it("applies the transform escape hatch to the cluster's args", async () => {
    const tuned = new Database("tuned", {
      ...common,
      target: "aws",
      engine: "postgres",
      databaseName: "app",
      username: "app",
      backupRetentionDays: 7,
      aws: {
        vpcId: "vpc-1",
        subnetIds: ["subnet-1"],
        availabilityZones: ["eu-west-1a"],
        instanceClass: "db.t4g.medium",
        readers: 0,
        backupWindow: "03:00-04:00",
        backupSchedule: "0 5 * * *",
        appUsername: "shop_app",
        backtrackHours: 0,
        deletionProtection: false,
        finalSnapshot: false,
        logsKmsKeyArn: "arn:logs-key",
        logRetentionDays: 7,
        transform: { cluster: (args) => ({ ...args, preferredMaintenanceWindow: "sun:05:00-sun:06:00" }) },
      },
    });
    // The endpoint is known once the mocked engine has registered the cluster.
    await promiseOf(pulumi.output(tuned.connection.env.DATABASE_HOST));
    const cluster = registered.find((r) => r.name === "tuned-cluster");
    assert.equal(cluster?.inputs.preferredMaintenanceWindow, "sun:05:00-sun:06:00");
  });
});

describe("data: pure logic", () => {
  it("a restore source always gives the same short suffix, and different sources different ones", () => {
    // Identifiers of any characters (quotes, backslashes, non-ASCII, lone surrogates), ARNs, and a point in
    // time with and without its time: sources that differ in one character or one field only.
    const id = fc.oneof(
      fc.string({ minLength: 1 }),
      // Every code point, as fast-check's "binary" unit has them; built from integers because that unit's
      // setup maps all 1.1 million code points back to indexes, over a second of every run.
      fc.string({
        unit: fc.integer({ min: 0, max: 0x10ffff }).map(String.fromCodePoint),
        minLength: 1,
        maxLength: 8,
      }),
      fc.constantFrom('"', "\\", "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:s1", "s1", "s2"),
    );
    const source = fc.oneof(
      fc.record({ snapshot: id }),
      fc.record({ pointInTime: fc.record({ sourceCluster: id }) }),
      fc.record({
        pointInTime: fc.record({
          sourceCluster: id,
          time: fc.constantFrom("2026-12-01T10:00:00Z", "2026-12-01T10:00:01Z"),
        }),
      }),
    );
    fc.assert(
      fc.property(source, source, (a, b) => {
        assert.match(restoreSuffix(a), /^-r[0-9a-f]{6}$/);
        assert.equal(restoreSuffix(a), restoreSuffix(structuredClone(a)));
        if (JSON.stringify(a) !== JSON.stringify(b)) assert.notEqual(restoreSuffix(a), restoreSuffix(b));
      }),
    );
    assert.equal(restoreSuffix(undefined), "");
  });

  it("derives the parameter group family from any Aurora version", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 11, max: 30 }),
        fc.oneof(fc.constantFrom(0, 9, 10), fc.integer({ min: 0, max: 20 })),
        (major, minor) => {
          assert.equal(ENGINES.postgres.family(`${major}.${minor}`), `aurora-postgresql${major}`);
          assert.equal(
            ENGINES.mysql.family(`8.${minor}.mysql_aurora.3.0${minor}.0`),
            `aurora-mysql8.${minor}`,
          );
        },
      ),
    );
  });
});
