import type { PresetName } from "./schema/platform";
import type { DeepPartial } from "./merge";
import type { StackSettings } from "./schema";

/**
 * Cost and safety, set together. dev is cheap (two zones, one NAT gateway, short retention, nothing
 * protected); prod is safe (three zones, a NAT gateway per zone, long retention, stateful resources
 * protected). Any value can be overridden in the stack file; a stack names its preset with `preset`.
 */
export const PRESETS: Record<PresetName, DeepPartial<StackSettings>> = {
  dev: {
    protect: false,
    logs: { retentionDays: 7 },
    aws: {
      zones: 2,
      vpcCidr: "10.0.0.0/16",
      natStrategy: "single",
      flowLogs: { enabled: true, retentionDays: 7 },
    },
    kubernetes: { ingressClass: "nginx", ingressNamespace: "ingress-nginx" },
    compute: {
      // Mostly Fargate Spot (about 70% cheaper); one weight on-demand keeps some tasks through Spot reclaims.
      aws: {
        capacityProviders: { fargate: 1, fargateSpot: 3 },
        loadBalancer: { deletionProtection: false, accessLogs: false },
      },
      kubernetes: {},
    },
  },
  prod: {
    protect: true,
    logs: { retentionDays: 90 },
    aws: {
      zones: 3,
      vpcCidr: "10.0.0.0/16",
      natStrategy: "perZone",
      flowLogs: { enabled: true, retentionDays: 365 },
    },
    kubernetes: { ingressClass: "nginx", ingressNamespace: "ingress-nginx" },
    compute: {
      // On-demand only: Spot tasks can be reclaimed with two minutes' notice.
      aws: {
        capacityProviders: { fargate: 1, fargateSpot: 0 },
        // Checkov CKV_AWS_150 (deletion protection), CKV_AWS_91 (access logs).
        loadBalancer: { deletionProtection: true, accessLogs: true },
      },
      kubernetes: {},
    },
  },
};
