import { AL2023_ARM64_PARAMETER } from "../../components/network/nat-instance";

/** One IAM action a data-source call needs, on the resource it names (`*` when the action takes no resource). */
export interface CallAction {
  readonly action: string;
  readonly resource?: (region: string) => string;
  /** CloudFront and Route 53 are global: their API is called in us-east-1, whatever the stack's region. */
  readonly global?: boolean;
}

/**
 * The IAM actions each data-source call of the program makes, as hashicorp/terraform-provider-aws's data sources
 * (v6, under @pulumi/aws 7) call the AWS APIs. test/bootstrap-roles.test.ts fails when the offline engine
 * answers a call that is not listed here, and when a stack's CI role may not make a listed one.
 */
export const ACTIONS_BY_CALL: Readonly<Record<string, readonly CallAction[]>> = {
  // One DescribeAvailabilityZones, its `state` a filter.
  "aws:index/getAvailabilityZones:getAvailabilityZones": [{ action: "ec2:DescribeAvailabilityZones" }],
  // Found by name, then its entries read.
  "aws:ec2/getManagedPrefixList:getManagedPrefixList": [
    { action: "ec2:DescribeManagedPrefixLists" },
    { action: "ec2:GetManagedPrefixListEntries" },
  ],
  // STS answers GetCallerIdentity to anyone: no permission, even when denied.
  "aws:index/getCallerIdentity:getCallerIdentity": [],
  // Answered from the provider's own configuration and tables: no API call.
  "aws:index/getRegion:getRegion": [],
  "aws:elb/getServiceAccount:getServiceAccount": [],
  "aws:index/getPartition:getPartition": [],
  // A managed policy found by name: its list is paged through, then the policy read.
  "aws:cloudfront/getCachePolicy:getCachePolicy": [
    { action: "cloudfront:ListCachePolicies", global: true },
    { action: "cloudfront:GetCachePolicy", global: true },
  ],
  "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": [
    { action: "cloudfront:ListOriginRequestPolicies", global: true },
    { action: "cloudfront:GetOriginRequestPolicy", global: true },
  ],
  // The NAT instance's AMI, from AWS's public parameter (whose ARN carries no account).
  "aws:ssm/getParameter:getParameter": [
    {
      action: "ssm:GetParameter",
      resource: (region) => `arn:aws:ssm:${region}::parameter${AL2023_ARM64_PARAMETER}`,
    },
  ],
  // The zones are paged through and matched by name, then the zone and its tags read.
  "aws:route53/getZone:getZone": [
    { action: "route53:ListHostedZones", global: true },
    { action: "route53:GetHostedZone", global: true },
    { action: "route53:ListTagsForResource", global: true },
  ],
};
