import * as aws from "../shared/aws/sdk";
import { awsTags, type AwsCtx } from "./aws-context";
import type { ServicePlan } from "./plan";

/**
 * One security group per service, chained: the load balancer reaches a public service's port, a caller
 * reaches an internal service's port, and every service may leave on 443 (images, secrets, logs, APIs).
 * Nothing else: AWS's default allow-all egress is removed when the group is created.
 */
export function createServiceSecurityGroups(
  ctx: AwsCtx,
  plans: readonly ServicePlan[],
  loadBalancerGroup: aws.ec2.SecurityGroup | undefined,
): Map<string, aws.ec2.SecurityGroup> {
  const groups = new Map<string, aws.ec2.SecurityGroup>();
  for (const { spec } of plans) {
    const group = new aws.ec2.SecurityGroup(
      `${ctx.name}-${spec.name}`,
      {
        name: ctx.naming.physicalName(`service-${spec.name}`, 255),
        description: `Service ${spec.name}: its port from the load balancer or its callers only`,
        vpcId: ctx.args.vpcId,
        tags: awsTags(ctx, `service-${spec.name}`),
      },
      { parent: ctx.parent },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${ctx.name}-${spec.name}-out-443`,
      {
        securityGroupId: group.id,
        description: "HTTPS out: image registries, Secrets Manager, CloudWatch Logs, APIs",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        tags: awsTags(ctx, `${spec.name}-out-443`),
      },
      { parent: ctx.parent },
    );
    groups.set(spec.name, group);
  }
  for (const plan of plans) {
    const target = groups.get(plan.spec.name)!;
    if (plan.isPublic && loadBalancerGroup)
      allowPath(ctx, "alb", loadBalancerGroup, plan.spec.name, target, plan.spec.port);
    for (const caller of plan.callers) {
      allowPath(ctx, caller, groups.get(caller)!, plan.spec.name, target, plan.spec.port);
    }
  }
  return groups;
}

/** One path, both ends: egress from the source's group and ingress to the target's, on one port. */
function allowPath(
  ctx: AwsCtx,
  sourceName: string,
  source: aws.ec2.SecurityGroup,
  targetName: string,
  target: aws.ec2.SecurityGroup,
  port: number,
): void {
  const role = `${sourceName}-to-${targetName}`;
  new aws.vpc.SecurityGroupEgressRule(
    `${ctx.name}-${role}`,
    {
      securityGroupId: source.id,
      description: `To ${targetName} on ${port}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: target.id,
      tags: awsTags(ctx, role),
    },
    { parent: ctx.parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${ctx.name}-${role}`,
    {
      securityGroupId: target.id,
      description: `From ${sourceName} on ${port}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: source.id,
      tags: awsTags(ctx, role),
    },
    { parent: ctx.parent },
  );
}
