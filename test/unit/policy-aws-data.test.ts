import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import { CACHE, CLUSTER, TASK, goodCache, goodCluster, task } from "../support/policy-aws-fixtures";
import { MIN_BACKUP_DAYS } from "../../policy/aws/aurora";

const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const DB_INSTANCE = "aws:rds/instance:Instance";
const PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const prod = { stack: "prod" };
const cluster = (inputs: Record<string, unknown>) => res(CLUSTER, "db", { ...goodCluster, ...inputs });
const cache = (inputs: Record<string, unknown>) => res(CACHE, "cache", { ...goodCache, ...inputs });
const group = (name: string, parameters: string[]) =>
  res(PARAMETER_GROUP, "pg", { name, parameters: parameters.map((p) => ({ name: p, value: "1" })) });
const BOTH = ["log_statement", "log_min_duration_statement"];

describe("policy rules: Aurora, each condition alone", () => {
  it("CKV_AWS_96, CKV_AWS_162: the flag must be exactly true", async () => {
    for (const [rule, key, problem] of [
      ["CKV_AWS_96", "storageEncrypted", "Storage is not encrypted."],
      ["CKV_AWS_162", "iamDatabaseAuthenticationEnabled", "IAM authentication is off."],
    ]) {
      assert.deepEqual(await findingsOf(rule, [cluster({})]), [], rule);
      for (const value of [false, undefined, "true"])
        assert.deepEqual(
          await findingsOf(rule, [cluster({ [key]: value })]),
          [["db", problem]],
          `${rule} ${value}`,
        );
    }
  });

  it("CKV_AWS_327, CKV_AWS_324: the setting must be present and not empty", async () => {
    for (const [rule, key, problem] of [
      ["CKV_AWS_327", "kmsKeyId", "The cluster uses the AWS-managed key (no kmsKeyId)."],
      ["CKV_AWS_324", "enabledCloudwatchLogsExports", "No log is exported."],
    ]) {
      for (const value of [undefined, "", []])
        assert.deepEqual(
          await findingsOf(rule, [cluster({ [key]: value })]),
          [["db", problem]],
          `${rule} ${value}`,
        );
    }
  });

  it("CKV_AWS_133: backups kept at least the minimum days, 1 when unset, the minimum from the config", async () => {
    const short = (days: number, minimum = MIN_BACKUP_DAYS) => [
      ["db", `Backups are kept ${days} day(s); at least ${minimum} are required.`],
    ];
    assert.equal(MIN_BACKUP_DAYS, 7);
    assert.deepEqual(await findingsOf("CKV_AWS_133", [cluster({ backupRetentionPeriod: 7 })]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_133", [cluster({ backupRetentionPeriod: 6 })]), short(6));
    assert.deepEqual(
      await findingsOf("CKV_AWS_133", [cluster({ backupRetentionPeriod: undefined })]),
      short(1),
    );
    const config = { config: { CKV_AWS_133: { minimumDays: 2 } } };
    assert.deepEqual(await findingsOf("CKV_AWS_133", [cluster({ backupRetentionPeriod: 2 })], config), []);
    assert.deepEqual(
      await findingsOf("CKV_AWS_133", [cluster({ backupRetentionPeriod: undefined })], config),
      short(1, 2),
    );
  });

  it("CKV_AWS_139: in production, deletion protection must be true", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_139", [cluster({})], prod), []);
    assert.deepEqual(await findingsOf("CKV_AWS_139", [cluster({ deletionProtection: undefined })], prod), [
      ["db", "Deletion protection is off in production."],
    ]);
    assert.deepEqual(notApplicableReasons("CKV_AWS_139", [cluster({})]), ["not a production stack"]);
  });

  it("CKV2_AWS_27: a PostgreSQL cluster's parameter group, by name or by dependency, sets both logging parameters", async () => {
    const named = cluster({ dbClusterParameterGroupName: "pg" });
    assert.deepEqual(await findingsOf("CKV2_AWS_27", [named, group("pg", BOTH)]), []);
    // By dependency: the cluster's input is the group's (mocked) id, whatever its name.
    const byId = cluster({ dbClusterParameterGroupName: "pg-id" });
    assert.deepEqual(await findingsOf("CKV2_AWS_27", [byId, group("strata-pg", BOTH)]), []);
    for (const missing of BOTH) {
      assert.deepEqual(
        await findingsOf("CKV2_AWS_27", [
          named,
          group(
            "pg",
            BOTH.filter((p) => p !== missing),
          ),
        ]),
        [["db", `Cluster db does not set ${missing}.`]],
      );
    }
    assert.deepEqual(await findingsOf("CKV2_AWS_27", [named, group("pg", [])]), [
      ["db", "Cluster db does not set log_statement or log_min_duration_statement."],
    ]);
    const none = [["db", "Cluster db has no cluster parameter group."]];
    assert.deepEqual(await findingsOf("CKV2_AWS_27", [named, group("other", BOTH)]), none);
    assert.deepEqual(
      await findingsOf("CKV2_AWS_27", [cluster({}), res(PARAMETER_GROUP, "pg", { parameters: [] })]),
      none,
    );
    assert.deepEqual(notApplicableReasons("CKV2_AWS_27", [cluster({ engine: "aurora-mysql" })]), [
      "no Aurora PostgreSQL cluster in the stack",
    ]);
  });

  it("SEC03: only an RDS-managed secret (rds!…) is flagged, per container, named or numbered", async () => {
    const RULE = "AWS-WellArchitected-SEC03-master-secret-admin-only";
    const master = { valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:rds!cluster-1:password::" };
    const own = { valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:app-db" };
    assert.deepEqual(await findingsOf(RULE, [res(TASK, "api", task({ secrets: [own] }))]), []);
    assert.deepEqual(await findingsOf(RULE, [res(TASK, "api", task({ secrets: [own, master] }))]), [
      ["api", "Container api of api reads an RDS-managed master secret."],
    ]);
    const unnamed = {
      containerDefinitions: JSON.stringify([{ image: "x", secrets: [master] }, { secrets: [{}] }]),
    };
    assert.deepEqual(await findingsOf(RULE, [res(TASK, "job", unnamed)]), [
      ["job", "Container ? of job reads an RDS-managed master secret."],
    ]);
    assert.deepEqual(notApplicableReasons(RULE, [cluster({})]), ["no ECS task definition in the stack"]);
  });

  it("CKV_AWS_118: each interval RDS accepts passes; 0, unset or another number fails, on both instance types", async () => {
    for (const monitoringInterval of [1, 5, 10, 15, 30, 60]) {
      assert.deepEqual(await findingsOf("CKV_AWS_118", [res(INSTANCE, "i", { monitoringInterval })]), []);
    }
    for (const [type, interval] of [
      [INSTANCE, 0],
      [DB_INSTANCE, 2],
      [DB_INSTANCE, undefined],
    ] as const) {
      assert.deepEqual(await findingsOf("CKV_AWS_118", [res(type, "i", { monitoringInterval: interval })]), [
        ["i", `Enhanced monitoring is off (interval ${interval ?? 0}).`],
      ]);
    }
  });

  it("CKV_AWS_17: only publiclyAccessible true fails", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_17", [res(DB_INSTANCE, "i", {})]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_17", [res(DB_INSTANCE, "i", { publiclyAccessible: true })]), [
      ["i", "The instance is publicly accessible."],
    ]);
  });

  it("CKV2_AWS_27: only a cluster parameter group counts, whatever else carries the name", async () => {
    const named = cluster({ dbClusterParameterGroupName: "pg" });
    const lookalike = res("aws:rds/parameterGroup:ParameterGroup", "pg", { name: "pg", parameters: [] });
    assert.deepEqual(await findingsOf("CKV2_AWS_27", [named, lookalike]), [
      ["db", "Cluster db has no cluster parameter group."],
    ]);
  });
});

