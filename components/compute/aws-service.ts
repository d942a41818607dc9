import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { transformed } from "../transform";
import { createLogGroup } from "../shared/aws/log-group";
import { awsTags, type AwsCtx } from "./aws-context";
import { containerDefinition } from "./aws-container";
import { createImage } from "./aws-image";
import { createTaskRoles } from "./aws-iam";
import { createAutoscaling } from "./aws-autoscaling";
import { connectionSecrets, plainEnvironment, stackSecrets, type ServicePlan } from "./plan";
import type { ServiceSpec } from "../../stacks/schema/compute";
import type { StackSecrets } from "./aws-secrets";

/** What the services share: built once by the aws builder. */
export interface SharedInfra {
  readonly cluster: aws.ecs.Cluster;
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
  /** The load balancer and its listener; none when no service is public. */
  readonly entry?: { readonly loadBalancer: aws.lb.LoadBalancer; readonly listener: aws.lb.Listener };
  readonly discovery?: aws.servicediscovery.PrivateDnsNamespace;
  /** The DNS domain of the discovery namespace, known at program time. */
  readonly discoveryDomain: string;
  readonly stackSecrets: StackSecrets;
}

export interface AwsServiceResources {
  readonly plan: ServicePlan;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly service: aws.ecs.Service;
  readonly targetGroup?: aws.lb.TargetGroup;
}

/** One service: its log group, security group, roles, task definition, ECS service and scaling. */
export function createAwsService(
  ctx: AwsCtx,
  shared: SharedInfra,
  plan: ServicePlan,
  securityGroup: aws.ec2.SecurityGroup,
  listenerRulePriority: number | undefined,
): AwsServiceResources {
  const { spec } = plan;
  const logGroup = createLogGroup(
    `${ctx.name}-${spec.name}`,
    {
      naming: ctx.naming,
      layer: "compute",
      role: `service-${spec.name}`,
      retentionDays: ctx.args.logRetentionDays,
      kmsKeyArn: ctx.args.logsKmsKeyArn,
    },
    { parent: ctx.parent },
  );
  const image = createImage(ctx, spec);
  const secrets = secretValueFroms(plan, shared.stackSecrets.arns);
  const roles = createTaskRoles(ctx, spec.name, {
    logGroupArn: logGroup.arn,
    ecrRepositoryArn: image.ecrRepositoryArn,
    secretArns: secrets.map(([, , arn]) => arn),
    secretsKeyArn: stackSecrets(plan).length > 0 ? shared.stackSecrets.keyArn : undefined,
    region: ctx.args.region,
    connections: plan.connections,
  });
  const container = containerDefinition({
    spec,
    image: image.uri,
    region: ctx.args.region,
    logGroupName: logGroup.name,
    environment: plainEnvironment(plan, (callee) => discoveryUrl(callee, shared.discoveryDomain)),
    secrets: secrets.map(([variable, valueFrom]) => [variable, valueFrom]),
  });
  const taskDefinition = createTaskDefinition(ctx, spec, roles, container);
  const route =
    listenerRulePriority === undefined
      ? undefined
      : createTargetGroup(ctx, shared, plan, listenerRulePriority);
  const targetGroup = route?.targetGroup;
  const registry = plan.isPublic ? undefined : createDiscoveryService(ctx, shared, spec);
  const service = createEcsService(ctx, shared, plan, {
    taskDefinition,
    securityGroups: [securityGroup.id, ...clientSecurityGroups(plan)],
    route,
    registry,
  });
  createAutoscaling(ctx, shared, spec, service, targetGroup);
  return { plan, securityGroup, logGroup, service, targetGroup };
}

/** Internal services answer at `<name>.<discovery domain>` on their port. */
export function discoveryUrl(callee: ServiceSpec, domain: string): string {
  return `http://${callee.name}.${domain}:${callee.port}`;
}

function clientSecurityGroups(plan: ServicePlan): pulumi.Input<string>[] {
  return plan.connections.flatMap((c) => (c.awsClientSecurityGroupId ? [c.awsClientSecurityGroupId] : []));
}

