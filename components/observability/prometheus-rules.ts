import type * as pulumi from "@pulumi/pulumi";
import type { Thresholds } from "../../stacks/schema/observability";

export interface KubernetesServiceInput {
  /** The service's name in the stack config. */
  readonly name: string;
  /** The Kubernetes Service's name. */
  readonly serviceName: string;
  /** The port serving `/metrics`: a Service port's name, or the container's port number. */
  readonly port: number | string;
  /** Labels of the Service, which the ServiceMonitor selects it by. */
  readonly labels: Readonly<Record<string, string>>;
  /** Reached through the ingress: only then do the ingress controller's request metrics exist for it. */
  readonly public?: boolean;
  /** The Service object, which a scrape patch must wait for (a patch cannot create what it patches). */
  readonly resource?: pulumi.Resource;
}

export interface PrometheusAlert {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  /** `service` tells apart the alerts of one rule per service: an alert's name must be a metric name (no `-`). */
  readonly labels: { readonly severity: "warning" | "critical"; readonly service?: string };
  readonly annotations: { readonly summary: string };
}

export interface RuleInputs {
  readonly namespace: string;
  readonly services: readonly KubernetesServiceInput[];
  readonly database: boolean;
  /** Set when the database is a CloudNativePG Cluster of this many instances (no StatefulSet to watch). */
  readonly databaseInstances?: number;
  readonly cache: boolean;
  readonly thresholds: Thresholds;
}

/**
 * The aws alarms' equivalents in PromQL, from the metrics a Prometheus-operator cluster has: kube-state-metrics
 * (readiness, restarts, StatefulSets) and ingress-nginx (requests, latency; the ingress class of the presets).
 * Scraped through a ServiceMonitor, ingress-nginx's own `namespace`/`service` labels become `exported_*`.
 */
export function prometheusAlerts(inputs: RuleInputs): PrometheusAlert[] {
  const { namespace: ns, thresholds: t } = inputs;
  const alerts: PrometheusAlert[] = [
    {
      alert: "PodNotReady",
      expr: `sum by (pod) (kube_pod_status_ready{namespace="${ns}", condition="false"}) > 0`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: { summary: `Pod {{ $labels.pod }} in ${ns} has not been ready for 10 minutes` },
    },
    {
      alert: "PodRestarting",
      expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}"}[15m]) >= ${t.podRestarts}`,
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: `Container {{ $labels.container }} of {{ $labels.pod }} restarted ${t.podRestarts}+ times in 15 minutes`,
      },
    },
  ];
  // Error-rate and latency alerts read the ingress controller's metrics: an internal service has none.
  for (const service of inputs.services.filter((s) => s.public !== false)) {
    const selector = `exported_namespace="${ns}", exported_service="${service.serviceName}"`;
    alerts.push(
      {
        alert: "HighErrorRate",
        expr:
          `100 * sum(rate(nginx_ingress_controller_requests{${selector}, status=~"5.."}[5m]))` +
          ` / clamp_min(sum(rate(nginx_ingress_controller_requests{${selector}}[5m])), 1e-9) > ${t.loadBalancer5xxPercent}`,
        for: "5m",
        labels: { severity: "critical", service: service.name },
        annotations: {
          summary: `More than ${t.loadBalancer5xxPercent}% of ${service.name}'s responses are 5xx`,
        },
      },
      {
        alert: "HighLatency",
        expr:
          `histogram_quantile(0.95, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{${selector}}[5m])))` +
          ` > ${t.targetResponseTimeSeconds}`,
        for: "10m",
        labels: { severity: "warning", service: service.name },
        annotations: {
          summary: `95th-percentile latency of ${service.name} above ${t.targetResponseTimeSeconds} s`,
        },
      },
    );
  }
  if (inputs.database) {
    alerts.push(
      inputs.databaseInstances === undefined
        ? statefulSetAlert("DatabaseUnavailable", ns, "database")
        : clusterAlert(ns, inputs.databaseInstances),
    );
  }
  if (inputs.cache) alerts.push(statefulSetAlert("CacheUnavailable", ns, "cache"));
  return alerts;
}

/**
 * A CloudNativePG Cluster's instance pods are `<cluster>-<serial>` (the cluster `database`, or `database-r…`
 * after a restore; its Jobs' pods have longer names): fewer ready than its instances, or none at all, is down.
 */
function clusterAlert(ns: string, instances: number): PrometheusAlert {
  const ready = `kube_pod_status_ready{namespace="${ns}", condition="true", pod=~"database(-r[0-9a-f]{6})?-[0-9]+"}`;
  return {
    alert: "DatabaseUnavailable",
    expr: `(sum(${ready}) or vector(0)) < ${instances}`,
    for: "5m",
    labels: { severity: "critical" },
    annotations: { summary: `The database Cluster has fewer than ${instances} ready instances` },
  };
}

/** The data layer runs as StatefulSets whose names carry their role; fewer ready replicas than wanted is down. */
function statefulSetAlert(alert: string, ns: string, role: string): PrometheusAlert {
  const selector = `namespace="${ns}", statefulset=~".*${role}.*"`;
  return {
    alert,
    expr: `kube_statefulset_status_replicas_ready{${selector}} < kube_statefulset_replicas{${selector}}`,
    for: "5m",
    labels: { severity: "critical" },
    annotations: {
      summary: `The ${role} StatefulSet {{ $labels.statefulset }} has fewer ready replicas than wanted`,
    },
  };
}

/** The annotations the community scrape configs (`kubernetes-service-endpoints`) read. */
export function scrapeAnnotations(port: number | string): Record<string, string> {
  return {
    "prometheus.io/scrape": "true",
    "prometheus.io/port": String(port),
    "prometheus.io/path": "/metrics",
  };
}
