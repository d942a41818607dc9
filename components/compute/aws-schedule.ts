import * as aws from "@pulumi/aws";
import type { ServiceSpec } from "../../stacks/schema/compute";
import { WEEKDAYS, minutesOf, type ServiceSchedule, type Weekday } from "../../stacks/schema/schedule";
import type { AwsCtx } from "./aws-context";

/** Application Auto Scaling's cron form: `cron(minutes hours day-of-month month day-of-week year)`. */
export function scheduleCron(days: readonly Weekday[], time: string): string {
  const [hours, minutes] = time.split(":").map(Number);
  const ordered = WEEKDAYS.filter((day) => days.includes(day));
  return `cron(${minutes} ${hours} ? * ${ordered.join(",")} *)`;
}

/** Hours a week the services run. */
export function weeklyHours(schedule: Pick<ServiceSchedule, "days" | "start" | "stop">): number {
  return (schedule.days.length * (minutesOf(schedule.stop) - minutesOf(schedule.start))) / 60;
}

/** Reads back what `scheduleCron` writes: the days and the time of day; undefined for any other expression. */
export function parseScheduleCron(expression: string): { days: Weekday[]; time: string } | undefined {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \? \* ([A-Z,]+) \*\)$/.exec(expression);
  if (!match) return undefined;
  const days = match[3].split(",") as Weekday[];
  if (!days.every((day) => (WEEKDAYS as readonly string[]).includes(day))) return undefined;
  const pad = (n: string) => n.padStart(2, "0");
  return { days, time: `${pad(match[2])}:${pad(match[1])}` };
}

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
