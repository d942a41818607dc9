import { byType, type GraphResource } from "../harness/graph";
import type { GraphIndex } from "../harness/graph-index";
import { DiagramBuilder, type Diagram } from "./model";

const of = (index: GraphIndex, type: string) => byType(index.graph, type);
const list = (r: GraphResource, key: string) =>
  Array.isArray(r.inputs[key]) ? (r.inputs[key] as unknown[]) : [];
const dependsOn = (index: GraphIndex, r: GraphResource, target: GraphResource) =>
  index.dependenciesOf(r).some((d) => d.urn === target.urn);

function zonesOf(index: GraphIndex): string[] {
  const zones = of(index, "aws:ec2/subnet:Subnet").map((s) => String(s.inputs.availabilityZone));
  return [...new Set(zones)].sort();
}

function edge(b: DiagramBuilder, index: GraphIndex): { cdn?: string } {
  const distribution = of(index, "aws:cloudfront/distribution:Distribution")[0];
  if (!distribution) return {};
  const cdn = b.node("cdn", `CloudFront<br/>${String(distribution.inputs.priceClass ?? "")}`, "edge");
  b.edge("users", cdn, "HTTPS");
  for (const acl of of(index, "aws:wafv2/webAcl:WebAcl").filter((a) => dependsOn(index, distribution, a))) {
    b.node("waf", `WAF web ACL<br/>${list(acl, "rules").length} rules`, "edge");
    b.edge("waf", cdn, "filters");
  }
  for (const bucket of of(index, "aws:s3/bucket:Bucket").filter((s) => dependsOn(index, distribution, s))) {
    if (bucket.name.endsWith("-logs")) continue;
    b.edge(cdn, b.node("site", "S3 site bucket", "edge", "store"), "static files");
  }
  return { cdn };
}

function services(b: DiagramBuilder, index: GraphIndex, cdn: string | undefined): void {
  const services = of(index, "aws:ecs/service:Service");
  const lb = of(index, "aws:lb/loadBalancer:LoadBalancer")[0];
  let alb: string | undefined;
  if (lb) {
    alb = b.node(
      "alb",
      `Application Load Balancer<br/>${lb.inputs.internal === true ? "internal" : "internet-facing"}`,
      "compute",
    );
    const distribution = of(index, "aws:cloudfront/distribution:Distribution")[0];
    // CloudFront reaches an internal load balancer through a VPC origin, which holds the load balancer's ARN.
    const origins = of(index, "aws:cloudfront/vpcOrigin:VpcOrigin").filter((o) => dependsOn(index, o, lb));
    const reaches = (d: GraphResource) =>
      dependsOn(index, d, lb) || origins.some((o) => dependsOn(index, d, o));
    if (cdn && distribution && reaches(distribution))
      b.edge(cdn, alb, origins.length ? "/api (VPC origin)" : "/api");
    if (lb.inputs.internal !== true) b.edge("users", alb, "HTTPS");
  }
  const names = services.map((s) => String(s.inputs.name));
  for (const service of services) {
    const name = String(service.inputs.name);
    const strategies = list(service, "capacityProviderStrategies") as {
      capacityProvider?: string;
      weight?: number;
    }[];
    const spot = strategies.some((s) => s.capacityProvider === "FARGATE_SPOT" && (s.weight ?? 0) > 0);
    const id = b.node(
      `svc-${name}`,
      `ECS service ${name}<br/>${String(service.inputs.desiredCount ?? 1)} task(s)${spot ? ", Spot" : ""}`,
      "compute",
    );
    if (alb && list(service, "loadBalancers").length > 0) b.edge(alb, id);
    const task = index
      .dependenciesOf(service)
      .find((d) => d.type === "aws:ecs/taskDefinition:TaskDefinition");
    if (!task) continue;
    for (const dep of index.dependenciesOf(task)) {
      if (dep.type === "aws:rds/cluster:Cluster") b.edge(id, "db-writer", "SQL");
      if (dep.type === "aws:elasticache/replicationGroup:ReplicationGroup")
        b.edge(id, "cache-primary", "Redis protocol");
    }
    const env = String(task.inputs.containerDefinitions ?? "");
    for (const other of names.filter((n) => n !== name)) {
      if (new RegExp(`"value":"https?://${other}[.:]`).test(env)) b.edge(id, `svc-${other}`, "calls");
    }
  }
}

