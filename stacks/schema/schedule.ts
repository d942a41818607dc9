import { z } from "zod";
import { matching, oneOf, section, text } from "./primitives";

/** Days as Application Auto Scaling's cron expressions name them. */
export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** HH:MM on a 24-hour clock; the cross-setting checks read times only once this holds. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeOfDay = matching(TIME_OF_DAY, "a time of day as HH:MM (24 hours), such as 08:00");

/**
 * An IANA time zone name, as Application Auto Scaling's scheduled actions and EventBridge Scheduler accept them:
 * Joda-Time's zone names, in IANA's own letter case. Intl reads a name in any case (europe/dublin), and a name
 * AWS refuses would fail the deploy only after the network exists. (A renamed zone, Asia/Kolkata for one, Intl
 * resolves to its older name, so its letter case cannot be checked this way.)
 */
export function isTimeZone(name: string): boolean {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return false;
  return name.includes("/") || name === "UTC";
}

/**
 * When the services run: outside these hours every service scales to zero tasks and back at `start`. For a
 * team's daytime use (dev); a stack without it runs its services around the clock.
 */
export const scheduleSchema = section({
  /** The days the services run. */
  days: z
    .array(oneOf(WEEKDAYS), { error: `a list of days (${WEEKDAYS.join(", ")})` })
    .min(1, { error: "at least one day" })
    .refine((days) => new Set(days).size === days.length, { error: "a list of days, each once" }),
  /** Local time the services start, in `timezone`. */
  start: timeOfDay,
  /** Local time they scale to zero; later than `start` on the same day. */
  stop: timeOfDay,
  /** The time zone of start and stop (daylight saving followed). */
  timezone: text("an IANA time zone such as Europe/Dublin").refine(isTimeZone, {
    error: "an IANA time zone, in IANA's letter case, such as Europe/Dublin or UTC",
  }),
});
export type ServiceSchedule = z.output<typeof scheduleSchema>;

/** Minutes after midnight of an HH:MM time. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}
