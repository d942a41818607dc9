import * as aws from "../shared/aws/sdk";
import type { ServiceSpec } from "../../stacks/schema/compute";
import type { ServiceSchedule } from "../../stacks/schema/schedule";
import { scheduleCron } from "../shared/working-hours";
import type { AwsCtx } from "./aws-context";

/**
 * Two scheduled actions on the service's scalable target. A scheduled action sets the target's minimum and
 * maximum (Application Auto Scaling user guide, "How scheduled scaling works"): `stop` sets both to 0, so the
 * policies cannot keep a task; `start` restores the configured replicas.min and replicas.max, and target
 * tracking then works between them again. Application Auto Scaling rejects concurrent updates of one target
 * (ConcurrentUpdateException), so each action waits for what was registered on the target before it.
 */
export function createSchedule(
  ctx: AwsCtx,
  spec: ServiceSpec,
  target: aws.appautoscaling.Target,
  schedule: ServiceSchedule,
  before: aws.appautoscaling.Policy[],
): void {
  const name = `${ctx.name}-${spec.name}`;
  const action = (
    role: "start" | "stop",
    time: string,
    capacity: number[],
    after: aws.appautoscaling.Policy[] | aws.appautoscaling.ScheduledAction[],
  ) =>
    new aws.appautoscaling.ScheduledAction(
      `${name}-${role}`,
      {
        name: ctx.naming.physicalName(`${spec.name}-${role}`, 255),
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        schedule: scheduleCron(schedule.days, time),
        timezone: schedule.timezone,
        scalableTargetAction: { minCapacity: capacity[0], maxCapacity: capacity[1] },
      },
      { parent: ctx.parent, dependsOn: [target, ...after] },
    );
  const start = action("start", schedule.start, [spec.replicas.min, spec.replicas.max], before);
  action("stop", schedule.stop, [0, 0], [start]);
}
