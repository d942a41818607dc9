import type { Synthetic } from "./policy";
import {
  LB,
  LISTENER,
  goodLb,
  redirect,
  httpsListener,
  CLUSTER,
  goodCluster,
  CACHE,
  goodCache,
  TASK,
  task,
  CDN,
  goodCdn,
  bucketWith,
  fullBlock,
  LOG_GROUP,
  iamDoc,
} from "./policy-aws-fixtures";

/**
 * A compliant and a violating case for one pack rule named after a Checkov ID: the pack and Checkov 3.3.30 must
 * judge both the same (test/real-scanners.test.ts).
 */
export interface Case {
  readonly rule: string;
  /** Production-only rules run in prod; Checkov has no notion of a stack. */
  readonly stack?: string;
  readonly good: Synthetic[];
  readonly bad: Synthetic[];
  /** The resource Checkov judges, when it is not the first: CKV2_AWS_20 is on the load balancer. */
  readonly checkovJudges?: string;
  /** Where Checkov is wrong and the pack keeps the right answer: the test asserts exactly this difference. */
  readonly checkovMisses?: string;
}

const one = (type: string, inputs: Record<string, unknown>, name = "it"): Synthetic[] => [
  { type, name, inputs },
];
/** The ARN the offline engine gives a resource: what another resource reads and the export turns into a reference. */
const arnOf = (type: string, name: string) =>
  `arn:aws:${type.split(":")[1].split("/")[0]}:eu-west-1:123456789012:${name}`;
const forward = [{ type: "forward", targetGroupArn: "tg" }];
const container = { essential: true, readonlyRootFilesystem: true, privileged: false };
const service = (assignPublicIp: boolean) =>
  one("aws:ecs/service:Service", {
    name: "api",
    networkConfiguration: { assignPublicIp, subnets: ["subnet-1"], securityGroups: ["sg-1"] },
  });
const role = (policy: string) => one("aws:iam/rolePolicy:RolePolicy", { role: "app", policy });
const lbWithListener = (action: Record<string, unknown>[]): Synthetic[] => [
  { type: LB, name: "alb", inputs: goodLb },
  {
    type: LISTENER,
    name: "http",
    inputs: { loadBalancerArn: arnOf(LB, "alb"), protocol: "HTTP", port: 80, defaultActions: action },
  },
];

const WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const instance = { clusterIdentifier: "db", instanceClass: "db.t4g.medium", engine: "aurora-postgresql" };
/** A cluster parameter group named `pg` that sets these parameters (the values are Strata's). */
const parameterGroup = (names: string[]): Synthetic => ({
  type: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  name: "pg",
  inputs: {
    name: "pg",
    family: "aurora-postgresql16",
    parameters: names.map((name) => ({ name, value: name === "log_statement" ? "ddl" : "1000" })),
  },
});

