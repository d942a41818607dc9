import { strict as assert } from "node:assert";
import { childrenOf, findResource, type Graph, type GraphResource } from "./support/harness";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** The scrape paths through the namespace's default-deny are checked on their own. */
function withoutScrapePolicies(children: GraphResource[]): GraphResource[] {
  return children.filter((c) => c.type !== NETWORK_POLICY);
}
import { edgeGraph } from "./support/edge-stacks";
import { registeredBy } from "./support/component";
import { checkKubernetesSchema } from "../tools/harness/kube-schema";
import { Observability } from "../components/observability";
import { Naming } from "../components/naming";
import { PRESETS } from "../stacks/presets";
import type { Thresholds } from "../stacks/schema/observability";
import type { RegisteredInputs } from "../tools/harness/mocks";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const thresholdsOf = (preset: "dev" | "prod") => PRESETS[preset].observability!.thresholds as Thresholds;
const OPERATOR = {
  observability: {
    kubernetes: { prometheusOperator: true, selectorLabels: { release: "kube-prometheus-stack" } },
  },
};

/** A registered object as the schema checker takes it. */
function asResource(r: RegisteredInputs): GraphResource {
  return {
    ...r,
    urn: r.name,
    parent: null,
    secretInputs: [],
    protect: false,
    retainOnDelete: false,
    dependsOn: [],
  };
}

/** The PrometheusRule's alerts as [name, expr, for], a service's alerts named `<alert>/<service>`. */
function alertsOf(rule: Obj): [string, string, string][] {
  return rule.spec.groups[0].rules.map((r: Obj) => [
    r.labels.service ? `${r.alert}/${r.labels.service}` : r.alert,
    r.expr,
    r.for,
  ]);
}

/** Prometheus refuses a rule file whose alert names are not metric names (rulefmt). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The services of both stack files, with the container port each serves `/metrics` on. */
const SERVICE_PORTS = [
  { name: "api", port: 8080 },
  { name: "worker", port: 9000 },
];

