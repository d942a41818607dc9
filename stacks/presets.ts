import type { PresetName } from "./schema/platform";
import type { DeepPartial } from "./merge";
import type { StackSettings } from "./schema";

/**
 * The operand image of CloudNativePG for PostgreSQL 16 (the engine's default major on aws too), pinned by
 * digest: two unrelated public repositories (a GitOps Cluster manifest and another project's test of its
 * Cluster) pin ghcr.io/cloudnative-pg/postgresql:16.4 to this digest; the project's own manifests name the tag
 * only. Read 2026-12-01; verify before a prod deploy (docs/data.md).
 */
const CNPG_IMAGE =
  "ghcr.io/cloudnative-pg/postgresql:16.4@sha256:99be063781d171d3971089b49c992706bdab9ccbd2b57cdf126c7542773aedfe";

/** A small Serverless v2 PostgreSQL and a one-node cache: cheap, nothing protected, a week of backups. */
const DEV_DATA: DeepPartial<StackSettings> = {
  database: {
    mode: "managed",
    engine: "postgres",
    name: "app",
    username: "strata",
    appUsername: "strata_app",
    allowMajorVersionUpgrade: false,
    instanceClass: "db.serverless",
    // 0 ACU: the database pauses after 5 minutes without a connection (auto-pause) and resumes on the next.
    serverless: { minCapacity: 0, maxCapacity: 2 },
    readers: 0,
    backup: { retentionDays: 7, window: "03:00-04:00", schedule: "0 3 * * *" },
    deletionProtection: false,
    finalSnapshot: false,
    kubernetes: {
      storageSize: "10Gi",
      cpu: "250m",
      memory: "512Mi",
      operator: "none",
      cloudnativePg: { instances: 1, image: CNPG_IMAGE, operatorNamespace: "cnpg-system" },
      backup: { storage: "volume", volumeSize: "10Gi", acceptOnClusterBackups: false },
    },
  },
  cache: {
    mode: "managed",
    engine: "valkey",
    // The smallest Valkey node (cheaper than Redis OSS, TLS and an auth token kept); serverless Valkey's
    // minimum would be cheaper still, but it authenticates with users, not a token (docs/cost.md).
    nodeType: "cache.t4g.micro",
    // One key for the database and the cache: both would have the account's default policy.
    keyFromDatabase: true,
    replicas: 0,
    failover: false,
    snapshotRetentionDays: 1,
    snapshotWindow: "04:00-05:00",
    authTokenGeneration: 1,
    authTokenUpdateStrategy: "ROTATE",
    kubernetes: { storageSize: "1Gi", memory: "256Mi", sentinel: false, replicas: 0 },
  },
};

/**
 * A writer and a reader in two zones, two weeks of backups copied to a second region, deletion protection
 * and a final snapshot; a cache with a replica and Multi-AZ failover.
 */
const PROD_DATA: DeepPartial<StackSettings> = {
  database: {
    ...DEV_DATA.database,
    // Serverless v2 from 1 ACU (2 GiB) up to 8; a stack sizes up with serverless.maxCapacity or an instance class.
    instanceClass: "db.serverless",
    serverless: { minCapacity: 1, maxCapacity: 8 },
    readers: 1,
    backup: { retentionDays: 14, window: "03:00-04:00", schedule: "0 3 * * *" },
    deletionProtection: true,
    finalSnapshot: true,
    kubernetes: {
      storageSize: "50Gi",
      cpu: "1",
      memory: "2Gi",
      operator: "none",
      // Three instances: a primary and two replicas, one a zone.
      cloudnativePg: { instances: 3, image: CNPG_IMAGE, operatorNamespace: "cnpg-system" },
      // Off the cluster: losing the cluster or its zone must not take the backups with it.
      backup: { storage: "s3", volumeSize: "100Gi", acceptOnClusterBackups: false },
    },
  },
  cache: {
    ...DEV_DATA.cache,
    nodeType: "cache.m7g.large",
    // A key of its own: the cache's key is then retired or rotated apart from the database's.
    keyFromDatabase: false,
    replicas: 1,
    failover: true,
    snapshotRetentionDays: 7,
    // On kubernetes: a primary, two replicas and three Sentinels, one pod a zone.
    // Three Sentinels, one a pod, so that a majority of two remains when a pod or its zone is lost.
    kubernetes: { storageSize: "5Gi", memory: "1Gi", sentinel: true, replicas: 2 },
  },
};

/** An ingress-nginx and a CoreDNS (which keeps the kube-dns label) as most clusters install them. */
const KUBERNETES_CLUSTER: DeepPartial<StackSettings>["kubernetes"] = {
  ingressClass: "nginx",
  ingressNamespace: "ingress-nginx",
  dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
};

/**
 * Backtrack hours of an Aurora MySQL cluster whose stack does not set `database.backtrackHours`. A preset
 * value cannot depend on the engine, and PostgreSQL rejects backtrack, so the preset's choice lives here.
 */
export const MYSQL_BACKTRACK_HOURS: Record<PresetName, number> = { dev: 0, prod: 24 };

/**
 * Cost and safety, set together. dev is cheap (two zones, one NAT instance, short retention, nothing
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
      // One t4g.nano NAT instance (about 7 USD a month with its address) instead of a NAT gateway (about 39):
      // a single point of failure, acceptable for dev only (docs/network.md).
      natStrategy: "instance",
      flowLogs: { enabled: true, retentionDays: 7 },
    },
    kubernetes: KUBERNETES_CLUSTER,
    ...DEV_DATA,
    // The cost estimate's assumption: a team's daytime use, 22 days of 10 hours (the database pauses otherwise).
    cost: { databaseActiveHoursPerMonth: 220 },
    compute: {
      // Fargate Spot only (about 70% cheaper): a reclaimed task is replaced within minutes, which dev can bear.
      // With one task a service, an on-demand weight beside Spot would not keep a task through a reclaim anyway.
      aws: {
        capacityProviders: { fargate: 0, fargateSpot: 1 },
        loadBalancer: { deletionProtection: false, accessLogs: false },
        // A team's daytime use: the services scale to zero at night and at weekends (the database pauses too).
        schedule: {
          days: ["MON", "TUE", "WED", "THU", "FRI"],
          start: "08:00",
          stop: "18:00",
          timezone: "Europe/Dublin",
        },
      },
      // A moving tag is tolerable while iterating; prod pins every image by digest.
      kubernetes: { allowTaggedImages: true },
    },
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
      kubernetes: { prometheusOperator: false, selectorLabels: {}, monitoringNamespace: "monitoring" },
    },
  },
  prod: {
    protect: true,
    // A year, as CIS AWS and Checkov (CKV_AWS_338) ask of production logs; storage is about $0.03 per GB-month.
    logs: { retentionDays: 365 },
    aws: {
      zones: 3,
      vpcCidr: "10.0.0.0/16",
      natStrategy: "perZone",
      flowLogs: { enabled: true, retentionDays: 365 },
    },
    kubernetes: KUBERNETES_CLUSTER,
    ...PROD_DATA,
    compute: {
      // On-demand only: Spot tasks can be reclaimed with two minutes' notice.
      aws: {
        capacityProviders: { fargate: 1, fargateSpot: 0 },
        // Checkov CKV_AWS_150 (deletion protection), CKV_AWS_91 (access logs).
        loadBalancer: { deletionProtection: true, accessLogs: true },
      },
      kubernetes: { allowTaggedImages: false },
    },
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
      kubernetes: { prometheusOperator: false, selectorLabels: {}, monitoringNamespace: "monitoring" },
    },
  },
};
