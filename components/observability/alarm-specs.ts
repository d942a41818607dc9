import * as pulumi from "@pulumi/pulumi";
import type { Thresholds } from "../../stacks/schema/observability";

/** The dashboard's sections, in the order they appear: outside in, as a request travels. */
export const DASHBOARD_GROUPS = ["CDN", "Load balancer", "Services", "Database", "Cache"] as const;
export type DashboardGroup = (typeof DASHBOARD_GROUPS)[number];

export type Comparison =
  | "GreaterThanOrEqualToThreshold"
  | "GreaterThanThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";

/**
 * What an alarm does when its metric has no data, chosen per metric:
 * - notBreaching: traffic metrics (errors, latency, evictions): no traffic means nothing is failing.
 * - breaching: metrics a healthy resource always reports (running tasks, free memory, free storage):
 *   silence means the resource or its monitoring is gone.
 * - missing: utilisation (CPU, connections): a gap is no evidence either way, so the state holds.
 */
export type MissingData = "notBreaching" | "breaching" | "missing";

export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
  /** `Average`, `Maximum`, `Minimum`, `Sum` or a percentile such as `p95`. */
  readonly stat: string;
}

export interface AlarmSpec {
  /** The alarm's role: its child name is `<component>-<role>`, its physical name `<project>-<stack>-<role>`. */
  readonly role: string;
  readonly group: DashboardGroup;
  readonly description: string;
  readonly comparison: Comparison;
  readonly threshold: pulumi.Input<number>;
  readonly treatMissingData: MissingData;
  /** Seconds per datapoint. */
  readonly period: number;
  /** The alarm fires when `datapointsToAlarm` of the last `evaluationPeriods` datapoints breach. */
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** One metric, or metric math over several (`expression` names them by their keys). */
  readonly metric?: MetricRef;
  readonly math?: { readonly expression: string; readonly metrics: Readonly<Record<string, MetricRef>> };
  /** CloudFront publishes its metrics in us-east-1 only: the alarm (and its topic) must live there. */
  readonly edge?: boolean;
}

/** Ten minutes of 5-minute datapoints: long enough to skip a blip, short enough to matter. */
const SUSTAINED = { period: 300, evaluationPeriods: 2, datapointsToAlarm: 2 } as const;
/** Three of five minutes: for conditions users feel at once. */
const FAST = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 3 } as const;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

export interface LoadBalancerInput {
  /** The ALB's ARN suffix (`app/<name>/<id>`), its CloudWatch dimension. */
  readonly arnSuffix: pulumi.Input<string>;
}
export interface TargetGroupInput {
  /** The service the target group sends to. */
  readonly service: string;
  readonly arnSuffix: pulumi.Input<string>;
}
export interface EcsServiceInput {
  /** The service's name in the stack config. */
  readonly name: string;
  readonly clusterName: pulumi.Input<string>;
  readonly ecsServiceName: pulumi.Input<string>;
  readonly desiredCount: pulumi.Input<number>;
  /** The service scales to zero outside working hours (compute.aws.schedule): its wanted count moves. */
  readonly scheduled?: boolean;
}
export interface DatabaseInput {
  readonly clusterIdentifier: pulumi.Input<string>;
}
export interface CacheInput {
  readonly replicationGroupId: pulumi.Input<string>;
  /** Nodes of the (cluster-mode disabled) group: ElastiCache reports per node, `<group>-001`, `-002`… @default 1 */
  readonly nodeCount?: number;
}
export interface DistributionInput {
  readonly id: pulumi.Input<string>;
}

/** What the aws observability watches; each part is alarmed only when its layer exists. */
export interface AwsWatched {
  readonly loadBalancer?: LoadBalancerInput;
  readonly targetGroups?: readonly TargetGroupInput[];
  readonly services?: readonly EcsServiceInput[];
  readonly database?: DatabaseInput;
  readonly cache?: CacheInput;
  readonly distribution?: DistributionInput;
}

/** Every alarm of the stack, in dashboard order. */
export function alarmSpecs(watched: AwsWatched, t: Thresholds): AlarmSpec[] {
  return [
    ...(watched.distribution ? cdnAlarms(watched.distribution, t) : []),
    ...(watched.loadBalancer ? loadBalancerAlarms(watched.loadBalancer, watched.targetGroups ?? [], t) : []),
    ...(watched.services ?? []).flatMap((service) => serviceAlarms(service, t)),
    ...(watched.database ? databaseAlarms(watched.database, t) : []),
    ...(watched.cache ? cacheAlarms(watched.cache, t) : []),
  ];
}

