import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import { transformed, type Transform } from "../transform";
import { createLogGroup } from "../shared/aws/log-group";

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

/** A name the distribution answers, with the Route 53 zone that validates it and holds its alias records. */
export interface EdgeName {
  readonly domain: string;
  readonly zoneId: pulumi.Input<string>;
}

export interface Certificate {
  /** The ARN once DNS validation has completed, so the distribution never waits on a pending certificate. */
  readonly arn: pulumi.Output<string>;
}

/** The zone of the site's domain, looked up by name. */
export function lookupZone(spec: DomainSpec, parent: pulumi.Resource): pulumi.Output<string> {
  return aws.route53.getZoneOutput({ name: spec.hostedZone, privateZone: false }, { parent }).zoneId;
}

/**
 * One ACM certificate for every name of the distribution, issued in us-east-1, each name validated by a record
 * in its zone. ACM asks for the same record for a name in every region, so a name the load balancer's regional
 * certificate also validates gets an identical record: `allowOverwrite` lets both exist without a conflict.
 */
export function createCertificate(
  name: string,
  names: readonly EdgeName[],
  naming: Naming,
  parent: pulumi.Resource,
  usEast1: aws.Provider,
): Certificate {
  const certificate = new aws.acm.Certificate(
    `${name}-certificate`,
    {
      domainName: names[0].domain,
      subjectAlternativeNames: names.length > 1 ? names.slice(1).map((n) => n.domain) : undefined,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      tags: naming.tags("cdn", { Name: naming.physicalName("cdn", 255) }),
    },
    { parent, provider: usEast1 },
  );
  // The names are known at program time; their records' names and values only once ACM answers.
  const records = names.map((entry, i) => {
    const validation = certificate.domainValidationOptions.apply(
      (options) => options.find((o) => o.domainName === entry.domain)!,
    );
    return new aws.route53.Record(
      i === 0 ? `${name}-certificate-validation` : `${name}-certificate-validation-${i + 1}`,
      {
        zoneId: entry.zoneId,
        name: validation.resourceRecordName,
        type: validation.resourceRecordType,
        records: [validation.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      { parent },
    );
  });
  const validated = new aws.acm.CertificateValidation(
    `${name}-certificate-validated`,
    { certificateArn: certificate.arn, validationRecordFqdns: records.map((record) => record.fqdn) },
    { parent, provider: usEast1 },
  );
  return { arn: validated.certificateArn };
}

/** IPv4 and IPv6 alias records from the domain to the distribution. */
export function createAliasRecords(
  childName: string,
  entry: EdgeName,
  distribution: aws.cloudfront.Distribution,
  parent: pulumi.Resource,
  formerA?: pulumi.Alias,
): void {
  const { domain, zoneId } = entry;
  for (const type of ["A", "AAAA"] as const) {
    new aws.route53.Record(
      `${childName}-${type.toLowerCase()}`,
      {
        zoneId,
        name: domain,
        type,
        aliases: [
          { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
        ],
      },
      // An A record that another resource made for this name becomes this one, updated in place: creating a
      // second record of the same name and type fails in Route 53.
      { parent, aliases: type === "A" && formerA ? [formerA] : undefined },
    );
  }
}

export const WAF_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAnonymousIpList",
] as const;

/**
 * Rules of a group that only count: HostingProviderIPList would block every client calling the API from a
 * cloud server (webhooks, partners' back ends); anonymisers (Tor, VPN exits) stay blocked.
 */
const COUNT_ONLY: Partial<Record<(typeof WAF_RULE_GROUPS)[number], readonly string[]>> = {
  AWSManagedRulesAnonymousIpList: ["HostingProviderIPList"],
};

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * The web ACL on the distribution (Checkov CKV_AWS_68): AWS's common, known-bad-inputs (Log4Shell, CKV2_AWS_76)
 * and anonymous-IP (CKV2_AWS_47) rule groups, then a rate limit per client IP.
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
        statement: {
          managedRuleGroupStatement: {
            vendorName: "AWS",
            name: group,
            ruleActionOverrides: COUNT_ONLY[group]?.map((rule) => ({
              name: rule,
              actionToUse: { count: {} },
            })),
          },
        },
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

/**
 * The web ACL's request log (Checkov CKV2_AWS_31). WAF delivers only to a log group named `aws-waf-logs-…` in
 * the ACL's region, us-east-1 for CloudFront, so it gets a key there; credentials and cookies are redacted.
 */
export function createWebAclLogging(
  name: string,
  webAcl: aws.wafv2.WebAcl,
  spec: { naming: Naming; retentionDays: number; kmsKeyArn: pulumi.Input<string> },
  parent: pulumi.Resource,
  usEast1: aws.Provider,
): void {
  const logGroup = createLogGroup(
    `${name}-waf-logs`,
    {
      naming: spec.naming,
      layer: "cdn",
      role: "waf",
      physicalName: `aws-waf-logs-${spec.naming.physicalName("cdn", 400)}`,
      retentionDays: spec.retentionDays,
      kmsKeyArn: spec.kmsKeyArn,
    },
    { parent, provider: usEast1 },
  );
  new aws.wafv2.WebAclLoggingConfiguration(
    `${name}-waf-logging`,
    {
      resourceArn: webAcl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: ["authorization", "cookie"].map((header) => ({ singleHeader: { name: header } })),
    },
    { parent, provider: usEast1 },
  );
}
