import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { Naming } from "../naming";
import { transformed, type Transform } from "../transform";

/**
 * What CloudFront needs from us-east-1 (its certificates and web ACLs live only there), through a provider
 * made for that region alone (convention 10), never the stack's ambient one.
 */
export function createUsEast1Provider(name: string, parent: pulumi.Resource): aws.Provider {
  return new aws.Provider(`${name}-us-east-1`, { region: "us-east-1" }, { parent });
}

export interface DomainSpec {
  readonly domain: string;
  readonly hostedZone: string;
}

export interface Certificate {
  readonly zoneId: pulumi.Output<string>;
  /** The ARN once DNS validation has completed, so the distribution never waits on a pending certificate. */
  readonly arn: pulumi.Output<string>;
}

/** An ACM certificate for the domain, issued in us-east-1 and validated through the Route 53 zone. */
export function createCertificate(
  name: string,
  spec: DomainSpec,
  naming: Naming,
  parent: pulumi.Resource,
  usEast1: aws.Provider,
): Certificate {
  const zone = aws.route53.getZoneOutput({ name: spec.hostedZone, privateZone: false }, { parent });
  const certificate = new aws.acm.Certificate(
    `${name}-certificate`,
    {
      domainName: spec.domain,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      tags: naming.tags("cdn", { Name: naming.physicalName("cdn", 255) }),
    },
    { parent, provider: usEast1 },
  );
  // One domain, one validation record: the count is known at program time.
  const validation = certificate.domainValidationOptions.apply((options) => options[0]);
  const record = new aws.route53.Record(
    `${name}-certificate-validation`,
    {
      zoneId: zone.zoneId,
      name: validation.resourceRecordName,
      type: validation.resourceRecordType,
      records: [validation.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    },
    { parent },
  );
  const validated = new aws.acm.CertificateValidation(
    `${name}-certificate-validated`,
    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    { parent, provider: usEast1 },
  );
  return { zoneId: zone.zoneId, arn: validated.certificateArn };
}

/** IPv4 and IPv6 alias records from the domain to the distribution. */
export function createAliasRecords(
  name: string,
  domain: string,
  zoneId: pulumi.Input<string>,
  distribution: aws.cloudfront.Distribution,
  parent: pulumi.Resource,
): void {
  for (const type of ["A", "AAAA"] as const) {
    new aws.route53.Record(
      `${name}-alias-${type.toLowerCase()}`,
      {
        zoneId,
        name: domain,
        type,
        aliases: [
          { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
        ],
      },
      { parent },
    );
  }
}

export const WAF_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * The web ACL on the distribution (Checkov CKV_AWS_68): AWS's common and known-bad-inputs rule groups
 * (the latter covers Log4Shell, CKV2_AWS_76), then a rate limit per client IP.
 */
export function createWebAcl(
  name: string,
  ratePerFiveMinutes: number,
  naming: Naming,
  parent: pulumi.Resource,
  usEast1: aws.Provider,
  transform?: Transform<aws.wafv2.WebAclArgs>,
): aws.wafv2.WebAcl {
  const aclName = naming.physicalName("cdn", 128);
  const childName = `${name}-web-acl`;
  const args: aws.wafv2.WebAclArgs = {
    name: aclName,
    description: `Protects the CDN of ${naming.project}-${naming.stack}`,
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    rules: [
      ...WAF_RULE_GROUPS.map((group, i) => ({
        name: group,
        priority: i + 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
        visibilityConfig: visibility(group),
      })),
      {
        name: "rate-per-ip",
        priority: WAF_RULE_GROUPS.length + 1,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: ratePerFiveMinutes, aggregateKeyType: "IP" } },
        visibilityConfig: visibility("rate-per-ip"),
      },
    ],
    visibilityConfig: visibility(aclName),
    tags: naming.tags("cdn", { Name: aclName }),
  };
  return new aws.wafv2.WebAcl(childName, transformed(args, childName, transform), {
    parent,
    provider: usEast1,
  });
}
