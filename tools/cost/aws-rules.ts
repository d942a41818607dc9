import type { GraphResource } from "../harness/graph";
import { HOURS_PER_MONTH, numberInput, type Charge, type Rule, type RuleContext } from "./charges";
import { HOURS_PER_WEEK, parseScheduleCron, weeklyHours } from "../../components/shared/working-hours";

/** Types AWS does not charge for by themselves: what they cost is priced on the resource that uses them. */
export const FREE_AWS_TYPES = new Set([
  "aws:acm/certificate:Certificate",
  "aws:acm/certificateValidation:CertificateValidation",
  "aws:appautoscaling/policy:Policy",
  "aws:appautoscaling/scheduledAction:ScheduledAction",
  "aws:appautoscaling/target:Target",
  "aws:backup/selection:Selection",
  "aws:backup/vault:Vault",
  "aws:cloudfront/originAccessControl:OriginAccessControl",
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  // AWS announced VPC origins at no additional charge (not read on a stored price page): the requests and
  // transfer are CloudFront's, priced on the distribution.
  "aws:cloudfront/vpcOrigin:VpcOrigin",
  // The WAF's logging setting costs nothing itself: its logs are priced on the log group they go to.
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/route:Route",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:iam/instanceProfile:InstanceProfile",
  // EventBridge Scheduler: 14 million invocations a month are free; the NAT instance's two a day are not near it.
  "aws:scheduler/schedule:Schedule",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:kms/alias:Alias",
  "aws:lb/listener:Listener",
  "aws:lb/listenerRule:ListenerRule",
  "aws:lb/targetGroup:TargetGroup",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  "aws:rds/subnetGroup:SubnetGroup",
  // Alias records to AWS resources answer queries free; plain records' queries are priced per million.
  "aws:route53/record:Record",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:secretsmanager/secretVersion:SecretVersion",
  // Email notifications: the first 1,000 a month are free; alarms send a handful.
  "aws:sns/topic:Topic",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "awsx:ecr:Image",
]);

const hours = (count: number) => count * HOURS_PER_MONTH;

function fixedMonths(item: string, priceId: string, quantity = 1): Charge {
  return { item, kind: "fixed", quantity, priceId };
}

function usage(item: string, priceId: string, quantity: number): Charge {
  return { item, kind: "usage", quantity, priceId };
}

function listInput(resource: GraphResource, key: string): unknown[] {
  const value = resource.inputs[key];
  return Array.isArray(value) ? value : [];
}

/** The ECS services' task definition, found through the services' input references. */
function taskDefinitionOf(service: GraphResource, ctx: RuleContext): GraphResource | undefined {
  return ctx.index.dependenciesOf(service).find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
}

/** The share of a service's tasks that Fargate Spot runs, from the capacity provider weights. */
export function spotShare(strategies: unknown[]): number {
  let spot = 0;
  let total = 0;
  for (const s of strategies as { capacityProvider?: string; weight?: number }[]) {
    const weight = s.weight ?? 0;
    total += weight;
    if (s.capacityProvider === "FARGATE_SPOT") spot += weight;
  }
  return total > 0 ? spot / total : 0;
}

interface Running {
  readonly hours: number;
  readonly assumption?: string;
}

const ALL_MONTH: Running = { hours: HOURS_PER_MONTH };

function dependsOn(ctx: RuleContext, resource: GraphResource, on: GraphResource): boolean {
  return ctx.index.dependenciesOf(resource).some((d) => d.urn === on.urn);
}

/** Hours a month between a start and a stop cron of the same days; the whole month when they do not pair. */
function workingHours(start: unknown, stop: unknown, timezone: unknown, what: string): Running {
  const from = parseScheduleCron(String(start));
  const to = parseScheduleCron(String(stop));
  if (!from || !to || from.days.join() !== to.days.join() || to.time <= from.time) return ALL_MONTH;
  const weekly = weeklyHours({ days: from.days, start: from.time, stop: to.time });
  const hours = (weekly * HOURS_PER_MONTH) / HOURS_PER_WEEK;
  return {
    hours,
    assumption: `runs ${weekly} h a week (${from.days.join(",")} ${from.time}-${to.time} ${String(timezone)}), ${hours.toFixed(0)} of ${HOURS_PER_MONTH} h a month; ${what} otherwise`,
  };
}

