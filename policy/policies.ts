import type { Policies } from "@pulumi/policy";
import { loadBalancerPolicies } from "./aws/load-balancer";
import { auroraPolicies } from "./aws/aurora";
import { elasticachePolicies } from "./aws/elasticache";
import { ecsPolicies } from "./aws/ecs";
import { cloudfrontPolicies } from "./aws/cloudfront";
import { s3Policies } from "./aws/s3";
import { logPolicies } from "./aws/logs";
import { securityGroupPolicies } from "./aws/security-groups";
import { iamPolicies } from "./aws/iam";
import { workloadPolicies } from "./kubernetes/workloads";
import { networkPolicies } from "./kubernetes/network";
import { availabilityPolicies } from "./kubernetes/availability";
import { servicePolicies } from "./kubernetes/services";
import { reliabilityPolicies } from "./reliability";

/**
 * Every Strata rule. The pack (index.ts) serves these to the Pulumi CLI; the offline preview
 * (tools/policy/) evaluates the same objects on the mocked graph.
 */
export const policies: Policies = [
  ...loadBalancerPolicies,
  ...auroraPolicies,
  ...elasticachePolicies,
  ...ecsPolicies,
  ...cloudfrontPolicies,
  ...s3Policies,
  ...logPolicies,
  ...securityGroupPolicies,
  ...iamPolicies,
  ...workloadPolicies,
  ...networkPolicies,
  ...availabilityPolicies,
  ...servicePolicies,
  ...reliabilityPolicies,
];

export const PACK_NAME = "strata";
