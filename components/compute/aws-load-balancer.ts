import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { transformed } from "../transform";
import { awsTags, type AwsCtx } from "./aws-context";
import { createAccessLogBucket } from "./aws-access-logs";

export interface LoadBalancer {
  readonly alb: aws.lb.LoadBalancer;
  readonly securityGroup: aws.ec2.SecurityGroup;
  /** The listener the services' rules attach to: HTTPS with a domain, else HTTP. */
  readonly listener: aws.lb.Listener;
  readonly httpsEnabled: boolean;
}

/** The shared Application Load Balancer of the public services, in the public subnets. */
export function createLoadBalancer(ctx: AwsCtx, routeHosts: readonly string[]): LoadBalancer {
  const httpsEnabled = ctx.args.domain !== undefined;
  const securityGroup = createLoadBalancerSecurityGroup(ctx, httpsEnabled);
  const bucket = ctx.args.loadBalancer.accessLogs ? createAccessLogBucket(ctx) : undefined;
  const name = `${ctx.name}-alb`;
  const args: aws.lb.LoadBalancerArgs = {
    name: ctx.naming.physicalName("alb", 32),
    loadBalancerType: "application",
    internal: false,
    subnets: ctx.args.publicSubnetIds,
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
  const listener = httpsEnabled ? createHttpsListeners(ctx, alb, routeHosts) : createHttpListener(ctx, alb);
  return { alb, securityGroup, listener, httpsEnabled };
}

/** The internet reaches the load balancer on 80 and, with a domain, 443; nothing else. */
function createLoadBalancerSecurityGroup(ctx: AwsCtx, httpsEnabled: boolean): aws.ec2.SecurityGroup {
  const group = new aws.ec2.SecurityGroup(
    `${ctx.name}-alb`,
    {
      name: ctx.naming.physicalName("alb", 255),
      description: "Load balancer: HTTP(S) from the internet, to the public services' ports",
      vpcId: ctx.args.vpcId,
      tags: awsTags(ctx, "alb"),
    },
    { parent: ctx.parent },
  );
  const ports = httpsEnabled ? [80, 443] : [80];
  for (const port of ports) {
    new aws.vpc.SecurityGroupIngressRule(
      `${ctx.name}-alb-in-${port}`,
      {
        securityGroupId: group.id,
        description: `HTTP${port === 443 ? "S" : ""} from the internet`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "0.0.0.0/0",
        tags: awsTags(ctx, `alb-in-${port}`),
      },
      { parent: ctx.parent },
    );
  }
  return group;
}

const NOT_FOUND: aws.types.input.lb.ListenerDefaultAction = {
  type: "fixed-response",
  fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
};

/** No domain: plain HTTP, the services' rules on it, anything unrouted answered 404. */
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
 * A domain: HTTPS on an ACM certificate validated in the stack's Route 53 zone, HTTP redirected to HTTPS
 * (Checkov CKV2_AWS_20), and alias records pointing the domain and the routes' hosts at the load balancer.
 */
function createHttpsListeners(
  ctx: AwsCtx,
  alb: aws.lb.LoadBalancer,
  routeHosts: readonly string[],
): aws.lb.Listener {
  const domain = ctx.args.domain!;
  const hosts = [...new Set([domain.name, ...routeHosts])];
  const certificateArn = createCertificate(ctx, domain.hostedZoneId, hosts);
  new aws.lb.Listener(
    `${ctx.name}-http`,
    {
      loadBalancerArn: alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } },
      ],
      tags: awsTags(ctx, "http"),
    },
    { parent: ctx.parent },
  );
  const https = new aws.lb.Listener(
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
  hosts.forEach(
    (host, i) =>
      new aws.route53.Record(
        i === 0 ? `${ctx.name}-alias` : `${ctx.name}-alias-${i + 1}`,
        {
          zoneId: domain.hostedZoneId,
          name: host,
          type: "A",
          aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
        },
        { parent: ctx.parent },
      ),
  );
  return https;
}

/** One certificate for the domain and the routes' hosts, each name validated by a record in the zone. */
function createCertificate(ctx: AwsCtx, zoneId: string, hosts: readonly string[]): pulumi.Output<string> {
  const certificate = new aws.acm.Certificate(
    `${ctx.name}-certificate`,
    {
      domainName: hosts[0],
      subjectAlternativeNames: hosts.length > 1 ? hosts.slice(1) : undefined,
      validationMethod: "DNS",
      tags: awsTags(ctx, "certificate"),
    },
    { parent: ctx.parent },
  );
  // The names are known from config; their records' names and values only once ACM answers.
  const records = hosts.map((host, i) => {
    const option = certificate.domainValidationOptions.apply(
      (options) => options.find((o) => o.domainName === host)!,
    );
    return new aws.route53.Record(
      i === 0 ? `${ctx.name}-certificate-validation` : `${ctx.name}-certificate-validation-${i + 1}`,
      {
        zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 60,
        allowOverwrite: true,
      },
      { parent: ctx.parent },
    );
  });
  const validation = new aws.acm.CertificateValidation(
    `${ctx.name}-certificate`,
    { certificateArn: certificate.arn, validationRecordFqdns: records.map((record) => record.fqdn) },
    { parent: ctx.parent },
  );
  return validation.certificateArn;
}
