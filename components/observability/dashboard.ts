import * as pulumi from "@pulumi/pulumi";
import { DASHBOARD_GROUPS, type AlarmSpec } from "./alarm-specs";

export interface PlacedAlarm {
  readonly spec: AlarmSpec;
  readonly arn: pulumi.Output<string>;
  /** The region the alarm (and its metric) lives in. */
  readonly region: string;
}

/**
 * The dashboard's widgets: per layer, a heading and one graph per alarm. An alarm-annotated graph draws the
 * alarm's own metric and threshold, so the dashboard cannot disagree with what pages people.
 */
export function dashboardBody(title: string, alarms: readonly PlacedAlarm[]): pulumi.Output<string> {
  const widgets: Record<string, unknown>[] = [
    { type: "text", width: 24, height: 2, properties: { markdown: `# ${title}\nEvery graph is an alarm.` } },
  ];
  for (const group of DASHBOARD_GROUPS) {
    const inGroup = alarms.filter((alarm) => alarm.spec.group === group);
    if (inGroup.length === 0) continue;
    widgets.push({ type: "text", width: 24, height: 1, properties: { markdown: `## ${group}` } });
    for (const alarm of inGroup) {
      widgets.push({
        type: "metric",
        width: 8,
        height: 6,
        properties: {
          title: alarm.spec.description,
          region: alarm.region,
          view: "timeSeries",
          annotations: { alarms: [alarm.arn] },
        },
      });
    }
  }
  return pulumi.jsonStringify({ widgets });
}