/** [variable, valueFrom, secret ARN] for the stack's and the backing layers' secrets. */
function secretValueFroms(
  plan: ServicePlan,
  stackSecretArns: ReadonlyMap<string, pulumi.Output<string>>,
): [string, pulumi.Input<string>, pulumi.Input<string>][] {
  const own = stackSecrets(plan).map(
    ([variable, secret]): [string, pulumi.Input<string>, pulumi.Input<string>] => {
      const arn = stackSecretArns.get(secret)!;
      return [variable, arn, arn];
    },
  );
  const connected = connectionSecrets(plan).flatMap(
    ([variable, reference]): [string, pulumi.Input<string>, pulumi.Input<string>][] => {
      if (!reference.aws) return [];
      const { arn, jsonKey } = reference.aws;
      // Secrets Manager's JSON-key form: <arn>:<json key>:<version stage>:<version id>, stage and id left empty.
      const valueFrom = jsonKey === undefined ? arn : pulumi.interpolate`${arn}:${jsonKey}::`;
      return [[variable, valueFrom, arn]];
    },
  );
  return [...own, ...connected].sort(([a], [b]) => a.localeCompare(b));
}

function createTaskDefinition(
  ctx: AwsCtx,
  spec: ServiceSpec,
  roles: { executionRole: aws.iam.Role; taskRole: aws.iam.Role },
  container: ReturnType<typeof containerDefinition>,
): aws.ecs.TaskDefinition {
  const name = `${ctx.name}-${spec.name}`;
  const args: aws.ecs.TaskDefinitionArgs = {
    family: ctx.naming.physicalName(spec.name, 255),
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: String(spec.cpu),
    memory: String(spec.memory),
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: spec.aws.cpuArchitecture },
    executionRoleArn: roles.executionRole.arn,
    taskRoleArn: roles.taskRole.arn,
    volumes: [{ name: "tmp" }],
    containerDefinitions: pulumi.jsonStringify([container]),
    tags: awsTags(ctx, spec.name),
  };
  return new aws.ecs.TaskDefinition(name, transformed(args, name, ctx.args.transform?.taskDefinition), {
    parent: ctx.parent,
  });
}

/** A public service's target group, health-checked on its path, and the listener rule that forwards to it. */
interface PublicRoute {
  readonly targetGroup: aws.lb.TargetGroup;
  /** ECS refuses a target group no load balancer forwards to: the service waits for this rule. */
  readonly rule: aws.lb.ListenerRule;
}

function createTargetGroup(
  ctx: AwsCtx,
  shared: SharedInfra,
  plan: ServicePlan,
  priority: number,
): PublicRoute {
  const { spec } = plan;
  const name = `${ctx.name}-${spec.name}`;
  const args: aws.lb.TargetGroupArgs = {
    // The port is in the name: a new port replaces the group, and two groups may not share a name.
    name: ctx.naming.physicalName(`${spec.name}-${spec.port}`, 32),
    port: spec.port,
    protocol: "HTTP",
    targetType: "ip",
    vpcId: ctx.args.vpcId,
    deregistrationDelay: 30,
    healthCheck: {
      enabled: true,
      path: spec.healthCheckPath,
      protocol: "HTTP",
      matcher: "200-399",
      interval: 15,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
    },
    tags: awsTags(ctx, spec.name),
  };
  const targetGroup = new aws.lb.TargetGroup(name, transformed(args, name, ctx.args.transform?.targetGroup), {
    parent: ctx.parent,
  });
  const rule = new aws.lb.ListenerRule(
    name,
    {
      listenerArn: shared.entry!.listener.arn,
      priority,
      conditions: listenerConditions(spec),
      actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      tags: awsTags(ctx, spec.name),
    },
    { parent: ctx.parent },
  );
  return { targetGroup, rule };
}

/** Host and path of a route as listener rule conditions; `/api` matches `/api` and everything under it. */
export function listenerConditions(spec: ServiceSpec): aws.types.input.lb.ListenerRuleCondition[] {
  const route = spec.route ?? {};
  const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
  if (route.host) conditions.push({ hostHeader: { values: [route.host] } });
  if (route.path && route.path !== "/")
    conditions.push({ pathPattern: { values: [route.path, `${route.path}/*`] } });
  if (conditions.length === 0) conditions.push({ pathPattern: { values: ["/*"] } });
  return conditions;
}