/**
 * The service's working hours a month, from the start and stop scheduled actions on its scalable target; the
 * whole month when it has none. A stop sets the bounds to 0, a start to the configured replicas.
 */
export function scheduledHours(service: GraphResource, ctx: RuleContext): Running {
  const resources = ctx.index.graph.resources;
  const target = resources.find(
    (r) => r.type === "aws:appautoscaling/target:Target" && dependsOn(ctx, r, service),
  );
  if (!target) return ALL_MONTH;
  const actions = resources.filter(
    (r) => r.type === "aws:appautoscaling/scheduledAction:ScheduledAction" && dependsOn(ctx, r, target),
  );
  const maxOf = (r: GraphResource) =>
    (r.inputs.scalableTargetAction as { maxCapacity?: number } | undefined)?.maxCapacity;
  const start = actions.find((a) => (maxOf(a) ?? 0) > 0);
  const stop = actions.find((a) => maxOf(a) === 0);
  if (!start || !stop) return ALL_MONTH;
  return workingHours(start.inputs.schedule, stop.inputs.schedule, start.inputs.timezone, "zero tasks");
}

/** An instance's running hours a month, from EventBridge Scheduler's start and stop schedules of it. */
function instanceHours(instance: GraphResource, ctx: RuleContext): Running {
  const schedules = ctx.index.graph.resources.filter(
    (r) => r.type === "aws:scheduler/schedule:Schedule" && dependsOn(ctx, r, instance),
  );
  const calling = (api: string) =>
    schedules.find((r) => String((r.inputs.target as { arn?: string } | undefined)?.arn).endsWith(api));
  const start = calling(":startInstances");
  const stop = calling(":stopInstances");
  if (!start || !stop) return ALL_MONTH;
  return workingHours(
    start.inputs.scheduleExpression,
    stop.inputs.scheduleExpression,
    start.inputs.scheduleExpressionTimezone,
    "stopped",
  );
}

const ecsService: Rule = (service, ctx) => {
  const task = taskDefinitionOf(service, ctx);
  if (!task) return [];
  const tasks = numberInput(service, "desiredCount", 1);
  const { hours: running, assumption } = scheduledHours(service, ctx);
  const taskHours = (count: number) => count * running;
  const vcpu = numberInput(task, "cpu") / 1024;
  const gb = numberInput(task, "memory") / 1024;
  const arm =
    (task.inputs.runtimePlatform as { cpuArchitecture?: string } | undefined)?.cpuArchitecture === "ARM64";
  const prefix = arm ? "fargate.arm" : "fargate";
  // A blend of on-demand and Spot: Spot's share of the tasks gets the assumed discount.
  const factor =
    1 - spotShare(listInput(service, "capacityProviderStrategies")) * ctx.assumptions.spotDiscount;
  return [
    {
      item: `${tasks} task(s) x ${vcpu} vCPU`,
      kind: "fixed",
      quantity: taskHours(tasks * vcpu),
      priceId: `${prefix}.vcpu-hour`,
      factor,
      ...(assumption ? { assumption } : {}),
    },
    {
      item: `${tasks} task(s) x ${gb} GB`,
      kind: "fixed",
      quantity: taskHours(tasks * gb),
      priceId: `${prefix}.gb-hour`,
      factor,
      ...(assumption ? { assumption } : {}),
    },
  ];
};

const loadBalancer: Rule = (lb, ctx) => {
  const zones = listInput(lb, "subnets").length || listInput(lb, "subnetMappings").length;
  const charges: Charge[] = [
    { item: "load balancer hours", kind: "fixed", quantity: hours(1), priceId: "alb.hour" },
    usage("capacity units", "alb.lcu-hour", hours(ctx.assumptions.loadBalancerLcu)),
  ];
  // An internet-facing load balancer holds a public IPv4 address in each of its zones.
  if (lb.inputs.internal !== true) {
    charges.push({
      item: `${zones} public IPv4 address(es)`,
      kind: "fixed",
      quantity: hours(zones),
      priceId: "ipv4.hour",
    });
  }
  return charges;
};

const natGateway: Rule = (_nat, ctx) => [
  { item: "gateway hours", kind: "fixed", quantity: hours(1), priceId: "nat.hour" },
  usage("data processed", "nat.gb", ctx.assumptions.natGbPerMonth / ctx.natGateways),
];

