import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { Naming } from "../naming";
import { awsTags, type AwsComputeArgs, type AwsCtx } from "./aws-context";
import { createLoadBalancer } from "./aws-load-balancer";
import { createServiceSecurityGroups } from "./aws-security-groups";
import { createStackSecrets } from "./aws-secrets";
import { createAwsService, type AwsServiceResources, type SharedInfra } from "./aws-service";
import { routeOrder, type ServicePlan } from "./plan";

export type { AwsComputeArgs } from "./aws-context";

/** What other layers need from compute on aws: the CDN routes to the load balancer, observability alarms. */
export interface AwsCompute {
  readonly cluster: { readonly name: pulumi.Output<string>; readonly arn: pulumi.Output<string> };
  readonly loadBalancer: {
    readonly arn: pulumi.Output<string>;
    readonly arnSuffix: pulumi.Output<string>;
    readonly dnsName: pulumi.Output<string>;
    readonly zoneId: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
  };
  readonly httpsEnabled: boolean;
  readonly services: {
    readonly name: string;
    readonly ecsServiceName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly targetGroupArnSuffix?: pulumi.Output<string>;
  }[];
}

/**
 * An ECS cluster on Fargate, one Application Load Balancer shared by the public services, and per service
 * a task definition, an ECS service in the private subnets, its roles, security group, logs and scaling.
 */
export function buildAwsCompute(
  name: string,
  args: AwsComputeArgs,
  naming: Naming,
  plans: readonly ServicePlan[],
  secretValues: Readonly<Record<string, pulumi.Output<string>>>,
  parent: pulumi.Resource,
): AwsCompute {
  const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const ctx: AwsCtx = { name, parent, naming, args, accountId };
  const cluster = createCluster(ctx);
  const capacityProviders = new aws.ecs.ClusterCapacityProviders(
    `${name}-capacity-providers`,
    { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] },
    { parent },
  );
  const routeHosts = plans.flatMap((plan) => (plan.spec.route?.host ? [plan.spec.route.host] : []));
  const lb = createLoadBalancer(ctx, routeHosts);
  const discoveryDomain = `${naming.project}-${naming.stack}.internal`.toLowerCase();
  const shared: SharedInfra = {
    cluster,
    capacityProviders,
    loadBalancer: lb.alb,
    listener: lb.listener,
    discovery: plans.some((plan) => !plan.isPublic)
      ? createDiscoveryNamespace(ctx, discoveryDomain)
      : undefined,
    discoveryDomain,
    stackSecrets: createStackSecrets(ctx, plans, secretValues),
  };
  const groups = createServiceSecurityGroups(ctx, plans, lb.securityGroup);
  const priorities = new Map(routeOrder(plans).map((plan, i) => [plan.spec.name, (i + 1) * 10]));
  const services = plans.map((plan) =>
    createAwsService(ctx, shared, plan, groups.get(plan.spec.name)!, priorities.get(plan.spec.name)),
  );
  return {
    cluster: { name: cluster.name, arn: cluster.arn },
    loadBalancer: {
      arn: lb.alb.arn,
      arnSuffix: lb.alb.arnSuffix,
      dnsName: lb.alb.dnsName,
      zoneId: lb.alb.zoneId,
      securityGroupId: lb.securityGroup.id,
    },
    httpsEnabled: lb.httpsEnabled,
    services: services.map(describeService),
  };
}

function describeService(resources: AwsServiceResources): AwsCompute["services"][number] {
  return {
    name: resources.plan.spec.name,
    ecsServiceName: resources.service.name,
    securityGroupId: resources.securityGroup.id,
    logGroupName: resources.logGroup.name,
    targetGroupArnSuffix: resources.targetGroup?.arnSuffix,
  };
}

/** Container Insights collects per-task CPU, memory and network metrics (Checkov CKV_AWS_65). */
function createCluster(ctx: AwsCtx): aws.ecs.Cluster {
  return new aws.ecs.Cluster(
    `${ctx.name}-cluster`,
    {
      name: ctx.naming.physicalName("cluster", 255),
      settings: [{ name: "containerInsights", value: "enabled" }],
      tags: awsTags(ctx, "cluster"),
    },
    { parent: ctx.parent },
  );
}

/** The private DNS zone internal services are registered in, resolvable only inside the VPC. */
function createDiscoveryNamespace(ctx: AwsCtx, domain: string): aws.servicediscovery.PrivateDnsNamespace {
  return new aws.servicediscovery.PrivateDnsNamespace(
    `${ctx.name}-discovery`,
    {
      name: domain,
      description: "Internal services, by name",
      vpc: ctx.args.vpcId,
      tags: awsTags(ctx, "discovery"),
    },
    { parent: ctx.parent },
  );
}
