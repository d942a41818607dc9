import * as pulumi from "@pulumi/pulumi";
import * as aws from "./sdk";
import type { Layer, Naming } from "../../naming";

export interface PrivateBucketSpec {
  readonly naming: Naming;
  readonly layer: Layer;
  /** The bucket's role (`site`, `access-logs`): the prefix of its globally unique name. */
  readonly role: string;
  /** Keep the bucket and its objects on `pulumi destroy`; otherwise destroy empties it. */
  readonly protect: boolean;
  /** `BucketOwnerPreferred` where a service writes with ACLs (CloudFront's standard logs), else ACLs off. */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
  /** Days after which objects (and their old versions) expire; kept forever when unset. */
  readonly expireAfterDays?: number;
  /**
   * Days an object's replaced or deleted versions are kept (Checkov CKV2_AWS_61): versioning without it keeps
   * every old version forever, billed. @default - expireAfterDays, else NONCURRENT_VERSION_DAYS
   */
  readonly noncurrentVersionDays?: number;
  /**
   * A customer-managed KMS key in the bucket's region: default encryption SSE-KMS with it and an S3 Bucket Key
   * (Checkov CKV_AWS_145). Its policy must let every service that writes to the bucket use it; ALB access logs
   * cannot be written to an SSE-KMS bucket at all. @default - SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** How long a bucket keeps replaced versions unless told: a quarter, time to notice and roll back a bad change. */
export const NONCURRENT_VERSION_DAYS = 90;

export interface PrivateBucket {
  readonly bucket: aws.s3.Bucket;
  /** Created before any policy: a policy applied while public access is allowed could expose the bucket. */
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  /** A writer that needs ACLs (CloudFront's standard logs) must wait for these: new buckets start with ACLs off. */
  readonly ownershipControls: aws.s3.BucketOwnershipControls;
}

/**
 * A bucket nobody outside the account can reach: all four public access blocks (Checkov CKV_AWS_53 to 56,
 * CIS AWS 2.1.4), server-side encryption (CKV_AWS_19; under a customer key when given one, CKV_AWS_145),
 * versioning (CKV_AWS_21) whose old versions expire (CKV2_AWS_61), ACLs off unless asked.
 */
export function createPrivateBucket(
  name: string,
  spec: PrivateBucketSpec,
  parent: pulumi.Resource,
): PrivateBucket {
  const opts = { parent };
  const bucket = new aws.s3.Bucket(
    name,
    {
      // A prefix: bucket names are global, and a random suffix keeps two accounts' stacks from colliding.
      bucketPrefix: `${spec.naming.physicalName(spec.role, 36)}-`,
      forceDestroy: !spec.protect,
      tags: spec.naming.tags(spec.layer, { Name: spec.naming.physicalName(spec.role, 255) }),
    },
    { parent, protect: spec.protect, retainOnDelete: spec.protect },
  );
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  const ownershipControls = new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: spec.objectOwnership ?? "BucketOwnerEnforced" } },
    opts,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    { bucket: bucket.id, rules: [encryptionRule(spec.kmsKeyArn)] },
    opts,
  );
  new aws.s3.BucketVersioning(
    `${name}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opts,
  );
  const noncurrentDays = spec.noncurrentVersionDays ?? spec.expireAfterDays ?? NONCURRENT_VERSION_DAYS;
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          // The rule's id stays "expire" where it always expired objects, so existing buckets see no rename.
          id: spec.expireAfterDays !== undefined ? "expire" : "noncurrent-versions",
          status: "Enabled",
          filter: {},
          expiration: spec.expireAfterDays !== undefined ? { days: spec.expireAfterDays } : undefined,
          noncurrentVersionExpiration: { noncurrentDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    opts,
  );
  return { bucket, publicAccessBlock, ownershipControls };
}

/**
 * SSE-S3, or SSE-KMS with the given key and a Bucket Key: S3 then asks KMS for a data key per bucket and period
 * rather than per object, which cuts KMS requests (and their cost) for buckets of many small log files.
 */
function encryptionRule(
  kmsKeyArn: pulumi.Input<string> | undefined,
): aws.types.input.s3.BucketServerSideEncryptionConfigurationRule {
  return kmsKeyArn === undefined
    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
    : {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn },
        bucketKeyEnabled: true,
      };
}

/** Statements every bucket policy starts with: no plain HTTP (CIS AWS 2.1.1), no TLS below 1.2. */
export function transportStatements(
  bucketArn: pulumi.Input<string>,
): pulumi.Input<Record<string, unknown>>[] {
  const resources = [bucketArn, pulumi.interpolate`${bucketArn}/*`];
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyTlsBelow12",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
  ];
}

/** The bucket's policy: the transport rules, then the given statements; applied after public access is blocked. */
export function createBucketPolicy(
  name: string,
  target: PrivateBucket,
  statements: pulumi.Input<Record<string, unknown>>[],
  parent: pulumi.Resource,
): aws.s3.BucketPolicy {
  return new aws.s3.BucketPolicy(
    name,
    {
      bucket: target.bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [...transportStatements(target.bucket.arn), ...statements],
      }),
    },
    { parent, dependsOn: [target.publicAccessBlock] },
  );
}
