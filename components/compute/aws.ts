import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import { awsTags, type AwsComputeArgs, type AwsCtx } from "./aws-context";
import { createLoadBalancer, type LoadBalancer } from "./aws-load-balancer";
import { createServiceSecurityGroups } from "./aws-security-groups";
import { createStackSecrets } from "./aws-secrets";
import { createAwsService, type AwsServiceResources, type SharedInfra } from "./aws-service";
import { routeOrder, type ServicePlan } from "./plan";

export type { AwsComputeArgs } from "./aws-context";

/** What other layers need from compute on aws: the CDN routes to the load balancer, observability alarms. */
export interface AwsCompute {
  readonly cluster: { readonly name: pulumi.Output<string>; readonly arn: pulumi.Output<string> };
  /** The internal load balancer of the public services; none without a public service (nothing to pay for). */
  readonly loadBalancer?: {
    readonly arn: pulumi.Output<string>;
    readonly arnSuffix: pulumi.Output<string>;
    readonly dnsName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** HTTPS on compute.aws.domain, else HTTP; CloudFront's VPC origin connects on `port`. */
    readonly httpsEnabled: boolean;
    readonly port: number;
  };
  readonly services: {
    readonly name: string;
    readonly ecsServiceName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly targetGroupArnSuffix?: pulumi.Output<string>;
  }[];
}

/**
 * An ECS cluster on Fargate, one internal Application Load Balancer shared by the public services (none
 * without one), and per service
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
  const lb = plans.some((plan) => plan.isPublic) ? createLoadBalancer(ctx) : undefined;
  const discoveryDomain = `${naming.project}-${naming.stack}.internal`.toLowerCase();
  const shared: SharedInfra = {
    cluster,
    capacityProviders,
    entry: lb ? { loadBalancer: lb.alb, listener: lb.listener } : undefined,
    discovery: plans.some((plan) => !plan.isPublic)
      ? createDiscoveryNamespace(ctx, discoveryDomain)
      : undefined,
    discoveryDomain,
    stackSecrets: createStackSecrets(ctx, plans, secretValues),
  };
  const groups = createServiceSecurityGroups(ctx, plans, lb?.securityGroup);
  const priorities = new Map(routeOrder(plans).map((plan, i) => [plan.spec.name, (i + 1) * 10]));
  const services = plans.map((plan) =>
    createAwsService(ctx, shared, plan, groups.get(plan.spec.name)!, priorities.get(plan.spec.name)),
  );
  return {
    cluster: { name: cluster.name, arn: cluster.arn },
    loadBalancer: lb ? describeLoadBalancer(lb) : undefined,
    services: services.map(describeService),
  };
}

function describeLoadBalancer(lb: LoadBalancer): NonNullable<AwsCompute["loadBalancer"]> {
  return {
    arn: lb.alb.arn,
    arnSuffix: lb.alb.arnSuffix,
    dnsName: lb.alb.dnsName,
    securityGroupId: lb.securityGroup.id,
    httpsEnabled: lb.httpsEnabled,
    port: lb.port,
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