for (const stack of ["dev", "prod"] as const) {
  describe(`observability on kubernetes, ${stack} stack`, () => {
    const t = thresholdsOf(stack);
    const ns = `strata-${stack}`;

    it("opens each service's metrics port to the monitoring namespace only, through the default deny", async () => {
      const graph = await edgeGraph(stack, "kubernetes");
      const observability = findResource(graph, "strata:observability:Observability", "observability");
      const policies = childrenOf(graph, observability).filter((c) => c.type === NETWORK_POLICY);
      assert.deepEqual(
        policies.map((p) => [p.name, (p.inputs as Obj).spec]),
        SERVICE_PORTS.map(({ name, port }) => [
          `observability-allow-scrape-${name}`,
          {
            podSelector: {
              matchLabels: { "app.kubernetes.io/instance": ns, "app.kubernetes.io/name": name },
            },
            policyTypes: ["Ingress"],
            ingress: [
              {
                from: [
                  { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
                ],
                ports: [{ protocol: "TCP", port }],
              },
            ],
          },
        ]),
      );
      for (const policy of policies) assert.deepEqual(checkKubernetesSchema(policy).errors, []);
    });

    it("without the Prometheus operator (the presets' default) annotates each service's Service for scraping", async () => {
      const graph = await edgeGraph(stack, "kubernetes");
      const observability = findResource(graph, "strata:observability:Observability", "observability");
      const children = withoutScrapePolicies(childrenOf(graph, observability));
      assert.deepEqual(
        children.map((c) => [c.type, c.name]),
        [
          ["kubernetes:core/v1:ServicePatch", "observability-scrape-api"],
          ["kubernetes:core/v1:ServicePatch", "observability-scrape-worker"],
        ],
      );
      for (const [patch, service] of children.map((c, i) => [c, SERVICE_PORTS[i]] as const)) {
        // The patch names the compute layer's Service; the annotations point at the container's port.
        const serviceObject = findResource(graph, "kubernetes:core/v1:Service", `compute-${service.name}`);
        const target = serviceObject.inputs as Obj;
        // A patch cannot create what it patches: it waits for the Service.
        assert.deepEqual(patch.dependsOn, [serviceObject.urn]);
        assert.deepEqual((patch.inputs as Obj).metadata, {
          name: target.metadata.name,
          namespace: ns,
          annotations: {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": String(service.port),
            "prometheus.io/path": "/metrics",
          },
        });
        assert.equal(target.metadata.name, service.name);
        assert.deepEqual(checkKubernetesSchema(patch), { known: true, errors: [] }, patch.name);
      }
      assert.deepEqual(graph.outputs.observability, { prometheusMode: "annotations" });
    });

    describe("when the stack says the cluster runs the Prometheus operator", () => {
      let graph: Graph;
      before(async () => {
        graph = await edgeGraph(stack, "kubernetes", OPERATOR);
      });
      const labels = {
        "app.kubernetes.io/component": "observability",
        "app.kubernetes.io/instance": ns,
        "app.kubernetes.io/managed-by": "pulumi",
        "app.kubernetes.io/name": "prometheus",
        "app.kubernetes.io/part-of": "strata",
        release: "kube-prometheus-stack",
      };

      it("adds a ServiceMonitor per service and one PrometheusRule, all selected by the stack's labels", () => {
        const observability = findResource(graph, "strata:observability:Observability", "observability");
        const children = withoutScrapePolicies(childrenOf(graph, observability));
        assert.deepEqual(
          children.map((c) => [c.type, c.name]),
          [
            ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "observability-monitor-api"],
            ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "observability-monitor-worker"],
            ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "observability-rules"],
          ],
        );
        for (const [monitor, service] of children.slice(0, 2).map((c, i) => [c, SERVICE_PORTS[i]] as const)) {
          const target = findResource(graph, "kubernetes:core/v1:Service", `compute-${service.name}`)
            .inputs as Obj;
          assert.deepEqual(monitor.inputs, {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: { name: service.name, namespace: ns, labels },
            spec: {
              selector: {
                matchLabels: { "app.kubernetes.io/instance": ns, "app.kubernetes.io/name": service.name },
              },
              namespaceSelector: { matchNames: [ns] },
              // A bare number can only name the pods' port.
              endpoints: [{ targetPort: service.port, path: "/metrics", interval: "30s" }],
            },
          });
          // The selector finds the compute layer's Service.
          for (const [key, value] of Object.entries((monitor.inputs as Obj).spec.selector.matchLabels))
            assert.equal(target.metadata.labels[key], value, `${service.name} ${key}`);
        }
        // Custom resources: kubernetes-models has no schema for them, so their shape is checked here.
        for (const child of children) assert.equal(checkKubernetesSchema(child).known, false);
        const rule = children[2].inputs as Obj;
        assert.equal(rule.apiVersion, "monitoring.coreos.com/v1");
        assert.equal(rule.kind, "PrometheusRule");
        assert.deepEqual(rule.metadata, { name: "strata-alerts", namespace: ns, labels });
        assert.equal(rule.spec.groups.length, 1);
        assert.deepEqual(graph.outputs.observability, { prometheusMode: "operator" });
      });

      it("alerts on the namespace's pods, each service's ingress errors and latency, the database and the cache", () => {
        const rule = findResource(
          graph,
          "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
          "observability-rules",
        ).inputs as Obj;
        const ingress = (service: string) => `exported_namespace="${ns}", exported_service="${service}"`;
        const statefulSet = (role: string) => `namespace="${ns}", statefulset=~".*${role}.*"`;
        assert.deepEqual(alertsOf(rule), [
          [
            "PodNotReady",
            `sum by (pod) (kube_pod_status_ready{namespace="${ns}", condition="false"}) > 0`,
            "10m",
          ],
          [
            "PodRestarting",
            `increase(kube_pod_container_status_restarts_total{namespace="${ns}"}[15m]) >= ${t.podRestarts}`,
            "0m",
          ],
          // Only the public api: the internal worker has no ingress metrics to alert on.
          ...["api"].flatMap((service): [string, string, string][] => [
            [
              `HighErrorRate/${service}`,
              `100 * sum(rate(nginx_ingress_controller_requests{${ingress(service)}, status=~"5.."}[5m]))` +
                ` / clamp_min(sum(rate(nginx_ingress_controller_requests{${ingress(service)}}[5m])), 1e-9)` +
                ` > ${t.loadBalancer5xxPercent}`,
              "5m",
            ],
            [
              `HighLatency/${service}`,
              `histogram_quantile(0.95, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{${ingress(service)}}[5m])))` +
                ` > ${t.targetResponseTimeSeconds}`,
              "10m",
            ],
          ]),
          // Pulumi.prod.yaml runs the database on CloudNativePG: its 3 instance pods, not a StatefulSet.
          stack === "prod"
            ? [
                "DatabaseUnavailable",
                `(sum(kube_pod_status_ready{namespace="${ns}", condition="true", pod=~"database(-r[0-9a-f]{6})?-[0-9]+"}) or vector(0)) < 3`,
                "5m",
              ]
            : [
                "DatabaseUnavailable",
                `kube_statefulset_status_replicas_ready{${statefulSet("database")}} < kube_statefulset_replicas{${statefulSet("database")}}`,
                "5m",
              ],
          [
            "CacheUnavailable",
            `kube_statefulset_status_replicas_ready{${statefulSet("cache")}} < kube_statefulset_replicas{${statefulSet("cache")}}`,
            "5m",
          ],
        ]);
        // The data layer's StatefulSets are the ones the selectors match.
        for (const role of stack === "prod" ? ["cache"] : ["database", "cache"])
          assert.equal(
            (findResource(graph, "kubernetes:apps/v1:StatefulSet", `${role}-statefulset`).inputs as Obj)
              .metadata.name,
            role,
          );
        if (stack === "prod") {
          const cluster = findResource(graph, "kubernetes:postgresql.cnpg.io/v1:Cluster", "database-cluster");
          assert.equal((cluster.inputs as Obj).metadata.name, "database");
        }
        for (const alert of rule.spec.groups[0].rules) {
          assert.match(alert.alert, METRIC_NAME);
          assert.ok(["warning", "critical"].includes(alert.labels.severity));
          assert.ok(alert.annotations.summary);
        }
      });
    });
  });
}

