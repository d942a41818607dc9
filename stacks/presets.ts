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
    cdn: {
      siteDir: "frontend",
      spaFallback: true,
      priceClass: "PriceClass_100",
      // WAF costs a monthly fee per ACL and rule; dev is not a target worth it.
      waf: { enabled: false, ratePerFiveMinutes: 2000 },
      kubernetes: { replicas: 1 },
    },
    observability: {
      alertEmails: [],
      // Loose in dev: alarms that fire daily get ignored.
      thresholds: {
        loadBalancer5xxPercent: 10,
        targetResponseTimeSeconds: 3,
        unhealthyHosts: 1,
        serviceCpuPercent: 90,
        serviceMemoryPercent: 90,
        databaseCpuPercent: 90,
        databaseFreeableMemoryMiB: 128,
        databaseConnections: 80,
        databaseFreeStorageGiB: 2,
        cacheCpuPercent: 90,
        cacheMemoryPercent: 90,
        cacheEvictions: 1000,
        cdn5xxPercent: 10,
        podRestarts: 5,
      },
      kubernetes: { prometheusOperator: false, selectorLabels: {} },
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
    cdn: {
      siteDir: "frontend",
      spaFallback: true,
      priceClass: "PriceClass_100",
      // Checkov CKV_AWS_68: a WAF web ACL in front of the public distribution.
      waf: { enabled: true, ratePerFiveMinutes: 2000 },
      kubernetes: { replicas: 2 },
    },
    observability: {
      alertEmails: [],
      thresholds: {
        loadBalancer5xxPercent: 2,
        targetResponseTimeSeconds: 1,
        unhealthyHosts: 1,
        serviceCpuPercent: 80,
        serviceMemoryPercent: 80,
        databaseCpuPercent: 80,
        databaseFreeableMemoryMiB: 256,
        databaseConnections: 400,
        databaseFreeStorageGiB: 10,
        cacheCpuPercent: 75,
        cacheMemoryPercent: 80,
        cacheEvictions: 100,
        cdn5xxPercent: 2,
        podRestarts: 3,
      },
      kubernetes: { prometheusOperator: false, selectorLabels: {} },
    },
  },
};
