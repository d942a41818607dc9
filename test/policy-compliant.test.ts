import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../tools/policy/run";
import { syntheticGraph, type Synthetic } from "./support/policy";
import {
  ALB,
  bucketWith,
  CACHE,
  CDN,
  CLUSTER,
  fullBlock,
  goodCache,
  goodCdn,
  goodCluster,
  goodLb,
  httpsListener,
  iamDoc,
  LISTENER,
  LOG_GROUP,
  redirect,
  SG,
  task,
  TASK,
  tcp,
  tlsPolicy,
} from "./support/policy-aws-fixtures";
import {
  denyAll,
  deployment,
  hpa,
  pdb,
  service,
  statefulSet,
  goodContainer,
} from "./support/policy-kubernetes-fixtures";

const r = (type: string, name: string, inputs: Record<string, unknown>, protect = false): Synthetic => ({
  type,
  name,
  inputs,
  protect,
});

/** A prod application on AWS as the compute, data and edge layers are meant to build it. */
const AWS_APP: Synthetic[] = [
  r("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }),
  r("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", { ingress: [], egress: [] }),
  r("aws:kms/key:Key", "data-key", { enableKeyRotation: true }, true),
  r(ALB, "lb", goodLb),
  r(LISTENER, "https", httpsListener),
  r(LISTENER, "http", { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
  r(SG, "lb-sg", {
    ingress: [tcp(443, { cidrBlocks: ["0.0.0.0/0"] }), tcp(80, { ipv6CidrBlocks: ["::/0"] })],
  }),
  r(SG, "db-sg", { ingress: [tcp(5432, { securityGroups: ["app-sg-id"] })] }),
  r(
    CLUSTER,
    "database",
    {
      ...goodCluster,
      finalSnapshotIdentifier: "strata-prod-final",
      dbClusterParameterGroupName: "db-params",
    },
    true,
  ),
  r("aws:rds/clusterParameterGroup:ClusterParameterGroup", "database-parameters", {
    name: "db-params",
    family: "aurora-postgresql16",
    parameters: [
      { name: "log_statement", value: "ddl" },
      { name: "log_min_duration_statement", value: "1000" },
    ],
  }),
  r("aws:rds/clusterInstance:ClusterInstance", "database-1", {
    instanceClass: "db.t4g.medium",
    engine: "aurora-postgresql",
    monitoringInterval: 60,
    monitoringRoleArn: "arn:aws:iam::123456789012:role/monitoring",
  }),
  r(CACHE, "cache", { ...goodCache, finalSnapshotIdentifier: "strata-prod-cache-final" }, true),
  r("aws:ecs/cluster:Cluster", "cluster", { settings: [{ name: "containerInsights", value: "enabled" }] }),
  r("aws:ecs/service:Service", "api", { networkConfiguration: { assignPublicIp: false, subnets: ["a"] } }),
  r(TASK, "api", task({ readonlyRootFilesystem: true, privileged: false })),
  r(CDN, "cdn", goodCdn),
  ...bucketWith({
    encryption: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] },
    versioning: { versioningConfiguration: { status: "Enabled" } },
    block: fullBlock,
    policy: { policy: tlsPolicy },
  }).map((b) => (b.type === "aws:s3/bucket:Bucket" ? { ...b, protect: true } : b)),
  r(LOG_GROUP, "api-logs", { retentionInDays: 90, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/logs" }),
  r("aws:iam/rolePolicy:RolePolicy", "api", {
    role: "api",
    policy: iamDoc(["s3:GetObject"], "arn:aws:s3:::b/*"),
  }),
];

/** A prod application on Kubernetes: a scaled API with its budget, a database, all behind the default-deny. */
const KUBERNETES_APP: Synthetic[] = [
  r("kubernetes:core/v1:Namespace", "namespace", { metadata: { name: "strata" } }, true),
  denyAll,
  deployment(),
  hpa,
  pdb,
  service("ClusterIP"),
  { ...statefulSet(goodContainer), protect: true },
];

describe("policy pack on a compliant application", () => {
  for (const [target, app] of [
    ["aws", AWS_APP],
    ["kubernetes", KUBERNETES_APP],
  ] as const) {
    it(`a prod stack on ${target} built the way the rules ask breaks no rule at all`, async () => {
      const report = await evaluatePolicies(syntheticGraph("prod", app));
      assert.deepEqual(report.violations, []);
    });
  }
});