/** Internal services register their tasks' addresses in Cloud Map, so callers find them by name. */
function createDiscoveryService(
  ctx: AwsCtx,
  shared: SharedInfra,
  spec: ServiceSpec,
): aws.servicediscovery.Service {
  return new aws.servicediscovery.Service(
    `${ctx.name}-${spec.name}`,
    {
      name: spec.name,
      dnsConfig: {
        namespaceId: shared.discovery!.id,
        dnsRecords: [{ type: "A", ttl: 10 }],
        routingPolicy: "MULTIVALUE",
      },
      // No health check block: the custom one is deprecated by the provider (AWS fixed its only setting), and
      // Route 53 checks are for public namespaces only. ECS deregisters a task that stops or fails its checks.
      forceDestroy: true,
      tags: awsTags(ctx, spec.name),
    },
    { parent: ctx.parent },
  );
}

interface EcsServiceParts {
  readonly taskDefinition: aws.ecs.TaskDefinition;
  readonly securityGroups: pulumi.Input<string>[];
  readonly route?: PublicRoute;
  readonly registry?: aws.servicediscovery.Service;
}

/** The stack's capacity provider weights, leaving out a provider weighted 0. */
export function capacityProviderStrategies(weights: { fargate: number; fargateSpot: number }) {
  return [
    { capacityProvider: "FARGATE", weight: weights.fargate },
    { capacityProvider: "FARGATE_SPOT", weight: weights.fargateSpot },
  ].filter((strategy) => strategy.weight > 0);
}

function createEcsService(
  ctx: AwsCtx,
  shared: SharedInfra,
  plan: ServicePlan,
  parts: EcsServiceParts,
): aws.ecs.Service {
  const { spec } = plan;
  const name = `${ctx.name}-${spec.name}`;
  const autoscaled = spec.replicas.max > spec.replicas.min;
  const args: aws.ecs.ServiceArgs = {
    name: spec.name,
    cluster: shared.cluster.arn,
    taskDefinition: parts.taskDefinition.arn,
    desiredCount: spec.replicas.min,
    capacityProviderStrategies: capacityProviderStrategies(ctx.args.capacityProviders),
    // ECS applies a new capacity-provider strategy only with a new deployment; without this flag the provider
    // fails any update of the weights. A deployment is a rolling replacement behind the circuit breaker.
    forceNewDeployment: true,
    networkConfiguration: {
      subnets: ctx.args.privateSubnetIds,
      securityGroups: parts.securityGroups,
      // Tasks live in private subnets and leave through NAT (Checkov CKV_AWS_333).
      assignPublicIp: false,
    },
    loadBalancers: parts.route
      ? [{ targetGroupArn: parts.route.targetGroup.arn, containerName: spec.name, containerPort: spec.port }]
      : undefined,
    healthCheckGracePeriodSeconds: parts.route ? spec.aws.healthCheckGracePeriodSeconds : undefined,
    serviceRegistries: parts.registry ? { registryArn: parts.registry.arn } : undefined,
    // A deployment whose tasks never become healthy stops and rolls back to the last good one.
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    enableEcsManagedTags: true,
    propagateTags: "SERVICE",
    waitForSteadyState: false,
    tags: awsTags(ctx, spec.name),
  };
  return new aws.ecs.Service(name, transformed(args, name, ctx.args.transform?.service), {
    parent: ctx.parent,
    dependsOn: [shared.capacityProviders, ...(parts.route ? [shared.entry!.listener, parts.route.rule] : [])],
    // Autoscaling (and the working-hours schedule) owns the running count; a deploy must not reset it.
    ignoreChanges: autoscaled || ctx.args.schedule ? ["desiredCount"] : [],
    // A replacement (e.g. internal to public) must free the service's name in the cluster first.
    deleteBeforeReplace: true,
  });
}