function data(b: DiagramBuilder, index: GraphIndex): void {
  const cluster = of(index, "aws:rds/cluster:Cluster")[0];
  if (cluster) {
    const scaling = cluster.inputs.serverlessv2ScalingConfiguration as
      | { minCapacity?: number; maxCapacity?: number }
      | undefined;
    const engine = `Aurora ${String(cluster.inputs.engine).replace("aurora-", "")} ${String(cluster.inputs.engineVersion ?? "")}`;
    for (const instance of of(index, "aws:rds/clusterInstance:ClusterInstance")) {
      const writer = (instance.inputs.promotionTier ?? 0) === 0;
      const cls =
        instance.inputs.instanceClass === "db.serverless" && scaling
          ? `Serverless v2 ${scaling.minCapacity}-${scaling.maxCapacity} ACU`
          : String(instance.inputs.instanceClass);
      const zone = String(instance.inputs.availabilityZone ?? "any zone");
      const id = writer ? "db-writer" : `db-${instance.name}`;
      b.node(id, `${writer ? engine + " writer" : "reader"}<br/>${cls}<br/>${zone}`, "data", "store");
      if (!writer) b.edge("db-writer", id, "replicates", true);
    }
  }
  const group = of(index, "aws:elasticache/replicationGroup:ReplicationGroup")[0];
  if (group) {
    const nodes = Number(group.inputs.numCacheClusters ?? 1);
    const failover = group.inputs.automaticFailoverEnabled === true ? ", automatic failover" : "";
    b.node(
      "cache-primary",
      `ElastiCache ${String(group.inputs.engine)} primary<br/>${String(group.inputs.nodeType)}${failover}`,
      "data",
      "store",
    );
    if (nodes > 1) {
      b.node(
        "cache-replicas",
        `${nodes - 1} replica(s)<br/>${String(group.inputs.nodeType)}`,
        "data",
        "store",
      );
      b.edge("cache-primary", "cache-replicas", "replicates", true);
    }
  }
}

function backups(b: DiagramBuilder, index: GraphIndex): void {
  for (const plan of of(index, "aws:backup/plan:Plan")) {
    const rules = list(plan, "rules") as { copyActions?: { destinationVaultArn?: string }[] }[];
    const vault = b.node(
      "backup-vault",
      `AWS Backup vault<br/>${index.regionOf(plan, "")}`,
      "backup",
      "store",
    );
    b.edge("db-writer", vault, "daily backup", true);
    for (const copy of rules.flatMap((r) => r.copyActions ?? [])) {
      const region = String(copy.destinationVaultArn ?? "").split(":")[3] ?? "";
      b.edge(
        vault,
        b.node("dr-vault", `DR vault<br/>${region}`, "backup", "store"),
        "cross-region copy",
        true,
      );
    }
  }
}

function alarms(b: DiagramBuilder, index: GraphIndex): void {
  const topics = of(index, "aws:sns/topic:Topic");
  const alarms = of(index, "aws:cloudwatch/metricAlarm:MetricAlarm");
  if (alarms.length === 0) return;
  b.node("alarms", `${alarms.length} CloudWatch alarms`, "observability");
  for (const topic of topics) {
    const region = index.regionOf(topic, "");
    const id = b.node(
      `topic-${topic.name}`,
      `SNS topic ${String(topic.inputs.name)}<br/>${region}`,
      "observability",
    );
    b.edge("alarms", id, "alarm and OK", true);
    const emails = of(index, "aws:sns/topicSubscription:TopicSubscription").filter((s) =>
      dependsOn(index, s, topic),
    );
    for (const sub of emails)
      b.edge(
        id,
        b.node(
          `to-${String(sub.inputs.endpoint)}`,
          `${String(sub.inputs.protocol)}: ${String(sub.inputs.endpoint)}`,
          "observability",
          "round",
        ),
        undefined,
        true,
      );
  }
}

/** The AWS target: edge, load balancer and services, data with replicas, backups and DR, alarms, zones. */
export function awsDiagram(index: GraphIndex): Diagram {
  const vpc = of(index, "aws:ec2/vpc:Vpc")[0];
  const zones = zonesOf(index);
  const nats = of(index, "aws:ec2/natGateway:NatGateway").length;
  // A NAT instance (aws.natStrategy instance) is the NAT of a stack without gateways.
  const natInstances = of(index, "aws:ec2/instance:Instance").length;
  const nat = natInstances > 0 && nats === 0 ? `${natInstances} NAT instance(s)` : `${nats} NAT gateway(s)`;
  const b = new DiagramBuilder()
    .group("edge", "Edge: CloudFront and WAF")
    .group("compute", "Compute: load balancer and ECS Fargate services")
    .group("data", "Data: Aurora and ElastiCache")
    .group("backup", "Backup and disaster recovery")
    .group("observability", "Alarms and where they go")
    .group("network", "Network");
  b.node("users", "Users", "outside", "round");
  const { cdn } = edge(b, index);
  services(b, index, cdn);
  data(b, index);
  backups(b, index);
  alarms(b, index);
  if (vpc) {
    b.node(
      "vpc",
      `VPC ${String(vpc.inputs.cidrBlock)}<br/>${zones.length} zones: ${zones.join(", ")}<br/>${nat}`,
      "network",
    );
  }
  return b.build(`${index.graph.stack} on aws`);
}
