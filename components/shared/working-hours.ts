import { WEEKDAYS, minutesOf, type ServiceSchedule, type Weekday } from "../../stacks/schema/schedule";

/** Hours in a week; a month of HOURS_PER_MONTH holds HOURS_PER_MONTH / HOURS_PER_WEEK of them. */
export const HOURS_PER_WEEK = 168;

/**
 * The cron form Application Auto Scaling and EventBridge Scheduler share:
 * `cron(minutes hours day-of-month month day-of-week year)`.
 */
export function scheduleCron(days: readonly Weekday[], time: string): string {
  const [hours, minutes] = time.split(":").map(Number);
  const ordered = WEEKDAYS.filter((day) => days.includes(day));
  return `cron(${minutes} ${hours} ? * ${ordered.join(",")} *)`;
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

/** Hours a week inside the working hours. */
export function weeklyHours(schedule: Pick<ServiceSchedule, "days" | "start" | "stop">): number {
  return (schedule.days.length * (minutesOf(schedule.stop) - minutesOf(schedule.start))) / 60;
}

/** An HH:MM time moved by `minutes`, held within the same day (00:00 to 23:59). */
export function shiftTime(time: string, minutes: number): string {
  const total = Math.min(23 * 60 + 59, Math.max(0, minutesOf(time) + minutes));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}
