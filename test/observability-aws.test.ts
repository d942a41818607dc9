import { strict as assert } from "node:assert";
import { byType, childrenOf, findResource, type Graph, type GraphResource } from "./support/harness";
import { edgeGraph, PROD_ADDITIONS } from "./support/edge-stacks";
import { named, registeredBy } from "./support/component";
import { Observability } from "../components/observability";
import { Naming } from "../components/naming";
import { PRESETS } from "../stacks/presets";
import type { Thresholds } from "../stacks/schema/observability";
import type { RegisteredInputs } from "../tools/harness/mocks";

const ACCOUNT = "123456789012";
const thresholdsOf = (preset: "dev" | "prod") => PRESETS[preset].observability!.thresholds as Thresholds;

interface Dashboard {
  widgets: {
    type: string;
    properties: { markdown?: string; region?: string; annotations?: { alarms: string[] } };
  }[];
}

const MIB = 1024 * 1024;

/** [period, evaluationPeriods, datapointsToAlarm]; a metric-math alarm carries its period on its metrics. */
function timing(alarm: GraphResource): unknown[] {
  const queries = alarm.inputs.metricQueries as { metric?: { period: number } }[] | undefined;
  return [
    alarm.inputs.period ?? queries?.[1].metric?.period,
    alarm.inputs.evaluationPeriods,
    alarm.inputs.datapointsToAlarm,
  ];
}

/** A metric alarm's [namespace, metric, statistic, dimensions]; a math alarm's expression and its metrics. */
function watched(alarm: GraphResource): unknown {
  const i = alarm.inputs;
  const queries = i.metricQueries as
    | { id: string; expression?: string; metric?: Record<string, unknown> }[]
    | undefined;
  if (!queries) return [i.namespace, i.metricName, i.statistic ?? i.extendedStatistic, i.dimensions];
  return {
    expression: queries[0].expression,
    metrics: queries
      .slice(1)
      .map((q) => [q.id, q.metric!.namespace, q.metric!.metricName, q.metric!.stat, q.metric!.dimensions]),
  };
}

/**
 * The alarms of the stack as shipped, in dashboard order: CloudFront, the ALB (with the api's target group: the
 * worker has no route), both services (running tasks below the stack file's `replicas.min`; in dev, whose
 * services follow a schedule, below what the service wants), the Aurora cluster
 * and the cache's nodes (one in dev; the primary and two replicas in prod, so the busiest node's value).
 */
