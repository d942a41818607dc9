import type { Synthetic } from "./policy";

/** Resources of the types the other layers create, each compliant with every rule; tests break one field. */
export const LB = "aws:lb/loadBalancer:LoadBalancer";
export const ALB = "aws:alb/loadBalancer:LoadBalancer";
export const LISTENER = "aws:lb/listener:Listener";
export const goodLb = {
  loadBalancerType: "application",
  internal: true,
  accessLogs: { bucket: "logs", enabled: true },
  enableDeletionProtection: true,
  dropInvalidHeaderFields: true,
};
export const redirect = {
  type: "redirect",
  redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
};
export const httpsListener = {
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
  defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
};

export const CLUSTER = "aws:rds/cluster:Cluster";
export const goodCluster = {
  engine: "aurora-postgresql",
  storageEncrypted: true,
  kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/db",
  backupRetentionPeriod: 7,
  deletionProtection: true,
  iamDatabaseAuthenticationEnabled: true,
  enabledCloudwatchLogsExports: ["postgresql"],
};

export const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
export const goodCache = {
  description: "cache",
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  authToken: "[secret]",
  multiAzEnabled: true,
  automaticFailoverEnabled: true,
};

export const TASK = "aws:ecs/taskDefinition:TaskDefinition";
export const task = (
  container: Record<string, unknown>,
  roles = { executionRoleArn: "exec", taskRoleArn: "app" },
) => ({
  family: "api",
  ...roles,
  containerDefinitions: JSON.stringify([{ name: "api", image: "api:1.0", ...container }]),
});

export const CDN = "aws:cloudfront/distribution:Distribution";
export const goodCdn = {
  enabled: true,
  origins: [
    { originId: "assets", domainName: "assets.s3.eu-west-1.amazonaws.com", originAccessControlId: "oac" },
  ],
  defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", targetOriginId: "assets" },
  orderedCacheBehaviors: [
    { pathPattern: "/api/*", viewerProtocolPolicy: "https-only", targetOriginId: "assets" },
  ],
  viewerCertificate: {
    acmCertificateArn: "arn",
    minimumProtocolVersion: "TLSv1.2_2021",
    sslSupportMethod: "sni-only",
  },
  loggingConfig: { bucket: "logs.s3.amazonaws.com" },
  webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x",
};

/** A bucket and its v7 settings resources, joined by the bucket's (mocked) id as the SDK passes it. */
export function bucketWith(
  settings: Partial<Record<"encryption" | "versioning" | "block" | "policy", Record<string, unknown>>>,
) {
  const bucket: Synthetic = {
    type: "aws:s3/bucket:Bucket",
    name: "data",
    inputs: { bucket: "strata-dev-data" },
  };
  const of = (type: string, inputs: Record<string, unknown> | undefined): Synthetic[] =>
    inputs ? [{ type, name: `data-${type.split(":").pop()}`, inputs: { bucket: "data-id", ...inputs } }] : [];
  return [
    bucket,
    ...of(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      settings.encryption,
    ),
    ...of("aws:s3/bucketVersioning:BucketVersioning", settings.versioning),
    ...of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", settings.block),
    ...of("aws:s3/bucketPolicy:BucketPolicy", settings.policy),
  ];
}
export const fullBlock = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
export const tlsPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const SG = "aws:ec2/securityGroup:SecurityGroup";
export const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const tcp = (port: number, cidr: Record<string, unknown>) => ({
  protocol: "tcp",
  fromPort: port,
  toPort: port,
  ...cidr,
});
export const iamDoc = (Action: unknown, Resource: unknown) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
