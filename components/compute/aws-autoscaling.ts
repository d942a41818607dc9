import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ServiceSpec } from "../../stacks/schema/compute";
import type { AwsCtx } from "./aws-context";
import type { SharedInfra } from "./aws-service";

/**
 * Target tracking between replicas.min and replicas.max: on average CPU, and for public services with a
 * requestsPerTarget also on load balancer requests per task. Nothing when min = max (a fixed count).
 */
export function createAutoscaling(
  ctx: AwsCtx,
  shared: SharedInfra,
  spec: ServiceSpec,
  service: aws.ecs.Service,
  targetGroup: aws.lb.TargetGroup | undefined,
): void {
  if (spec.replicas.max <= spec.replicas.min) return;
  const name = `${ctx.name}-${spec.name}`;
  const target = new aws.appautoscaling.Target(
    name,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${shared.cluster.name}/${service.name}`,
      minCapacity: spec.replicas.min,
      maxCapacity: spec.replicas.max,
      tags: ctx.naming.tags("compute"),
    },
    { parent: ctx.parent },
  );
  const policy = (
    suffix: string,
    metric: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
    targetValue: number,
  ) =>
    new aws.appautoscaling.Policy(
      `${name}-${suffix}`,
      {
        name: ctx.naming.physicalName(`${spec.name}-${suffix}`, 255),
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: metric,
          targetValue,
          // Out fast, in slowly: a short dip must not drop tasks that the next peak needs.
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      },
      { parent: ctx.parent },
    );
  policy("cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, spec.autoscaling.cpuPercent);
  if (targetGroup && spec.autoscaling.requestsPerTarget !== undefined) {
    policy(
      "requests",
      {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: pulumi.interpolate`${shared.entry!.loadBalancer.arnSuffix}/${targetGroup.arnSuffix}`,
      },
      spec.autoscaling.requestsPerTarget,
    );
  }
}
