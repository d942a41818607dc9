import type { PolicyResource } from "@pulumi/policy";
import { asArray, ifKnown, known, parseJson, stackRule, type RuleInfo } from "../rule";

/** In @pulumi/aws v7 a bucket's settings are separate resources: these rules join them to their bucket. */
const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const ENCRYPTION = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const VERSIONING = [
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
];
/** The default algorithms CKV_AWS_19 accepts; a rule without one (undefined) is not among them. */
const STRONG_ALGORITHMS: readonly (string | undefined)[] = ["aws:kms", "AES256"];
type EncryptionRule = { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } } | undefined;
const PUBLIC_ACCESS_BLOCK = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];
const BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"];

/**
 * Whether a settings resource belongs to a bucket: the engine says its `bucket` input came from that bucket
 * (property dependencies, known even during preview), or the value equals the bucket's name.
 */
function belongsTo(setting: PolicyResource, bucket: PolicyResource): boolean {
  if (asArray(setting.propertyDependencies.bucket).some((r) => r.urn === bucket.urn)) return true;
  const value = ifKnown<string>(setting.props, "bucket");
  return value !== undefined && value === ifKnown<string>(bucket.props, "bucket");
}

function settingsOf(resources: PolicyResource[], bucket: PolicyResource, types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type) && belongsTo(r, bucket));
}

/** A rule on every bucket of the stack (not applicable when there is none): `problemOf` says what is wrong. */
function bucketRule(
  info: RuleInfo,
  problemOf: (bucket: PolicyResource, resources: PolicyResource[]) => string | undefined,
) {
  return stackRule(info, (resources, args, fail) => {
    const buckets = resources.filter((r) => BUCKETS.includes(r.type));
    if (buckets.length === 0) return args.notApplicable("no S3 bucket in the stack");
    for (const bucket of buckets) {
      const problem = problemOf(bucket, resources);
      if (problem) fail(`Bucket ${bucket.name} ${problem}`, bucket.urn);
    }
  });
}

interface Statement {
  readonly Effect?: string;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A statement that denies every request not made over TLS (`aws:SecureTransport` false). */
function deniesPlainHttp(statement: Statement): boolean {
  const secure = statement.Condition?.Bool?.["aws:SecureTransport"];
  return statement.Effect === "Deny" && String(secure) === "false";
}

function tlsOnly(policy: unknown): boolean {
  const document = parseJson<{ Statement?: Statement | Statement[] }>(policy);
  return asArray(document?.Statement).some(deniesPlainHttp);
}

export const s3Policies = [
  bucketRule(
    {
      id: "CKV_AWS_19",
      // As Checkov's: a bucket without a configuration passes (S3 encrypts every new object with SSE-S3 since
      // January 2023); a configuration must set a default of "aws:kms" or "AES256".
      description: "S3 buckets encrypt at rest: S3's default, or a configured default of aws:kms or AES256.",
      fix: 'Give every rule of the bucket\'s aws.s3.BucketServerSideEncryptionConfiguration an applyServerSideEncryptionByDefault with sseAlgorithm "aws:kms" (the stack\'s key) or "AES256".',
    },
    (bucket, resources) => {
      const inline = known<{ rule?: EncryptionRule }>(bucket.props, "serverSideEncryptionConfiguration");
      const configured = [
        ...asArray(inline?.rule),
        ...settingsOf(resources, bucket, ENCRYPTION).flatMap((r) =>
          asArray(known<EncryptionRule[]>(r.props, "rules")),
        ),
      ];
      const algorithms = configured.map((rule) => rule?.applyServerSideEncryptionByDefault?.sseAlgorithm);
      const weak = algorithms.filter((a) => !STRONG_ALGORITHMS.includes(a));
      return weak.length === 0
        ? undefined
        : "has an encryption configuration without a default of aws:kms or AES256.";
    },
  ),
  bucketRule(
    {
      id: "CKV_AWS_21",
      description: "S3 buckets keep object versions.",
      fix: 'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration: { status: "Enabled" }.',
    },
    (bucket, resources) => {
      const inline = known<{ enabled?: boolean }>(bucket.props, "versioning")?.enabled === true;
      const separate = settingsOf(resources, bucket, VERSIONING).some(
        (r) => known<{ status?: string }>(r.props, "versioningConfiguration")?.status === "Enabled",
      );
      return inline || separate ? undefined : "does not keep versions.";
    },
  ),
  bucketRule(
    {
      id: "CKV2_AWS_6",
      description:
        "S3 buckets have a public access block with all four settings on (CKV_AWS_53 to CKV_AWS_56).",
      fix: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    },
    (bucket, resources) => {
      const blocks = settingsOf(resources, bucket, PUBLIC_ACCESS_BLOCK);
      const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
      const complete = blocks.some((b) => flags.every((flag) => known(b.props, flag) === true));
      return complete ? undefined : `has ${blocks.length ? "an incomplete" : "no"} public access block.`;
    },
  ),
  bucketRule(
    {
      id: "CIS-AWS-2.1.1",
      description: "S3 bucket policies deny requests not made over TLS.",
      fix: 'Add an aws.s3.BucketPolicy with a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
    },
    (bucket, resources) => {
      const policies = [
        known(bucket.props, "policy"),
        ...settingsOf(resources, bucket, BUCKET_POLICY).map((r) => known(r.props, "policy")),
      ];
      return policies.some(tlsOnly) ? undefined : "accepts plain HTTP requests.";
    },
  ),
];