function cdnAlarms(distribution: DistributionInput, t: Thresholds): AlarmSpec[] {
  return [
    {
      role: "cdn-5xx-rate",
      group: "CDN",
      description: `More than ${t.cdn5xxPercent}% of CloudFront responses are 5xx`,
      comparison: "GreaterThanThreshold",
      threshold: t.cdn5xxPercent,
      treatMissingData: "notBreaching",
      ...FAST,
      metric: {
        namespace: "AWS/CloudFront",
        metricName: "5xxErrorRate",
        dimensions: { DistributionId: distribution.id, Region: "Global" },
        stat: "Average",
      },
      edge: true,
    },
  ];
}

function albMetric(metricName: string, stat: string, dimensions: MetricRef["dimensions"]): MetricRef {
  return { namespace: "AWS/ApplicationELB", metricName, dimensions, stat };
}

function loadBalancerAlarms(
  lb: LoadBalancerInput,
  targetGroups: readonly TargetGroupInput[],
  t: Thresholds,
): AlarmSpec[] {
  const dims = { LoadBalancer: lb.arnSuffix };
  return [
    {
      role: "lb-5xx-rate",
      group: "Load balancer",
      description: `More than ${t.loadBalancer5xxPercent}% of the load balancer's responses are 5xx (its own and its targets')`,
      comparison: "GreaterThanThreshold",
      threshold: t.loadBalancer5xxPercent,
      treatMissingData: "notBreaching",
      ...FAST,
      math: {
        // No requests, no rate: IF keeps an idle minute from dividing by zero.
        expression: "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
        metrics: {
          requests: albMetric("RequestCount", "Sum", dims),
          elb5xx: albMetric("HTTPCode_ELB_5XX_Count", "Sum", dims),
          target5xx: albMetric("HTTPCode_Target_5XX_Count", "Sum", dims),
        },
      },
    },
    {
      role: "lb-response-time",
      group: "Load balancer",
      description: `95th-percentile target response time above ${t.targetResponseTimeSeconds} s`,
      comparison: "GreaterThanThreshold",
      threshold: t.targetResponseTimeSeconds,
      treatMissingData: "notBreaching",
      ...SUSTAINED,
      metric: albMetric("TargetResponseTime", "p95", dims),
    },
    ...targetGroups.map(
      (group): AlarmSpec => ({
        role: `lb-unhealthy-hosts-${group.service}`,
        group: "Load balancer",
        description: `${t.unhealthyHosts} or more unhealthy targets of service ${group.service}`,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: t.unhealthyHosts,
        // Reported while the group has targets; an empty group is the running-tasks alarm's to catch.
        treatMissingData: "notBreaching",
        ...FAST,
        metric: albMetric("UnHealthyHostCount", "Maximum", { ...dims, TargetGroup: group.arnSuffix }),
      }),
    ),
  ];
}

function serviceAlarms(service: EcsServiceInput, t: Thresholds): AlarmSpec[] {
  const dims = { ClusterName: service.clusterName, ServiceName: service.ecsServiceName };
  const ecs = (metricName: string): MetricRef => ({
    namespace: "AWS/ECS",
    metricName,
    dimensions: dims,
    stat: "Average",
  });
  const utilisation = (resource: "cpu" | "memory", metricName: string, threshold: number): AlarmSpec => ({
    role: `service-${service.name}-${resource}`,
    group: "Services",
    description: `Service ${service.name} uses more than ${threshold}% of its ${resource === "cpu" ? "CPU" : "memory"}`,
    comparison: "GreaterThanThreshold",
    threshold,
    treatMissingData: "missing",
    ...SUSTAINED,
    metric: ecs(metricName),
  });
  return [
    utilisation("cpu", "CPUUtilization", t.serviceCpuPercent),
    utilisation("memory", "MemoryUtilization", t.serviceMemoryPercent),
    service.scheduled
      ? scheduledRunningTasks(service, dims)
      : {
          role: `service-${service.name}-running-tasks`,
          group: "Services",
          description: `Service ${service.name} runs fewer tasks than it wants (Container Insights)`,
          comparison: "LessThanThreshold",
          threshold: service.desiredCount,
          treatMissingData: "breaching",
          ...FAST,
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: dims,
            stat: "Minimum",
          },
        },
  ];
}

/**
 * A service on a schedule wants zero tasks at night: a fixed "fewer than replicas.min" would fire every evening.
 * Against what it wants instead (Container Insights' DesiredTaskCount), so the alarm sleeps with the service.
 */
