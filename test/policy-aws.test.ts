import { strict as assert } from "node:assert";
import { violationsOf, type Synthetic } from "./support/policy";
import { policies } from "../policy/policies";
import {
  LB,
  ALB,
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
  tlsPolicy,
  LOG_GROUP,
  SG,
  INGRESS_RULE,
  SG_RULE,
  tcp,
  iamDoc,
} from "./support/policy-aws-fixtures";

/** One rule, one compliant stack, one stack that breaks it (and the words the message must contain). */
interface Case {
  readonly rule: string;
  readonly stack?: string;
  readonly good: Synthetic[];
  readonly bad: Synthetic[];
  readonly says: RegExp;
  /** @default "mandatory" */
  readonly level?: "advisory";
}

const PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";

const one = (type: string, inputs: Record<string, unknown>, extra: Partial<Synthetic> = {}): Synthetic[] => [
  { type, name: "it", inputs, ...extra },
];

const CASES: Case[] = [
  // Load balancer
  {
    rule: "CKV_AWS_91",
    stack: "prod",
    good: one(LB, goodLb),
    bad: one(LB, { ...goodLb, accessLogs: undefined }),
    says: /Access logs are off/,
  },
  {
    rule: "CKV_AWS_91",
    stack: "prod",
    good: one(ALB, goodLb),
    bad: one(ALB, { ...goodLb, accessLogs: { bucket: "logs", enabled: false } }),
    says: /Access logs/,
  },
  {
    // A named bucket alone does not turn logging on: `enabled` defaults to false.
    rule: "CKV_AWS_91",
    stack: "prod",
    good: one(LB, goodLb),
    bad: one(LB, { ...goodLb, accessLogs: { bucket: "logs" } }),
    says: /Access logs are off/,
  },
  {
    rule: "CKV_AWS_150",
    stack: "prod",
    good: one(LB, goodLb),
    bad: one(LB, { ...goodLb, enableDeletionProtection: false }),
    says: /Deletion protection is off in production/,
  },
  {
    rule: "CKV_AWS_131",
    good: one(LB, goodLb),
    bad: one(LB, { ...goodLb, dropInvalidHeaderFields: false }),
    says: /Invalid header/,
  },
  {
    // Checkov's verdict, in dev as in prod: HTTPS, TLS, TCP, UDP and TCP_UDP pass; HTTP only as a redirect.
    // Advisory: dev's HTTP listener is internal, reached by CloudFront's VPC origin only (docs/compute.md).
    rule: "CKV_AWS_2",
    level: "advisory",
    good: [
      ...one(LISTENER, httpsListener),
      { type: LISTENER, name: "tcp", inputs: { ...httpsListener, protocol: "TCP" } },
      {
        type: LISTENER,
        name: "redirect",
        inputs: { protocol: "HTTP", port: 80, defaultActions: [redirect] },
      },
    ],
    bad: one(LISTENER, {
      protocol: "HTTP",
      port: 80,
      defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
    }),
    says: /serves HTTP without redirecting to HTTPS/,
  },
  {
    rule: "CKV2_AWS_28",
    good: [
      ...one(LB, goodLb),
      { type: LB, name: "nlb", inputs: { ...goodLb, internal: false, loadBalancerType: "network" } },
    ],
    bad: one(LB, { ...goodLb, internal: false }),
    says: /internet-facing without a WAF/,
  },
  {
    rule: "CKV_AWS_103",
    stack: "prod",
    good: one(LISTENER, { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
    bad: one(LISTENER, {
      protocol: "HTTP",
      port: 80,
      defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
    }),
    says: /serves traffic/,
  },
  {
    rule: "CKV2_AWS_20",
    stack: "prod",
    good: one(LISTENER, { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
    bad: one(LISTENER, {
      protocol: "HTTP",
      port: 80,
      defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
    }),
    says: /instead of redirecting/,
  },
  {
    rule: "CKV_AWS_103",
    good: one(LISTENER, httpsListener),
    bad: one(LISTENER, { ...httpsListener, sslPolicy: undefined }),
    says: /ELBSecurityPolicy-2016-08.*TLS 1\.0/,
  },
  // Aurora
  {
    rule: "CKV_AWS_96",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, storageEncrypted: false }),
    says: /not encrypted/,
  },
  {
    rule: "CKV_AWS_327",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, kmsKeyId: undefined }),
    says: /AWS-managed key/,
  },
  {
    rule: "CKV_AWS_133",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, backupRetentionPeriod: 1 }),
    says: /kept 1 day\(s\); at least 7/,
  },
  {
    rule: "CKV_AWS_139",
    stack: "prod",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, deletionProtection: false }),
    says: /Deletion protection is off/,
  },
  {
    rule: "CKV_AWS_162",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, iamDatabaseAuthenticationEnabled: undefined }),
    says: /IAM authentication is off/,
  },
  {
    rule: "CKV_AWS_324",
    good: one(CLUSTER, goodCluster),
    bad: one(CLUSTER, { ...goodCluster, enabledCloudwatchLogsExports: [] }),
    says: /No log is exported/,
  },
  {
    rule: "CKV_AWS_17",
    good: one("aws:rds/clusterInstance:ClusterInstance", {
      instanceClass: "db.t4g.medium",
      publiclyAccessible: false,
    }),
    bad: one("aws:rds/clusterInstance:ClusterInstance", {
      instanceClass: "db.t4g.medium",
      publiclyAccessible: true,
    }),
    says: /publicly accessible/,
  },
  {
    rule: "CKV_AWS_118",
    good: one("aws:rds/clusterInstance:ClusterInstance", { monitoringInterval: 60, monitoringRoleArn: "r" }),
    bad: one("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.t4g.medium" }),
    says: /Enhanced monitoring is off \(interval 0\)/,
  },
  {
    rule: "CKV2_AWS_27",
    good: [
      { type: CLUSTER, name: "db", inputs: { ...goodCluster, dbClusterParameterGroupName: "pg" } },
      {
        type: PARAMETER_GROUP,
        name: "pg",
        inputs: {
          name: "pg",
          parameters: [
            { name: "log_statement", value: "ddl" },
            { name: "log_min_duration_statement", value: "1000" },
          ],
        },
      },
    ],
    bad: [
      { type: CLUSTER, name: "db", inputs: { ...goodCluster, dbClusterParameterGroupName: "pg" } },
      {
        type: PARAMETER_GROUP,
        name: "pg",
        inputs: { name: "pg", parameters: [{ name: "log_statement", value: "ddl" }] },
      },
    ],
    says: /does not set log_min_duration_statement/,
  },
  {
    rule: "CKV2_AWS_27",
    good: one(CLUSTER, { ...goodCluster, engine: "aurora-mysql" }),
    bad: one(CLUSTER, goodCluster),
    says: /no cluster parameter group/,
  },
  {
    rule: "AWS-WellArchitected-SEC03-master-secret-admin-only",
    good: one(
      TASK,
      task({
        secrets: [{ name: "CACHE_AUTH_TOKEN", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:cache" }],
      }),
    ),
    bad: one(
      TASK,
      task({
        secrets: [
          {
            name: "DATABASE_PASSWORD",
            valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:rds!cluster-0f1e2d-AbCdEf:password::",
          },
        ],
      }),
    ),
    says: /reads an RDS-managed master secret/,
  },
  // ElastiCache
  {
    rule: "CKV_AWS_29",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, atRestEncryptionEnabled: false }),
    says: /at rest/,
  },
  {
    rule: "CKV_AWS_30",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, transitEncryptionEnabled: undefined }),
    says: /not encrypted/,
  },
  {
    rule: "CKV_AWS_31",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, authToken: undefined }),
    says: /without authenticating/,
  },
  {
    rule: "AWS-SecurityHub-ElastiCache.3",
    stack: "prod",
    good: one(CACHE, goodCache),
    bad: one(CACHE, { ...goodCache, multiAzEnabled: false }),
    says: /one zone/,
  },
  // ECS
  {
    rule: "CKV_AWS_65",
    good: one("aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "enhanced" }] }),
    bad: one("aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "disabled" }] }),
    says: /Container Insights is off/,
  },
  {
    rule: "CKV_AWS_333",
    good: one("aws:ecs/service:Service", { networkConfiguration: { assignPublicIp: false, subnets: ["a"] } }),
    bad: one("aws:ecs/service:Service", { networkConfiguration: { assignPublicIp: true, subnets: ["a"] } }),
    says: /public IP/,
  },
  {
    rule: "CKV_AWS_334",
    good: one(TASK, task({ privileged: false })),
    bad: one(TASK, task({ privileged: true })),
    says: /Container api is privileged/,
  },
  {
    rule: "CKV_AWS_336",
    good: one(TASK, task({ readonlyRootFilesystem: true })),
    bad: one(TASK, task({})),
    says: /Container api can write its root filesystem/,
  },
  {
    rule: "CKV_AWS_249",
    good: one(TASK, task({})),
    bad: one(TASK, task({}, { executionRoleArn: "same", taskRoleArn: "same" })),
    says: /execution role is also the task role/,
  },
  // CloudFront
  {
    rule: "CKV_AWS_34",
    good: one(CDN, goodCdn),
    bad: one(CDN, {
      ...goodCdn,
      orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" }],
    }),
    says: /\/api\/\*.*plain HTTP/,
  },
  {
    rule: "CKV_AWS_174",
    stack: "prod",
    good: one(CDN, goodCdn),
    bad: one(CDN, { ...goodCdn, viewerCertificate: { cloudfrontDefaultCertificate: true } }),
    says: /default \*\.cloudfront\.net certificate/,
  },
  {
    rule: "CKV_AWS_86",
    good: one(CDN, goodCdn),
    bad: one(CDN, { ...goodCdn, loggingConfig: undefined }),
    says: /Access logging is off/,
  },
  {
    rule: "CKV_AWS_68",
    stack: "prod",
    good: one(CDN, goodCdn),
    bad: one(CDN, { ...goodCdn, webAclId: undefined }),
    says: /No web ACL/,
  },
  {
    rule: "AWS-SecurityHub-CloudFront.13",
    good: one(CDN, goodCdn),
    bad: one(CDN, {
      ...goodCdn,
      origins: [
        {
          originId: "assets",
          domainName: "b.s3.amazonaws.com",
          s3OriginConfig: { originAccessIdentity: "oai" },
        },
      ],
    }),
    says: /S3 origin assets has no Origin Access Control/,
  },
  // S3 (v7: settings are separate resources, checked across the stack)
  {
    rule: "CKV_AWS_19",
    good: bucketWith({
      encryption: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] },
    }),
    // As Checkov's: no configuration is S3's own default (SSE-S3); a configuration without a default is not.
    bad: bucketWith({ encryption: { rules: [{ bucketKeyEnabled: true }] } }),
    says: /Bucket data has an encryption configuration without a default/,
  },
  {
    rule: "CKV_AWS_21",
    good: bucketWith({ versioning: { versioningConfiguration: { status: "Enabled" } } }),
    bad: bucketWith({ versioning: { versioningConfiguration: { status: "Suspended" } } }),
    says: /does not keep versions/,
  },
  {
    rule: "CKV2_AWS_6",
    good: bucketWith({ block: fullBlock }),
    bad: bucketWith({ block: { ...fullBlock, restrictPublicBuckets: false } }),
    says: /an incomplete public access block/,
  },
  {
    rule: "CIS-AWS-2.1.1",
    good: bucketWith({ policy: { policy: tlsPolicy } }),
    bad: bucketWith({ policy: { policy: iamDoc("s3:GetObject", "arn:aws:s3:::b/*") } }),
    says: /accepts plain HTTP/,
  },
  // CloudWatch Logs
  {
    rule: "CKV_AWS_66",
    good: one(LOG_GROUP, { retentionInDays: 7, kmsKeyId: "k" }),
    bad: one(LOG_GROUP, { kmsKeyId: "k" }),
    says: /kept forever/,
  },
  {
    rule: "CKV_AWS_158",
    good: one(LOG_GROUP, { retentionInDays: 7, kmsKeyId: "k" }),
    bad: one(LOG_GROUP, { retentionInDays: 7 }),
    says: /no KMS key/,
  },
  // Security groups
  {
    rule: "CIS-AWS-5.2",
    good: one(SG, {
      ingress: [tcp(443, { cidrBlocks: ["0.0.0.0/0"] }), tcp(5432, { cidrBlocks: ["10.0.0.0/16"] })],
    }),
    bad: one(SG, { ingress: [tcp(22, { cidrBlocks: ["0.0.0.0/0"] })] }),
    says: /0\.0\.0\.0\/0 on tcp 22/,
  },
  {
    rule: "CIS-AWS-5.2",
    good: one(INGRESS_RULE, {
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
      cidrIpv4: "0.0.0.0/0",
      securityGroupId: "sg",
    }),
    bad: one(INGRESS_RULE, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: "sg" }),
    says: /all traffic/,
  },
  {
    rule: "CIS-AWS-5.3",
    good: one(SG_RULE, {
      type: "ingress",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      ipv6CidrBlocks: ["::/0"],
      securityGroupId: "sg",
    }),
    bad: one(SG_RULE, {
      type: "ingress",
      protocol: "tcp",
      fromPort: 0,
      toPort: 65535,
      ipv6CidrBlocks: ["::/0"],
      securityGroupId: "sg",
    }),
    says: /::\/0 on tcp 0-65535/,
  },
  {
    rule: "CIS-AWS-5.4",
    good: [
      { type: "aws:ec2/vpc:Vpc", name: "vpc", inputs: { cidrBlock: "10.0.0.0/16" } },
      {
        type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        name: "default",
        inputs: { ingress: [], egress: [] },
      },
    ],
    bad: [
      { type: "aws:ec2/vpc:Vpc", name: "vpc", inputs: { cidrBlock: "10.0.0.0/16" } },
      {
        type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        name: "default",
        inputs: { ingress: [tcp(443, { self: true })], egress: [] },
      },
    ],
    says: /Default security group default has 1 rule/,
  },
  {
    rule: "CIS-AWS-5.4",
    good: [
      { type: "aws:ec2/vpc:Vpc", name: "vpc", inputs: { cidrBlock: "10.0.0.0/16" } },
      {
        type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        name: "default",
        inputs: { ingress: [], egress: [] },
      },
    ],
    bad: [{ type: "aws:ec2/vpc:Vpc", name: "vpc", inputs: { cidrBlock: "10.0.0.0/16" } }],
    says: /1 VPC\(s\) leave their default security group open/,
  },
  // IAM
  {
    rule: "CKV_AWS_62",
    good: one("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: iamDoc(["logs:PutLogEvents"], "*") }),
    bad: one("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: iamDoc("*", ["*"]) }),
    says: /full administrator access/,
  },
  {
    rule: "CKV_AWS_62",
    good: one("aws:iam/policy:Policy", { policy: iamDoc("s3:*", "arn:aws:s3:::b/*") }),
    bad: one("aws:iam/policy:Policy", { policy: iamDoc(["s3:GetObject", "*"], "*") }),
    says: /"\*" on "\*"/,
  },
];

describe("policy pack: AWS rules", () => {
  for (const c of CASES) {
    const where = `${c.bad[0].type.split(":").pop()} in ${c.stack ?? "dev"}`;
    it(`${c.rule} (${where}): a compliant stack passes, a breaking one is reported`, async () => {
      assert.deepEqual(await violationsOf(c.rule, c.good, { stack: c.stack }), []);
      const violations = await violationsOf(c.rule, c.bad, { stack: c.stack });
      assert.equal(violations.length, 1, JSON.stringify(violations, null, 2));
      assert.equal(violations[0].policy, c.rule);
      assert.equal(violations[0].enforcementLevel, c.level ?? "mandatory");
      assert.match(violations[0].message, c.says);
      assert.match(violations[0].message, / Fix: \S/);
    });
  }

  // Every case in a prod stack is a production-only rule (requireProduction): the same breaking resource is not
  // checked in dev, nor in a stack of another name until the rule's `productionStacks` lists it.
  for (const c of CASES.filter((c) => c.stack === "prod")) {
    it(`${c.rule} (${c.bad[0].type}) is production-only: not applicable in dev, applies to a listed stack`, async () => {
      assert.deepEqual(await violationsOf(c.rule, c.bad, { stack: "dev" }), []);
      assert.deepEqual(await violationsOf(c.rule, c.bad, { stack: "live" }), []);
      const live = await violationsOf(c.rule, c.bad, {
        stack: "live",
        config: { [c.rule]: { productionStacks: ["live"] } },
      });
      assert.deepEqual(
        live.map((v) => v.policy),
        [c.rule],
      );
      assert.match(live[0].message, c.says);
    });
  }

  it("the production-only rules are exactly the ones the cases run in prod", () => {
    const prodOnly = policies
      .filter((p) => "productionStacks" in (p.configSchema?.properties ?? {}))
      .map((p) => p.name)
      .filter((name) => CASES.some((c) => c.rule === name));
    assert.deepEqual(
      [...new Set(CASES.filter((c) => c.stack === "prod").map((c) => c.rule))].sort(),
      prodOnly.sort(),
    );
  });

  it("the allowed public ports come from the pack's config", async () => {
    const open8080 = one(SG, { ingress: [tcp(8080, { cidrBlocks: ["0.0.0.0/0"] })] });
    assert.equal((await violationsOf("CIS-AWS-5.2", open8080)).length, 1);
    assert.deepEqual(
      await violationsOf("CIS-AWS-5.2", open8080, { config: { "CIS-AWS-5.2": { publicPorts: [8080] } } }),
      [],
    );
  });

  it("an S3 setting of another bucket does not count", async () => {
    const other = bucketWith({ block: fullBlock }).map((r) =>
      r.type === "aws:s3/bucket:Bucket" ? r : { ...r, inputs: { ...r.inputs, bucket: "logs-id" } },
    );
    const violations = await violationsOf("CKV2_AWS_6", other);
    assert.match(violations[0]?.message ?? "", /Bucket data has no public access block/);
  });
});
