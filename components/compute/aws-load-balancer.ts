import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { transformed } from "../transform";
import { awsTags, type AwsCtx } from "./aws-context";
import { createAccessLogBucket } from "./aws-access-logs";

/** CloudFront's origin-facing servers as a managed prefix list: AWS keeps it current, one name in every region. */
export const CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing";

export interface LoadBalancer {
  readonly alb: aws.lb.LoadBalancer;
  readonly securityGroup: aws.ec2.SecurityGroup;
  /** The one listener, which the services' rules attach to: HTTPS with a domain, else HTTP. */
  readonly listener: aws.lb.Listener;
  readonly httpsEnabled: boolean;
  /** The listener's port, which CloudFront's VPC origin connects to. */
  readonly port: number;
}

/**
 * The shared Application Load Balancer of the public services: internal, in the private subnets, reached only
 * by CloudFront through a VPC origin (the CDN layer makes it), so every request passes the CDN and its WAF.
 */
export function createLoadBalancer(ctx: AwsCtx): LoadBalancer {
  const httpsEnabled = ctx.args.domain !== undefined;
  const port = httpsEnabled ? 443 : 80;
  const securityGroup = createLoadBalancerSecurityGroup(ctx, port);
  const bucket = ctx.args.loadBalancer.accessLogs ? createAccessLogBucket(ctx) : undefined;
  const name = `${ctx.name}-alb`;
  const args: aws.lb.LoadBalancerArgs = {
    name: ctx.naming.physicalName("alb", 32),
    loadBalancerType: "application",
    // Internal: no public address at all (Checkov CKV2_AWS_28 then needs no regional WAF; the CDN's WAF sees all).
    internal: true,
    subnets: ctx.args.privateSubnetIds,
    securityGroups: [securityGroup.id],
    // Requests with malformed headers are dropped, not passed to the services (Checkov CKV_AWS_131).
    dropInvalidHeaderFields: true,
    // Checkov CKV_AWS_150.
    enableDeletionProtection: ctx.args.loadBalancer.deletionProtection,
    // Checkov CKV_AWS_91.
    accessLogs: bucket ? { bucket: bucket.bucket.bucket, prefix: "alb", enabled: true } : undefined,
    tags: awsTags(ctx, "alb"),
  };
  const alb = new aws.lb.LoadBalancer(name, transformed(args, name, ctx.args.transform?.loadBalancer), {
    parent: ctx.parent,
    dependsOn: bucket ? [bucket.policy] : [],
  });
  if (!httpsEnabled)
    return { alb, securityGroup, listener: createHttpListener(ctx, alb), httpsEnabled, port };
  const listener = createHttpsListener(ctx, alb, createCertificate(ctx, ctx.args.domain!));
  return { alb, securityGroup, listener, httpsEnabled, port };
}

/**
 * Only CloudFront's origin-facing servers reach the load balancer, on its one listener port. The prefix list
 * weighs about 55 rules against the group's quota of 60, so there is room for one such rule, not two.
 */
function createLoadBalancerSecurityGroup(ctx: AwsCtx, port: number): aws.ec2.SecurityGroup {
  const group = new aws.ec2.SecurityGroup(
    `${ctx.name}-alb`,
    {
      name: ctx.naming.physicalName("alb", 255),
      description: "Load balancer: CloudFront's VPC origin in, to the public services' ports",
      vpcId: ctx.args.vpcId,
      tags: awsTags(ctx, "alb"),
    },
    { parent: ctx.parent },
  );
  const cloudfront = aws.ec2.getManagedPrefixListOutput(
    { name: CLOUDFRONT_ORIGIN_FACING },
    { parent: ctx.parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${ctx.name}-alb-in-${port}`,
    {
      securityGroupId: group.id,
      description: `HTTP${port === 443 ? "S" : ""} from CloudFront's origin-facing servers`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      prefixListId: cloudfront.id,
      tags: awsTags(ctx, `alb-in-${port}`),
    },
    { parent: ctx.parent },
  );
  return group;
}

const NOT_FOUND: aws.types.input.lb.ListenerDefaultAction = {
  type: "fixed-response",
  fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
};

/**
 * No domain (dev): plain HTTP inside the VPC, from CloudFront's VPC origin only; anything unrouted answered 404.
 * No certificate can name an internal load balancer's AWS-given DNS name, so HTTPS needs compute.aws.domain.
 */
function createHttpListener(ctx: AwsCtx, alb: aws.lb.LoadBalancer): aws.lb.Listener {
  return new aws.lb.Listener(
    `${ctx.name}-http`,
    {
      loadBalancerArn: alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [NOT_FOUND],
      tags: awsTags(ctx, "http"),
    },
    { parent: ctx.parent },
  );
}

/**
 * A domain: HTTPS only, on an ACM certificate for it; CloudFront connects with that name as SNI and Host. No
 * HTTP listener: nothing but CloudFront can reach the load balancer, and CloudFront speaks HTTPS to it.
 */
function createHttpsListener(
  ctx: AwsCtx,
  alb: aws.lb.LoadBalancer,
  certificateArn: pulumi.Output<string>,
): aws.lb.Listener {
  return new aws.lb.Listener(
    `${ctx.name}-https`,
    {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: "HTTPS",
      // TLS 1.2 and 1.3 only, forward-secret ciphers (Checkov CKV_AWS_103).
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn,
      defaultActions: [NOT_FOUND],
      tags: awsTags(ctx, "https"),
    },
    { parent: ctx.parent },
  );
}

/** The domain's certificate in the stack's region, validated by a record in its zone. */
function createCertificate(
  ctx: AwsCtx,
  domain: { readonly name: string; readonly hostedZoneId: string },
): pulumi.Output<string> {
  const certificate = new aws.acm.Certificate(
    `${ctx.name}-certificate`,
    { domainName: domain.name, validationMethod: "DNS", tags: awsTags(ctx, "certificate") },
    { parent: ctx.parent },
  );
  // The name is known from config; the record's name and value only once ACM answers.
  const option = certificate.domainValidationOptions.apply((options) => options[0]);
  const record = new aws.route53.Record(
    `${ctx.name}-certificate-validation`,
    {
      zoneId: domain.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 60,
      allowOverwrite: true,
    },
    { parent: ctx.parent },
  );
  const validation = new aws.acm.CertificateValidation(
    `${ctx.name}-certificate`,
    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    { parent: ctx.parent },
  );
  return validation.certificateArn;
}
