import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { createBucketPolicy, createPrivateBucket } from "../shared/aws/private-bucket";
import type { AwsCtx } from "./aws-context";

export interface AccessLogBucket {
  readonly bucket: aws.s3.Bucket;
  /** The load balancer is created after the policy: ELB checks it can write when access logs are enabled. */
  readonly policy: aws.s3.BucketPolicy;
}

/**
 * The load balancer's access logs (Checkov CKV_AWS_91): the platform's private bucket (public access blocked,
 * S3-managed encryption, the only kind ELB log delivery supports, versioned, TLS only), kept as long as the
 * stack's logs, writable by the region's Elastic Load Balancing account under this account's prefix only.
 */
export function createAccessLogBucket(ctx: AwsCtx): AccessLogBucket {
  const name = `${ctx.name}-alb-logs`;
  const logs = createPrivateBucket(
    name,
    {
      naming: ctx.naming,
      layer: "compute",
      role: "alb-logs",
      protect: ctx.args.protect,
      expireAfterDays: ctx.args.logRetentionDays,
    },
    ctx.parent,
  );
  const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: ctx.parent });
  const policy = createBucketPolicy(
    name,
    logs,
    [
      {
        Sid: "LoadBalancerWritesAccessLogs",
        Effect: "Allow",
        Principal: { AWS: elbAccount.arn },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${logs.bucket.arn}/alb/AWSLogs/${ctx.accountId}/*`,
      },
    ],
    ctx.parent,
  );
  return { bucket: logs.bucket, policy };
}
