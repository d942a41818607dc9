/**
 * The AWS Backup form of `database.backup.schedule`, a five-field cron expression (minute hour day-of-month month
 * day-of-week) that the Kubernetes CronJob reads as it is. AWS Backup takes `cron(minute hour day-of-month month
 * day-of-week year)`, in UTC, where one of the two day fields must be `?`, and runs a plan at most once an hour.
 * AWS counts the days of the week 1-7 from Sunday where cron counts 0-6, so a numbered day is refused rather
 * than shifted: names (MON-FRI) mean the same to both.
 */
export type AwsBackupSchedule = { readonly expression: string } | { readonly problem: string };

const SINGLE_MINUTE = /^([0-5]?\d)$/;

export function awsBackupSchedule(cron: string): AwsBackupSchedule {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return { problem: "five fields: minute hour day-of-month month day-of-week" };
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  if (!SINGLE_MINUTE.test(minute)) {
    return { problem: "one minute from 0 to 59 (AWS Backup runs a plan at most once an hour)" };
  }
  if (/\d/.test(dayOfWeek)) {
    return { problem: "day-of-week as * or names such as MON-FRI (AWS numbers the days 1-7 from Sunday)" };
  }
  if (dayOfWeek !== "*" && dayOfMonth !== "*") {
    return { problem: "a day-of-month or a day-of-week, not both (AWS Backup takes only one)" };
  }
  const days = dayOfWeek === "*" ? `${dayOfMonth} ${month} ?` : `? ${month} ${dayOfWeek}`;
  return { expression: `cron(${minute} ${hour} ${days} *)` };
}