const SERVICES = [
  { name: "api", serviceName: "api", port: "http", labels: { "app.kubernetes.io/name": "api" } },
  { name: "worker", serviceName: "worker", port: 9100, labels: { "app.kubernetes.io/name": "worker" } },
];

function build(prometheusOperator: boolean) {
  return registeredBy(() => {
    new Observability("observability", {
      target: "kubernetes",
      naming: new Naming("strata", "prod"),
      kubernetes: {
        namespace: "strata-prod",
        namespaceName: "strata-prod",
        prometheusOperator,
        selectorLabels: { release: "prom" },
        monitoringNamespace: "monitoring",
        thresholds: thresholdsOf("prod"),
        services: SERVICES,
        database: true,
        cache: true,
      },
    });
  });
}

/** One path per service from the monitoring namespace to its metrics port, named or numbered. */
function assertScrapePolicies(registered: { type: string; name: string; inputs: unknown }[]): void {
  const policies = registered.filter((r) => r.type === NETWORK_POLICY);
  assert.deepEqual(
    policies.map((p) => [p.name, (p.inputs as Obj).spec.ingress]),
    [
      [
        "observability-allow-scrape-api",
        [{ from: [MONITORING], ports: [{ protocol: "TCP", port: "http" }] }],
      ],
      [
        "observability-allow-scrape-worker",
        [{ from: [MONITORING], ports: [{ protocol: "TCP", port: 9100 }] }],
      ],
    ],
  );
}

const MONITORING = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } };

describe("observability on kubernetes with services, database and cache", () => {
  it("with the operator: a ServiceMonitor per service and the equivalent alerts of the aws alarms", async () => {
    const all = (await build(true)).filter((r) => r.custom);
    assertScrapePolicies(all);
    const registered = all.filter((r) => r.type !== NETWORK_POLICY);
    const t = thresholdsOf("prod");
    assert.deepEqual(
      registered.map((r) => r.name),
      ["observability-monitor-api", "observability-monitor-worker", "observability-rules"],
    );
    const [api, worker] = registered.map((r) => r.inputs as Obj);
    assert.equal(api.kind, "ServiceMonitor");
    assert.equal(api.apiVersion, "monitoring.coreos.com/v1");
    assert.equal(api.metadata.labels.release, "prom");
    assert.deepEqual(api.spec, {
      selector: { matchLabels: { "app.kubernetes.io/name": "api" } },
      namespaceSelector: { matchNames: ["strata-prod"] },
      endpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
    });
    // A bare number can only name the pods' port.
    assert.deepEqual(worker.spec.endpoints, [{ targetPort: 9100, path: "/metrics", interval: "30s" }]);
    const alerts = alertsOf(registered[2].inputs as Obj);
    assert.deepEqual(
      alerts.map(([name]) => name),
      [
        "PodNotReady",
        "PodRestarting",
        "HighErrorRate/api",
        "HighLatency/api",
        "HighErrorRate/worker",
        "HighLatency/worker",
        "DatabaseUnavailable",
        "CacheUnavailable",
      ],
    );
    const expr = Object.fromEntries(alerts.map(([name, e]) => [name, e]));
    assert.match(
      expr["HighErrorRate/api"],
      new RegExp(`status=~"5\\.\\."\\}\\[5m\\]\\)\\).*> ${t.loadBalancer5xxPercent}$`),
    );
    assert.match(
      expr["HighLatency/api"],
      new RegExp(`^histogram_quantile\\(0\\.95, .*> ${t.targetResponseTimeSeconds}$`),
    );
    for (const rule of (registered[2].inputs as Obj).spec.groups[0].rules)
      assert.match(rule.alert, METRIC_NAME);
    assert.match(expr.DatabaseUnavailable, /statefulset=~"\.\*database\.\*"/);
    assert.match(expr.CacheUnavailable, /statefulset=~"\.\*cache\.\*"/);
  });

  it("without the operator: the standard scrape annotations on each service, by server-side apply", async () => {
    const all = (await build(false)).filter((r) => r.custom);
    assertScrapePolicies(all);
    const registered = all.filter((r) => r.type !== NETWORK_POLICY);
    assert.deepEqual(
      registered.map((r) => [r.type, r.name]),
      [
        ["kubernetes:core/v1:ServicePatch", "observability-scrape-api"],
        ["kubernetes:core/v1:ServicePatch", "observability-scrape-worker"],
      ],
    );
    const [api, worker] = registered.map((r) => r.inputs as Obj);
    assert.deepEqual(api.metadata, {
      name: "api",
      namespace: "strata-prod",
      annotations: {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "http",
        "prometheus.io/path": "/metrics",
      },
    });
    assert.equal(worker.metadata.annotations["prometheus.io/port"], "9100");
    for (const patch of registered) {
      const check = checkKubernetesSchema(asResource(patch));
      assert.deepEqual(check, { known: true, errors: [] }, patch.name);
    }
  });
});
