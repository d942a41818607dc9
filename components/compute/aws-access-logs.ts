import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { awsTags, type AwsCtx } from "./aws-context";

export interface AccessLogBucket {
  readonly bucket: aws.s3.Bucket;
  /** The load balancer is created after the policy: ELB checks it can write when access logs are enabled. */
  readonly policy: aws.s3.BucketPolicy;
}

/**
 * The load balancer's access logs (Checkov CKV_AWS_91): a private bucket, encrypted with S3-managed keys
 * (the only encryption ELB log delivery supports), TLS only, kept as long as the stack's logs.
 */
export function createAccessLogBucket(ctx: AwsCtx): AccessLogBucket {
  const name = `${ctx.name}-alb-logs`;
  const keep = { protect: ctx.args.protect, retainOnDelete: ctx.args.protect };
  const bucket = new aws.s3.Bucket(
    name,
    {
      bucket: ctx.naming.physicalName("alb-logs", 63),
      forceDestroy: !ctx.args.protect,
      tags: awsTags(ctx, "alb-logs"),
    },
    { parent: ctx.parent, ...keep },
  );
  const opts = { parent: ctx.parent };
  new aws.s3.BucketPublicAccessBlock(
    name,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  new aws.s3.BucketOwnershipControls(
    name,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    opts,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    name,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    opts,
  );
  new aws.s3.BucketLifecycleConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: { prefix: "" },
          expiration: { days: ctx.args.logRetentionDays },
        },
      ],
    },
    opts,
  );
  const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: ctx.parent });
  const policy = new aws.s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "LoadBalancerWritesAccessLogs",
            Effect: "Allow",
            Principal: { AWS: elbAccount.arn },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucket.arn}/alb/AWSLogs/${ctx.accountId}/*`,
          },
          {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    },
    opts,
  );
  return { bucket, policy };
}