/**
 * An EC2 instance (the NAT instance): its hours and the public address it launches with, both only while it
 * runs (a stopped instance releases its address), and its root volume every hour.
 */
const ec2Instance: Rule = (instance, ctx) => {
  const type = String(instance.inputs.instanceType);
  const root = instance.inputs.rootBlockDevice as { volumeType?: string; volumeSize?: number } | undefined;
  const { hours: running, assumption } = instanceHours(instance, ctx);
  const note = assumption ? { assumption } : {};
  const charges: Charge[] = [
    {
      item: `${type} instance hours`,
      kind: "fixed",
      quantity: running,
      priceId: `ec2.${type}.hour`,
      ...note,
    },
    fixedMonths(
      `${root?.volumeSize ?? 8} GB ${root?.volumeType ?? "gp3"} root volume`,
      `ebs.${root?.volumeType ?? "gp3"}.gb-month`,
      root?.volumeSize ?? 8,
    ),
  ];
  if (instance.inputs.associatePublicIpAddress === true) {
    charges.push({
      item: "public IPv4 address",
      kind: "fixed",
      quantity: running,
      priceId: "ipv4.hour",
      ...note,
    });
  }
  return charges;
};

const elasticIp: Rule = () => [
  { item: "public IPv4 address", kind: "fixed", quantity: hours(1), priceId: "ipv4.hour" },
];

const vpcEndpoint: Rule = (endpoint) =>
  endpoint.inputs.vpcEndpointType === "Interface"
    ? [
        {
          item: "interface endpoint zones",
          kind: "fixed",
          quantity: hours(listInput(endpoint, "subnetIds").length),
          priceId: "vpc.interface-endpoint-hour",
        },
      ]
    : [];

const rdsCluster: Rule = (cluster, ctx) => {
  const a = ctx.assumptions;
  const retentionDays = numberInput(cluster, "backupRetentionPeriod", 1);
  const charges: Charge[] = [
    usage("storage", "aurora.storage-gb-month", a.databaseStorageGb),
    usage("I/O requests (millions)", "aurora.io-million", a.databaseIoMillionsPerMonth),
    // Automated backups up to the cluster's size are free; each day's changes kept for the retention are not.
    usage(
      `backups beyond the free amount (${retentionDays} days of changes)`,
      "aurora.backup-gb-month",
      a.databaseDailyChangeGb * retentionDays,
    ),
  ];
  if (cluster.inputs.manageMasterUserPassword === true) {
    charges.push(fixedMonths("RDS-managed master user secret", "secrets.secret-month"));
  }
  return charges;
};

/** The minimum and maximum ACUs of the cluster a Serverless v2 instance belongs to. */
function serverlessScaling(instance: GraphResource, ctx: RuleContext): { min: number; max: number } {
  const cluster = ctx.index.dependenciesOf(instance).find((r) => r.type === "aws:rds/cluster:Cluster");
  const scaling = cluster?.inputs.serverlessv2ScalingConfiguration as
    | { minCapacity?: number; maxCapacity?: number }
    | undefined;
  return { min: scaling?.minCapacity ?? 0.5, max: scaling?.maxCapacity ?? 1 };
}

/**
 * Serverless v2 ACUs: the minimum is paid every hour (fixed); what the workload adds above it, for the active
 * hours, is usage. With a minimum of 0 the instance pauses when idle, so the fixed part is nothing.
 */
export function serverlessAcuHours(
  min: number,
  max: number,
  averageAcu: number | undefined,
  activeHours: number,
): { fixed: number; usage: number } {
  const average = Math.min(max, Math.max(averageAcu ?? Math.max(min, 0.5), min));
  const fixed = min * HOURS_PER_MONTH;
  const hoursActive = min > 0 ? HOURS_PER_MONTH : activeHours;
  return { fixed, usage: Math.max(0, average * hoursActive - fixed) };
}

