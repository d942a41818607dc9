import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { ServiceSpec } from "../../stacks/schema/compute";
import type { AwsCtx } from "./aws-context";
import type { SharedInfra } from "./aws-service";
import { createSchedule } from "./aws-schedule";

/**
 * Target tracking between replicas.min and replicas.max: on average CPU, and for public services with a
 * requestsPerTarget also on load balancer requests per task; and the working-hours schedule when the stack has
 * one. Nothing when min = max (a fixed count) and there is no schedule.
 */
export function createAutoscaling(
  ctx: AwsCtx,
  shared: SharedInfra,
  spec: ServiceSpec,
  service: aws.ecs.Service,
  targetGroup: aws.lb.TargetGroup | undefined,
): void {
  const autoscaled = spec.replicas.max > spec.replicas.min;
  const schedule = ctx.args.schedule;
  if (!autoscaled && !schedule) return;
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
    // The schedule moves the bounds twice a day; a refresh-and-up at night must not scale the service back up.
    // The start action carries the configured bounds, so a changed replicas setting applies at the next start.
    { parent: ctx.parent, ignoreChanges: schedule ? ["minCapacity", "maxCapacity"] : [] },
  );
  const policies: aws.appautoscaling.Policy[] = [];
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
      // One after another: Application Auto Scaling refuses a second update of a target while one is pending
      // (ConcurrentUpdateException, not retried by the provider: hashicorp/terraform-provider-aws#17915, open).
      { parent: ctx.parent, dependsOn: policies.slice(-1) },
    );
  if (autoscaled) {
    policies.push(
      policy("cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, spec.autoscaling.cpuPercent),
    );
  }
  if (autoscaled && targetGroup && spec.autoscaling.requestsPerTarget !== undefined) {
    policies.push(
      policy(
        "requests",
        {
          predefinedMetricType: "ALBRequestCountPerTarget",
          resourceLabel: pulumi.interpolate`${shared.entry!.loadBalancer.arnSuffix}/${targetGroup.arnSuffix}`,
        },
        spec.autoscaling.requestsPerTarget,
      ),
    );
  }
  if (schedule) createSchedule(ctx, spec, target, schedule, policies);
}