function scheduledRunningTasks(
  service: EcsServiceInput,
  dims: Readonly<Record<string, pulumi.Input<string>>>,
): AlarmSpec {
  const insights = (metricName: string, stat: string): MetricRef => ({
    namespace: "ECS/ContainerInsights",
    metricName,
    dimensions: dims,
    stat,
  });
  return {
    role: `service-${service.name}-running-tasks`,
    group: "Services",
    description: `Service ${service.name} runs fewer tasks than it wants (Container Insights)`,
    comparison: "GreaterThanThreshold",
    threshold: 0,
    // No datapoints while nothing is wanted or running: the schedule's night, not a fault.
    treatMissingData: "notBreaching",
    ...FAST,
    math: {
      expression: "FILL(desired, 0) - FILL(running, 0)",
      metrics: {
        desired: insights("DesiredTaskCount", "Maximum"),
        running: insights("RunningTaskCount", "Minimum"),
      },
    },
  };
}

function databaseAlarms(database: DatabaseInput, t: Thresholds): AlarmSpec[] {
  const rds = (metricName: string, stat: string): MetricRef => ({
    namespace: "AWS/RDS",
    metricName,
    dimensions: { DBClusterIdentifier: database.clusterIdentifier },
    stat,
  });
  return [
    {
      role: "database-cpu",
      group: "Database",
      description: `Database CPU above ${t.databaseCpuPercent}%`,
      comparison: "GreaterThanThreshold",
      threshold: t.databaseCpuPercent,
      treatMissingData: "missing",
      ...SUSTAINED,
      metric: rds("CPUUtilization", "Average"),
    },
    {
      role: "database-freeable-memory",
      group: "Database",
      description: `Database freeable memory below ${t.databaseFreeableMemoryMiB} MiB`,
      comparison: "LessThanThreshold",
      threshold: t.databaseFreeableMemoryMiB * MIB,
      treatMissingData: "breaching",
      ...SUSTAINED,
      metric: rds("FreeableMemory", "Minimum"),
    },
    {
      role: "database-connections",
      group: "Database",
      description: `${t.databaseConnections} or more open database connections`,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: t.databaseConnections,
      treatMissingData: "missing",
      ...SUSTAINED,
      metric: rds("DatabaseConnections", "Maximum"),
    },
    {
      role: "database-free-storage",
      group: "Database",
      description: `Database free local storage below ${t.databaseFreeStorageGiB} GiB`,
      comparison: "LessThanThreshold",
      threshold: t.databaseFreeStorageGiB * GIB,
      treatMissingData: "breaching",
      ...SUSTAINED,
      metric: rds("FreeLocalStorage", "Minimum"),
    },
  ];
}

/** The busiest node's value: ElastiCache has no per-group metric, so the alarm takes the maximum over nodes. */
function acrossNodes(
  cache: CacheInput,
  metricName: string,
  stat: string,
): Pick<AlarmSpec, "metric" | "math"> {
  const nodes = Array.from({ length: cache.nodeCount ?? 1 }, (_, i) => ({
    namespace: "AWS/ElastiCache",
    metricName,
    dimensions: {
      CacheClusterId: pulumi.interpolate`${cache.replicationGroupId}-${String(i + 1).padStart(3, "0")}`,
    },
    stat,
  }));
  if (nodes.length === 1) return { metric: nodes[0] };
  const metrics = Object.fromEntries(nodes.map((node, i) => [`node${i + 1}`, node]));
  return { math: { expression: `MAX([${Object.keys(metrics).join(", ")}])`, metrics } };
}

function cacheAlarms(cache: CacheInput, t: Thresholds): AlarmSpec[] {
  return [
    {
      role: "cache-cpu",
      group: "Cache",
      description: `Cache engine CPU above ${t.cacheCpuPercent}% on a node`,
      comparison: "GreaterThanThreshold",
      threshold: t.cacheCpuPercent,
      treatMissingData: "missing",
      ...SUSTAINED,
      ...acrossNodes(cache, "EngineCPUUtilization", "Average"),
    },
    {
      role: "cache-memory",
      group: "Cache",
      description: `Cache memory above ${t.cacheMemoryPercent}% of its maximum on a node`,
      comparison: "GreaterThanThreshold",
      threshold: t.cacheMemoryPercent,
      treatMissingData: "missing",
      ...SUSTAINED,
      ...acrossNodes(cache, "DatabaseMemoryUsagePercentage", "Maximum"),
    },
    {
      role: "cache-evictions",
      group: "Cache",
      description: `${t.cacheEvictions} or more keys evicted in 5 minutes on a node`,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: t.cacheEvictions,
      treatMissingData: "notBreaching",
      ...SUSTAINED,
      ...acrossNodes(cache, "Evictions", "Sum"),
    },
  ];
}