const rdsInstance: Rule = (instance, ctx) => {
  const cls = String(instance.inputs.instanceClass);
  if (cls !== "db.serverless") {
    return [
      { item: `${cls} instance hours`, kind: "fixed", quantity: hours(1), priceId: `aurora.${cls}.hour` },
    ];
  }
  const { min, max } = serverlessScaling(instance, ctx);
  const acu = serverlessAcuHours(
    min,
    max,
    ctx.assumptions.averageAcu,
    ctx.assumptions.databaseActiveHoursPerMonth,
  );
  return [
    {
      item: `minimum ${min} ACU, every hour`,
      kind: "fixed",
      quantity: acu.fixed,
      priceId: "aurora.acu-hour",
    },
    usage("ACUs above the minimum while active", "aurora.acu-hour", acu.usage),
  ];
};

function cacheNodeCount(group: GraphResource): number {
  const clusters = numberInput(group, "numCacheClusters", 0);
  if (clusters > 0) return clusters;
  return numberInput(group, "numNodeGroups", 1) * (1 + numberInput(group, "replicasPerNodeGroup", 0));
}

const replicationGroup: Rule = (group) => {
  const nodes = cacheNodeCount(group);
  const type = String(group.inputs.nodeType);
  return [
    {
      item: `${nodes} x ${type} node hours`,
      kind: "fixed",
      quantity: hours(nodes),
      priceId: `elasticache.${type}.hour`,
      ...(group.inputs.engine === "valkey" ? { factorPriceId: "elasticache.valkey-node-factor" } : {}),
    },
  ];
};

const serverlessCache: Rule = (cache, ctx) => {
  const engine = cache.inputs.engine === "valkey" ? "valkey" : "redis";
  // Each cache is metered for at least 100 MB (Valkey) or 1 GB (Redis OSS) of data.
  const minimumGb = engine === "valkey" ? 0.1 : 1;
  const dataGb = Math.max(minimumGb, ctx.assumptions.cacheDataGb);
  return [
    {
      item: `at least ${minimumGb} GB stored`,
      kind: "fixed",
      quantity: hours(minimumGb),
      priceId: `elasticache.serverless-${engine}.gb-hour`,
    },
    usage(
      "data stored above the minimum",
      `elasticache.serverless-${engine}.gb-hour`,
      hours(dataGb - minimumGb),
    ),
    usage(
      "ECPUs (millions)",
      `elasticache.serverless-${engine}.ecpu-million`,
      ctx.assumptions.cacheEcpuMillionsPerMonth,
    ),
  ];
};

const logGroup: Rule = (group, ctx) => {
  const dailyGb = ctx.assumptions.logGbPerDay / ctx.logGroups;
  // Never-expiring groups are held to a year's worth: an estimate of the first year's steady state.
  const retentionDays = numberInput(group, "retentionInDays", 365) || 365;
  return [
    usage("logs ingested", "cloudwatch.logs-ingest-gb", dailyGb * 30),
    usage(`logs stored (${retentionDays} days)`, "cloudwatch.logs-storage-gb-month", dailyGb * retentionDays),
  ];
};

const metricAlarm: Rule = (alarm) => {
  const queries = listInput(alarm, "metricQueries") as { metric?: unknown }[];
  // A metric math alarm is billed per metric it reads.
  const metrics = queries.length > 0 ? queries.filter((q) => q.metric !== undefined).length : 1;
  return [fixedMonths(`${metrics} alarm metric(s)`, "cloudwatch.alarm-metric-month", metrics)];
};

const webAcl: Rule = (acl, ctx) => {
  const rules = listInput(acl, "rules").length;
  return [
    fixedMonths("web ACL", "waf.acl-month"),
    fixedMonths(`${rules} rule(s)`, "waf.rule-month", rules),
    usage("requests inspected (millions)", "waf.requests-million", ctx.assumptions.requestsPerMonth / 1e6),
  ];
};

const distribution: Rule = (_d, ctx) => [
  usage("data to viewers", "cloudfront.transfer-gb", ctx.assumptions.cdnGbPerMonth),
  usage("HTTPS requests (10,000s)", "cloudfront.https-requests-10k", ctx.assumptions.requestsPerMonth / 1e4),
];

// A viewer-request function runs on every request.
const cloudfrontFunction: Rule = (_f, ctx) => [
  usage(
    "invocations (millions)",
    "cloudfront.function-invocations-million",
    ctx.assumptions.requestsPerMonth / 1e6,
  ),
];