export const CASES: Case[] = [
  {
    rule: "CKV_AWS_91",
    stack: "prod",
    good: one(LB, goodLb),
    bad: one(LB, { ...goodLb, accessLogs: undefined }),
  },
  {
    rule: "CKV_AWS_150",
    stack: "prod",
    good: one(LB, goodLb),
    bad: one(LB, { ...goodLb, enableDeletionProtection: false }),
  },
  { rule: "CKV_AWS_131", good: one(LB, goodLb), bad: one(LB, { ...goodLb, dropInvalidHeaderFields: false }) },
  {
    rule: "CKV_AWS_2",
    good: one(LISTENER, httpsListener),
    bad: one(LISTENER, { ...httpsListener, protocol: "GENEVE" }),
  },
  // CKV_AWS_2 judges a plain HTTP listener as Checkov does on every stack, dev included (advisory there).
  {
    rule: "CKV_AWS_2",
    good: one(LISTENER, { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
    bad: one(LISTENER, { protocol: "HTTP", port: 80, defaultActions: forward }),
  },
  // An internal application load balancer needs no WAF of its own (Strata's: the CDN's WAF sees every request).
  {
    rule: "CKV2_AWS_28",
    good: one(LB, goodLb, "alb"),
    bad: one(LB, { ...goodLb, internal: false }, "alb"),
  },
  // An internet-facing one passes with a regional web ACL associated with it, and fails without.
  {
    rule: "CKV2_AWS_28",
    good: [
      { type: LB, name: "alb", inputs: { ...goodLb, internal: false } },
      {
        type: WAF_ASSOCIATION,
        name: "alb-waf",
        inputs: {
          resourceArn: arnOf(LB, "alb"),
          webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x",
        },
      },
    ],
    bad: one(LB, { ...goodLb, internal: false }, "alb"),
  },
  {
    rule: "CKV2_AWS_20",
    stack: "prod",
    good: lbWithListener([redirect]),
    bad: lbWithListener(forward),
    checkovJudges: "alb",
  },
  {
    rule: "CKV_AWS_103",
    good: one(LISTENER, httpsListener),
    bad: one(LISTENER, { ...httpsListener, sslPolicy: "ELBSecurityPolicy-2016-08" }),
  },
  {
    rule: "CKV_AWS_103",
    stack: "prod",
    good: one(LISTENER, { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
    bad: one(LISTENER, { protocol: "HTTP", port: 80, defaultActions: forward }),
  },
  {
    rule: "CKV_AWS_96",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, storageEncrypted: false }),
  },
  {
    rule: "CKV_AWS_327",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, kmsKeyId: undefined }),
  },
  // The pack asks for a week; Checkov for 1 to 35 days. Both refuse 0 (no automated backups).
  {
    rule: "CKV_AWS_133",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, backupRetentionPeriod: 0 }),
  },
  {
    rule: "CKV_AWS_139",
    stack: "prod",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, deletionProtection: false }),
  },
  {
    rule: "CKV_AWS_162",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, iamDatabaseAuthenticationEnabled: false }),
  },
  {
    rule: "CKV_AWS_324",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, enabledCloudwatchLogsExports: undefined }),
  },
  // The parameter group comes first: the cluster reads its id, as a program registers it.
  {
    rule: "CKV2_AWS_27",
    good: [
      parameterGroup(["log_statement", "log_min_duration_statement"]),
      { type: CLUSTER, name: "db", inputs: { ...goodCluster, dbClusterParameterGroupName: "pg-id" } },
    ],
    bad: [
      parameterGroup(["log_statement"]),
      { type: CLUSTER, name: "db", inputs: { ...goodCluster, dbClusterParameterGroupName: "pg-id" } },
    ],
    checkovJudges: "db",
  },
  {
    rule: "CKV_AWS_118",
    good: one(INSTANCE, {
      ...instance,
      monitoringInterval: 60,
      monitoringRoleArn: "arn:aws:iam::123456789012:role/m",
    }),
    bad: one(INSTANCE, instance),
  },
  {
    rule: "CKV_AWS_17",
    good: one("aws:rds/clusterInstance:ClusterInstance", {
      clusterIdentifier: "db",
      instanceClass: "db.t4g.medium",
      publiclyAccessible: false,
    }),
    bad: one("aws:rds/clusterInstance:ClusterInstance", {
      clusterIdentifier: "db",
      instanceClass: "db.t4g.medium",
      publiclyAccessible: true,
    }),
  },
  {
    rule: "CKV_AWS_29",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, atRestEncryptionEnabled: false }),
  },
  {
    rule: "CKV_AWS_30",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, transitEncryptionEnabled: false }),
  },
  {
    rule: "CKV_AWS_31",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, authToken: undefined }),
  },
  {
    rule: "CKV_AWS_65",
    good: one("aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "enabled" }] }),
    bad: one("aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "disabled" }] }),
  },
  { rule: "CKV_AWS_333", good: service(false), bad: service(true) },
  {
    rule: "CKV_AWS_334",
    good: one(TASK, task(container)),
    bad: one(TASK, task({ ...container, privileged: true })),
    checkovMisses:
      "Checkov 3.3.30 reads the key `privilege` (checkov/terraform/checks/resource/aws/ECSContainerPrivilege.py), but ECS names it `privileged`: it passes every privileged container.",
  },
  {
    rule: "CKV_AWS_336",
    good: one(TASK, task(container)),
    bad: one(TASK, task({ ...container, readonlyRootFilesystem: false })),
  },
  {
    rule: "CKV_AWS_249",
    good: one(TASK, task(container)),
    bad: one(TASK, task(container, { executionRoleArn: "same", taskRoleArn: "same" })),
  },
  {
    rule: "CKV_AWS_34",
    good: one(CDN, goodCdn),
    bad: one(CDN, {
      ...goodCdn,
      defaultCacheBehavior: { ...goodCdn.defaultCacheBehavior, viewerProtocolPolicy: "allow-all" },
    }),
  },
  {
    rule: "CKV_AWS_174",
    stack: "prod",
    good: one(CDN, goodCdn),
    bad: one(CDN, {
      ...goodCdn,
      viewerCertificate: { ...goodCdn.viewerCertificate, minimumProtocolVersion: "TLSv1" },
    }),
  },
  { rule: "CKV_AWS_86", good: one(CDN, goodCdn), bad: one(CDN, { ...goodCdn, loggingConfig: undefined }) },
  {
    rule: "CKV_AWS_68",
    stack: "prod",
    good: one(CDN, goodCdn),
    bad: one(CDN, { ...goodCdn, webAclId: undefined }),
  },
  {
    rule: "CKV_AWS_19",
    good: bucketWith({
      encryption: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] },
    }),
    bad: bucketWith({ encryption: { rules: [{ bucketKeyEnabled: true }] } }),
  },
  // No configuration at all is S3's own default encryption (SSE-S3): both pass it.
  {
    rule: "CKV_AWS_19",
    good: bucketWith({}),
    bad: bucketWith({ encryption: { rules: [{ bucketKeyEnabled: true }] } }),
  },
  {
    rule: "CKV_AWS_21",
    good: bucketWith({ versioning: { versioningConfiguration: { status: "Enabled" } } }),
    bad: bucketWith({ versioning: { versioningConfiguration: { status: "Suspended" } } }),
  },
  { rule: "CKV2_AWS_6", good: bucketWith({ block: fullBlock }), bad: bucketWith({}) },
  {
    rule: "CKV_AWS_66",
    good: one(LOG_GROUP, { retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/x" }),
    bad: one(LOG_GROUP, { kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/x" }),
  },
  {
    rule: "CKV_AWS_158",
    good: one(LOG_GROUP, { retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/x" }),
    bad: one(LOG_GROUP, { retentionInDays: 365 }),
  },
  { rule: "CKV_AWS_62", good: role(iamDoc("s3:GetObject", "arn:aws:s3:::b/*")), bad: role(iamDoc("*", "*")) },
];
