import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import { transformed, type Transform } from "../transform";
import type { Thresholds } from "../../stacks/schema/observability";
import { alarmSpecs, type AlarmSpec, type AwsWatched, type MetricRef } from "./alarm-specs";
import { createAlertTopic } from "./alert-topic";
import { dashboardBody, type PlacedAlarm } from "./dashboard";

export const EDGE_REGION = "us-east-1";

export interface AwsObservabilityArgs extends AwsWatched {
  /** The stack's region: alarms, topic and dashboard live there (CloudFront's alarm in us-east-1). */
  readonly region: string;
  readonly alertEmails: readonly string[];
  readonly thresholds: Thresholds;
  /** Keep the topics' keys on destroy. */
  readonly protect: boolean;
  readonly transform?: { readonly alarm?: Transform<aws.cloudwatch.MetricAlarmArgs> };
}

export interface AwsObservability {
  readonly topicArn: pulumi.Output<string>;
  /** The us-east-1 topic of CloudFront's alarms; the stack's topic when the stack is in us-east-1. */
  readonly edgeTopicArn?: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  readonly alarms: readonly { readonly role: string; readonly arn: pulumi.Output<string> }[];
}

/** Alerts by email through an encrypted topic, one alarm per spec wired to it both ways, one dashboard. */
export function buildAwsObservability(
  name: string,
  args: AwsObservabilityArgs,
  naming: Naming,
  parent: pulumi.Resource,
): AwsObservability {
  const topicSpec = { naming, emails: args.alertEmails, protect: args.protect };
  const topic = createAlertTopic(`${name}-alerts`, { ...topicSpec, role: "alerts" }, { parent });
  const specs = alarmSpecs(args, args.thresholds);
  // Alarm actions must be in the alarm's region: CloudFront's alarms get their own topic in us-east-1.
  const needsEdge = specs.some((spec) => spec.edge) && args.region !== EDGE_REGION;
  const edgeProvider = needsEdge
    ? new aws.Provider(`${name}-${EDGE_REGION}`, { region: EDGE_REGION }, { parent })
    : undefined;
  const edgeTopic = edgeProvider
    ? createAlertTopic(
        `${name}-edge-alerts`,
        { ...topicSpec, role: "edge-alerts" },
        { parent, provider: edgeProvider },
      )
    : undefined;

  const placed: PlacedAlarm[] = specs.map((spec) => {
    const atEdge = spec.edge === true && edgeTopic !== undefined;
    const alarm = createAlarm(name, spec, atEdge ? edgeTopic : topic, naming, args.transform?.alarm, {
      parent,
      provider: atEdge ? edgeProvider : undefined,
    });
    return { spec, arn: alarm.arn, region: atEdge ? EDGE_REGION : args.region };
  });
  const dashboard = new aws.cloudwatch.Dashboard(
    `${name}-dashboard`,
    {
      dashboardName: naming.physicalName("dashboard", 255),
      dashboardBody: dashboardBody(`${naming.project} ${naming.stack}`, placed),
    },
    { parent },
  );
  return {
    topicArn: topic.arn,
    edgeTopicArn: specs.some((spec) => spec.edge) ? (edgeTopic ?? topic).arn : undefined,
    dashboardName: dashboard.dashboardName,
    alarms: placed.map((alarm) => ({ role: alarm.spec.role, arn: alarm.arn })),
  };
}

function metricArgs(metric: MetricRef) {
  const percentile = /^p\d+(\.\d+)?$/.test(metric.stat);
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: { ...metric.dimensions },
    statistic: percentile ? undefined : metric.stat,
    extendedStatistic: percentile ? metric.stat : undefined,
  };
}

function metricQueries(spec: AlarmSpec): aws.types.input.cloudwatch.MetricAlarmMetricQuery[] | undefined {
  if (!spec.math) return undefined;
  return [
    { id: "result", expression: spec.math.expression, label: spec.description, returnData: true },
    ...Object.entries(spec.math.metrics).map(([id, metric]) => ({
      id,
      returnData: false,
      metric: {
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: { ...metric.dimensions },
        stat: metric.stat,
        period: spec.period,
      },
    })),
  ];
}

/** Notifies the topic when the alarm fires and when it recovers; missing data is treated as the spec says. */
function createAlarm(
  component: string,
  spec: AlarmSpec,
  topic: aws.sns.Topic,
  naming: Naming,
  transform: Transform<aws.cloudwatch.MetricAlarmArgs> | undefined,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  const name = `${component}-${spec.role}`;
  const args: aws.cloudwatch.MetricAlarmArgs = {
    name: naming.physicalName(spec.role, 255),
    alarmDescription: spec.description,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    ...(spec.metric
      ? { ...metricArgs(spec.metric), period: spec.period }
      : { metricQueries: metricQueries(spec) }),
    alarmActions: [topic.arn],
    okActions: [topic.arn],
    tags: naming.tags("observability", { Name: naming.physicalName(spec.role, 255) }),
  };
  return new aws.cloudwatch.MetricAlarm(name, transformed(args, name, transform), opts);
}