function expectedAlarms(stack: "dev" | "prod", graph: Graph): unknown[][] {
  const t = thresholdsOf(stack);
  const compute = graph.outputs.compute as { clusterName: string };
  const data = graph.outputs.data as { databaseClusterIdentifier: string; cacheReplicationGroupId: string };
  assert.equal(compute.clusterName, `strata-${stack}-cluster`);
  const minReplicas = stack === "prod" ? { api: 2, worker: 2 } : { api: 1, worker: 1 };
  const FAST = [60, 5, 3];
  const SUSTAINED = [300, 2, 2];
  const lb = { LoadBalancer: `app/strata-${stack}-alb/0123456789abcdef` };
  const alb = (id: string, metric: string) => [id, "AWS/ApplicationELB", metric, "Sum", lb];
  const rds = (metric: string, stat: string) => [
    "AWS/RDS",
    metric,
    stat,
    { DBClusterIdentifier: data.databaseClusterIdentifier },
  ];
  const nodes = stack === "prod" ? 2 : 1;
  const node = (i: number) => ({ CacheClusterId: `${data.cacheReplicationGroupId}-00${i + 1}` });
  const acrossNodes = (metric: string, stat: string) =>
    nodes === 1
      ? ["AWS/ElastiCache", metric, stat, node(0)]
      : {
          expression: "MAX([node1, node2])",
          metrics: [0, 1].map((i) => [`node${i + 1}`, "AWS/ElastiCache", metric, stat, node(i)]),
        };
  return [
    [
      "cdn-5xx-rate",
      "GreaterThanThreshold",
      t.cdn5xxPercent,
      "notBreaching",
      FAST,
      [
        "AWS/CloudFront",
        "5xxErrorRate",
        "Average",
        { DistributionId: "cdn-distribution-id", Region: "Global" },
      ],
    ],
    [
      "lb-5xx-rate",
      "GreaterThanThreshold",
      t.loadBalancer5xxPercent,
      "notBreaching",
      FAST,
      {
        expression: "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
        metrics: [
          alb("requests", "RequestCount"),
          alb("elb5xx", "HTTPCode_ELB_5XX_Count"),
          alb("target5xx", "HTTPCode_Target_5XX_Count"),
        ],
      },
    ],
    [
      "lb-response-time",
      "GreaterThanThreshold",
      t.targetResponseTimeSeconds,
      "notBreaching",
      SUSTAINED,
      ["AWS/ApplicationELB", "TargetResponseTime", "p95", lb],
    ],
    [
      "lb-unhealthy-hosts-api",
      "GreaterThanOrEqualToThreshold",
      t.unhealthyHosts,
      "notBreaching",
      FAST,
      [
        "AWS/ApplicationELB",
        "UnHealthyHostCount",
        "Maximum",
        { ...lb, TargetGroup: `targetgroup/strata-${stack}-api-8080/0123456789abcdef` },
      ],
    ],
    ...(["api", "worker"] as const).flatMap((service) => {
      const dims = { ClusterName: compute.clusterName, ServiceName: service };
      return [
        [
          `service-${service}-cpu`,
          "GreaterThanThreshold",
          t.serviceCpuPercent,
          "missing",
          SUSTAINED,
          ["AWS/ECS", "CPUUtilization", "Average", dims],
        ],
        [
          `service-${service}-memory`,
          "GreaterThanThreshold",
          t.serviceMemoryPercent,
          "missing",
          SUSTAINED,
          ["AWS/ECS", "MemoryUtilization", "Average", dims],
        ],
        // dev's services sleep outside working hours: its alarm compares with what the service wants then.
        stack === "dev"
          ? [
              `service-${service}-running-tasks`,
              "GreaterThanThreshold",
              0,
              "notBreaching",
              FAST,
              {
                expression: "FILL(desired, 0) - FILL(running, 0)",
                metrics: [
                  ["desired", "ECS/ContainerInsights", "DesiredTaskCount", "Maximum", dims],
                  ["running", "ECS/ContainerInsights", "RunningTaskCount", "Minimum", dims],
                ],
              },
            ]
          : [
              `service-${service}-running-tasks`,
              "LessThanThreshold",
              minReplicas[service],
              "breaching",
              FAST,
              ["ECS/ContainerInsights", "RunningTaskCount", "Minimum", dims],
            ],
      ];
    }),
    [
      "database-cpu",
      "GreaterThanThreshold",
      t.databaseCpuPercent,
      "missing",
      SUSTAINED,
      rds("CPUUtilization", "Average"),
    ],
    [
      "database-freeable-memory",
      "LessThanThreshold",
      t.databaseFreeableMemoryMiB * MIB,
      "breaching",
      SUSTAINED,
      rds("FreeableMemory", "Minimum"),
    ],
    [
      "database-connections",
      "GreaterThanOrEqualToThreshold",
      t.databaseConnections,
      "missing",
      SUSTAINED,
      rds("DatabaseConnections", "Maximum"),
    ],
    [
      "database-free-storage",
      "LessThanThreshold",
      t.databaseFreeStorageGiB * 1024 * MIB,
      "breaching",
      SUSTAINED,
      rds("FreeLocalStorage", "Minimum"),
    ],
    [
      "cache-cpu",
      "GreaterThanThreshold",
      t.cacheCpuPercent,
      "missing",
      SUSTAINED,
      acrossNodes("EngineCPUUtilization", "Average"),
    ],
    [
      "cache-memory",
      "GreaterThanThreshold",
      t.cacheMemoryPercent,
      "missing",
      SUSTAINED,
      acrossNodes("DatabaseMemoryUsagePercentage", "Maximum"),
    ],
    [
      "cache-evictions",
      "GreaterThanOrEqualToThreshold",
      t.cacheEvictions,
      "notBreaching",
      SUSTAINED,
      acrossNodes("Evictions", "Sum"),
    ],
  ];
}