describe("policy rules: ElastiCache, each condition alone", () => {
  it("CKV_AWS_29, CKV_AWS_30: the encryption flag must be exactly true", async () => {
    for (const [rule, key, problem] of [
      ["CKV_AWS_29", "atRestEncryptionEnabled", "Data at rest is not encrypted."],
      ["CKV_AWS_30", "transitEncryptionEnabled", "Traffic to the cache is not encrypted."],
    ]) {
      assert.deepEqual(await findingsOf(rule, [cache({})]), [], rule);
      for (const value of [false, undefined])
        assert.deepEqual(
          await findingsOf(rule, [cache({ [key]: value })]),
          [["cache", problem]],
          `${rule} ${value}`,
        );
    }
  });

  it("CKV_AWS_31: an auth token, a write-only token or user groups each suffice alone", async () => {
    const bare = { authToken: undefined };
    for (const auth of [{ authToken: "t" }, { authTokenWo: "t" }, { userGroupIds: ["g"] }]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_31", [cache({ ...bare, ...auth })]),
        [],
        JSON.stringify(auth),
      );
    }
    assert.deepEqual(await findingsOf("CKV_AWS_31", [cache({ ...bare, userGroupIds: [] })]), [
      ["cache", "Any client on the network can use the cache without authenticating."],
    ]);
  });

  it("ElastiCache.3: in production, Multi-AZ and automatic failover are each required", async () => {
    const RULE = "AWS-SecurityHub-ElastiCache.3";
    assert.deepEqual(await findingsOf(RULE, [cache({})], prod), []);
    for (const key of ["multiAzEnabled", "automaticFailoverEnabled"]) {
      assert.deepEqual(await findingsOf(RULE, [cache({ [key]: undefined })], prod), [
        ["cache", "The cache is in one zone, or does not fail over automatically, in production."],
      ]);
    }
    assert.deepEqual(notApplicableReasons(RULE, [cache({ multiAzEnabled: false })]), [
      "not a production stack",
    ]);
  });
});