const bucket: Rule = (_b, ctx) => [
  usage("objects stored", "s3.standard-gb-month", ctx.assumptions.s3GbPerBucket),
];

/** Days a backup plan's rules keep their recovery points and their copies. */
function planRetention(plan: GraphResource): { keepDays: number; copyDays: number[] } {
  const rules = listInput(plan, "rules") as {
    lifecycle?: { deleteAfter?: number };
    copyActions?: { lifecycle?: { deleteAfter?: number } }[];
  }[];
  const keepDays = Math.max(0, ...rules.map((r) => r.lifecycle?.deleteAfter ?? 35));
  const copyDays = rules.flatMap((r) =>
    (r.copyActions ?? []).map((c) => c.lifecycle?.deleteAfter ?? keepDays),
  );
  return { keepDays, copyDays };
}

/**
 * A daily backup plan of the Aurora cluster: one full backup plus each day's changes for the days kept, in the
 * vault and in each copy's vault; each copy moves the day's changes (and the first full backup) between regions.
 */
const backupPlan: Rule = (plan, ctx) => {
  const a = ctx.assumptions;
  const { keepDays, copyDays } = planRetention(plan);
  const stored = (days: number) => a.databaseStorageGb + a.databaseDailyChangeGb * days;
  return [
    usage(`recovery points (${keepDays} days)`, "backup.aurora-gb-month", stored(keepDays)),
    ...copyDays.flatMap((days): Charge[] => [
      {
        item: `copies in the other region (${days} days)`,
        kind: "usage",
        quantity: stored(days),
        priceId: "backup.aurora-gb-month",
        region: copyRegion(plan),
      },
      usage("data copied across regions", "backup.cross-region-gb", a.databaseDailyChangeGb * 30),
    ]),
  ];
};

/** The region of a copy action's destination vault, read from its ARN. */
function copyRegion(plan: GraphResource): string | undefined {
  const rules = listInput(plan, "rules") as { copyActions?: { destinationVaultArn?: string }[] }[];
  const arn = rules.flatMap((r) => r.copyActions ?? [])[0]?.destinationVaultArn;
  return typeof arn === "string" ? arn.split(":")[3] : undefined;
}

/** Cloud Map bills each registered instance: the tasks of the ECS services that register with this service. */
const discoveryService: Rule = (service, ctx) => {
  const tasks = ctx.index.graph.resources
    .filter((r) => r.type === "aws:ecs/service:Service")
    .filter((r) => ctx.index.dependenciesOf(r).some((d) => d.urn === service.urn))
    .reduce((sum, r) => sum + numberInput(r, "desiredCount", 1), 0);
  return [fixedMonths(`${tasks} registered instance(s)`, "cloudmap.instance-month", tasks)];
};

/** What each priced type costs. */
export const AWS_RULES: Readonly<Record<string, Rule>> = {
  "aws:ecs/service:Service": ecsService,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": elasticIp,
  "aws:ec2/instance:Instance": ec2Instance,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:rds/cluster:Cluster": rdsCluster,
  "aws:rds/clusterInstance:ClusterInstance": rdsInstance,
  "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
  "aws:elasticache/serverlessCache:ServerlessCache": serverlessCache,
  "aws:kms/key:Key": () => [fixedMonths("customer managed key", "kms.key-month")],
  "aws:secretsmanager/secret:Secret": () => [fixedMonths("secret", "secrets.secret-month")],
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/dashboard:Dashboard": () => [fixedMonths("dashboard", "cloudwatch.dashboard-month")],
  "aws:wafv2/webAcl:WebAcl": webAcl,
  "aws:cloudfront/distribution:Distribution": distribution,
  "aws:cloudfront/function:Function": cloudfrontFunction,
  "aws:s3/bucket:Bucket": bucket,
  "aws:s3/bucketV2:BucketV2": bucket,
  "aws:route53/zone:Zone": () => [fixedMonths("hosted zone", "route53.zone-month")],
  // A private DNS namespace is a Route 53 private hosted zone.
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": () => [
    fixedMonths("private hosted zone", "route53.zone-month"),
  ],
  "aws:servicediscovery/service:Service": discoveryService,
  "aws:backup/plan:Plan": backupPlan,
  "aws:ecr/repository:Repository": () => [usage("images stored", "ecr.storage-gb-month", 0.5)],
};