for (const stack of ["dev", "prod"] as const) {
  describe(`observability on aws, ${stack} stack`, () => {
    let graph: Graph;
    before(async () => {
      graph = await edgeGraph(stack, "aws");
    });
    const emails = stack === "prod" ? PROD_ADDITIONS.observability.alertEmails : [];

    it("alarms on every layer of the stack, each with the preset's threshold, its metric and missing-data rule", () => {
      const alarms = byType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.deepEqual(
        alarms.map((a) => [
          a.name.replace("observability-", ""),
          a.inputs.comparisonOperator,
          a.inputs.threshold,
          a.inputs.treatMissingData,
          timing(a),
          watched(a),
        ]),
        expectedAlarms(stack, graph),
      );
    });

    it("wires every alarm to a topic in its own region, on alarm and on recovery", () => {
      for (const alarm of byType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
        // CloudFront's metrics live in us-east-1, so its alarm and the topic it notifies do too.
        const topic =
          alarm.name === "observability-cdn-5xx-rate"
            ? `arn:aws:sns:us-east-1:${ACCOUNT}:observability-edge-alerts`
            : `arn:aws:sns:eu-west-1:${ACCOUNT}:observability-alerts`;
        assert.deepEqual(alarm.inputs.alarmActions, [topic], alarm.name);
        assert.deepEqual(alarm.inputs.okActions, [topic], alarm.name);
      }
      assert.equal(
        findResource(graph, "pulumi:providers:aws", "observability-us-east-1").inputs.region,
        "us-east-1",
      );
    });

    it("encrypts each topic with its own key that CloudWatch may use, and subscribes every alert address", () => {
      for (const role of ["alerts", "edge-alerts"]) {
        const topic = findResource(graph, "aws:sns/topic:Topic", `observability-${role}`);
        const region = role === "alerts" ? "eu-west-1" : "us-east-1";
        assert.equal(
          topic.inputs.kmsMasterKeyId,
          `arn:aws:kms:${region}:${ACCOUNT}:observability-${role}-key`,
        );
        const key = findResource(graph, "aws:kms/key:Key", `observability-${role}-key`);
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.protect, stack === "prod");
        const statements = JSON.parse(key.inputs.policy as string).Statement as Record<string, unknown>[];
        assert.deepEqual(statements[1], {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        });
        const subscriptions = childrenOf(
          graph,
          findResource(graph, "strata:observability:Observability", "observability"),
        )
          .filter(
            (r) =>
              r.type === "aws:sns/topicSubscription:TopicSubscription" &&
              r.name.startsWith(`observability-${role}-email-`),
          )
          .map((r) => [r.inputs.topic, r.inputs.protocol, r.inputs.endpoint]);
        assert.deepEqual(
          subscriptions,
          emails.map((email) => [`arn:aws:sns:${region}:${ACCOUNT}:observability-${role}`, "email", email]),
        );
      }
    });

    it("draws one dashboard for the stack, grouped by layer, one graph per alarm", () => {
      const dashboard = findResource(graph, "aws:cloudwatch/dashboard:Dashboard", "observability-dashboard");
      assert.equal(dashboard.inputs.dashboardName, `strata-${stack}-dashboard`);
      const body = JSON.parse(dashboard.inputs.dashboardBody as string) as Dashboard;
      const graphOf = (role: string, region = "eu-west-1") => [
        `arn:aws:cloudwatch:${region}:${ACCOUNT}:observability-${role}`,
        region,
      ];
      assert.deepEqual(
        body.widgets.map(
          (w) => w.properties.markdown ?? [w.properties.annotations?.alarms[0], w.properties.region],
        ),
        [
          `# strata ${stack}\nEvery graph is an alarm.`,
          "## CDN",
          graphOf("cdn-5xx-rate", "us-east-1"),
          "## Load balancer",
          ...["lb-5xx-rate", "lb-response-time", "lb-unhealthy-hosts-api"].map((r) => graphOf(r)),
          "## Services",
          ...["api", "worker"].flatMap((service) =>
            ["cpu", "memory", "running-tasks"].map((m) => graphOf(`service-${service}-${m}`)),
          ),
          "## Database",
          ...["cpu", "freeable-memory", "connections", "free-storage"].map((m) => graphOf(`database-${m}`)),
          "## Cache",
          ...["cpu", "memory", "evictions"].map((m) => graphOf(`cache-${m}`)),
        ],
      );
      assert.equal(byType(graph, "aws:cloudwatch/dashboard:Dashboard").length, 1);
    });

    it("exports the dashboard's name and the topic's ARN", () => {
      assert.deepEqual(graph.outputs.observability, {
        dashboardName: `strata-${stack}-dashboard`,
        alertTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:observability-alerts`,
      });
    });
  });
}

/** The alarms with every layer present, as the lead will wire them: inputs fabricated like compute's and data's. */
async function fullObservability(region: string, preset: "dev" | "prod"): Promise<RegisteredInputs[]> {
  return registeredBy(() => {
    new Observability("observability", {
      target: "aws",
      naming: new Naming("strata", preset),
      aws: {
        region,
        alertEmails: ["ops@example.org"],
        thresholds: thresholdsOf(preset),
        protect: false,
        loadBalancer: { arnSuffix: "app/strata-lb/50dc6c495c0c9188" },
        targetGroups: [{ service: "api", arnSuffix: "targetgroup/api/73e2d6bc24d8a067" }],
        services: [
          { name: "api", clusterName: "strata-cluster", ecsServiceName: "strata-api", desiredCount: 2 },
          { name: "worker", clusterName: "strata-cluster", ecsServiceName: "strata-worker", desiredCount: 1 },
        ],
        database: { clusterIdentifier: "strata-db" },
        cache: { replicationGroupId: "strata-cache", nodeCount: 2 },
        distribution: { id: "E2QWRUHAPOMQZL" },
      },
    });
  }, region);
}

for (const preset of ["dev", "prod"] as const) {
  describe(`observability on aws with every layer, ${preset} thresholds`, () => {
    let registered: RegisteredInputs[];
    before(async () => {
      registered = await fullObservability("eu-west-1", preset);
    });
    const t = thresholdsOf(preset);

    it("has exactly the alarms of the issue, each with its threshold, comparison and missing-data rule", () => {
      const alarms = registered.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
      const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
      assert.deepEqual(
        alarms
          .map((a) => [
            a.name.replace("observability-", ""),
            a.inputs.comparisonOperator,
            a.inputs.threshold,
            a.inputs.treatMissingData,
          ])
          .sort(byName),
        [
          ["cdn-5xx-rate", "GreaterThanThreshold", t.cdn5xxPercent, "notBreaching"],
          ["lb-5xx-rate", "GreaterThanThreshold", t.loadBalancer5xxPercent, "notBreaching"],
          ["lb-response-time", "GreaterThanThreshold", t.targetResponseTimeSeconds, "notBreaching"],
          ["lb-unhealthy-hosts-api", "GreaterThanOrEqualToThreshold", t.unhealthyHosts, "notBreaching"],
          ["service-api-cpu", "GreaterThanThreshold", t.serviceCpuPercent, "missing"],
          ["service-api-memory", "GreaterThanThreshold", t.serviceMemoryPercent, "missing"],
          ["service-api-running-tasks", "LessThanThreshold", 2, "breaching"],
          ["service-worker-cpu", "GreaterThanThreshold", t.serviceCpuPercent, "missing"],
          ["service-worker-memory", "GreaterThanThreshold", t.serviceMemoryPercent, "missing"],
          ["service-worker-running-tasks", "LessThanThreshold", 1, "breaching"],
          ["database-cpu", "GreaterThanThreshold", t.databaseCpuPercent, "missing"],
          ["database-freeable-memory", "LessThanThreshold", t.databaseFreeableMemoryMiB * MIB, "breaching"],
          ["database-connections", "GreaterThanOrEqualToThreshold", t.databaseConnections, "missing"],
          ["database-free-storage", "LessThanThreshold", t.databaseFreeStorageGiB * 1024 * MIB, "breaching"],
          ["cache-cpu", "GreaterThanThreshold", t.cacheCpuPercent, "missing"],
          ["cache-memory", "GreaterThanThreshold", t.cacheMemoryPercent, "missing"],
          ["cache-evictions", "GreaterThanOrEqualToThreshold", t.cacheEvictions, "notBreaching"],
        ].sort(byName),
      );
    });

    it("wires every alarm to the topic of its region, on alarm and on recovery", () => {
      for (const alarm of registered.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")) {
        const topic =
          alarm.name === "observability-cdn-5xx-rate"
            ? `arn:aws:sns:us-east-1:${ACCOUNT}:observability-edge-alerts`
            : `arn:aws:sns:eu-west-1:${ACCOUNT}:observability-alerts`;
        assert.deepEqual(alarm.inputs.alarmActions, [topic], alarm.name);
        assert.deepEqual(alarm.inputs.okActions, [topic], alarm.name);
      }
    });

    it("watches the right metrics: the load balancer's 5xx as a rate, p95 latency, per-node cache maxima", () => {
      const lb5xx = named(registered, "observability-lb-5xx-rate").inputs;
      const queries = lb5xx.metricQueries as {
        id: string;
        expression?: string;
        metric?: Record<string, unknown>;
      }[];
      assert.equal(
        queries[0].expression,
        "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
      );
      assert.deepEqual(
        queries.slice(1).map((q) => [q.id, q.metric!.metricName, q.metric!.dimensions]),
        [
          ["requests", "RequestCount", { LoadBalancer: "app/strata-lb/50dc6c495c0c9188" }],
          ["elb5xx", "HTTPCode_ELB_5XX_Count", { LoadBalancer: "app/strata-lb/50dc6c495c0c9188" }],
          ["target5xx", "HTTPCode_Target_5XX_Count", { LoadBalancer: "app/strata-lb/50dc6c495c0c9188" }],
        ],
      );
      const latency = named(registered, "observability-lb-response-time").inputs;
      assert.equal(latency.extendedStatistic, "p95");
      assert.equal(latency.statistic, undefined);
      assert.deepEqual(named(registered, "observability-lb-unhealthy-hosts-api").inputs.dimensions, {
        LoadBalancer: "app/strata-lb/50dc6c495c0c9188",
        TargetGroup: "targetgroup/api/73e2d6bc24d8a067",
      });
      assert.deepEqual(named(registered, "observability-service-api-running-tasks").inputs.dimensions, {
        ClusterName: "strata-cluster",
        ServiceName: "strata-api",
      });
      assert.equal(
        named(registered, "observability-service-api-running-tasks").inputs.namespace,
        "ECS/ContainerInsights",
      );
      assert.deepEqual(named(registered, "observability-database-cpu").inputs.dimensions, {
        DBClusterIdentifier: "strata-db",
      });
      const cacheCpu = named(registered, "observability-cache-cpu").inputs.metricQueries as {
        id: string;
        expression?: string;
        metric?: { dimensions: Record<string, string> };
      }[];
      assert.equal(cacheCpu[0].expression, "MAX([node1, node2])");
      assert.deepEqual(
        cacheCpu.slice(1).map((q) => q.metric!.dimensions.CacheClusterId),
        ["strata-cache-001", "strata-cache-002"],
      );
    });

    it("groups the dashboard by layer, outside in", () => {
      const body = JSON.parse(
        named(registered, "observability-dashboard").inputs.dashboardBody as string,
      ) as Dashboard;
      const headings = body.widgets.map((w) => w.properties.markdown).filter((m) => m?.startsWith("## "));
      assert.deepEqual(headings, ["## CDN", "## Load balancer", "## Services", "## Database", "## Cache"]);
      assert.equal(body.widgets.filter((w) => w.type === "metric").length, 17);
    });
  });
}

describe("observability on aws, stack in us-east-1", () => {
  it("needs no second topic: CloudFront's alarm notifies the stack's own", async () => {
    const registered = await fullObservability("us-east-1", "prod");
    assert.equal(registered.filter((r) => r.type === "aws:sns/topic:Topic").length, 1);
    assert.equal(registered.filter((r) => r.type === "pulumi:providers:aws").length, 0);
    assert.deepEqual(named(registered, "observability-cdn-5xx-rate").inputs.alarmActions, [
      `arn:aws:sns:us-east-1:${ACCOUNT}:observability-alerts`,
    ]);
  });
});
