import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Naming } from "../naming";
import type { Thresholds } from "../../stacks/schema/observability";
import { allowIngress } from "../network/allow";
import { prometheusAlerts, scrapeAnnotations, type KubernetesServiceInput } from "./prometheus-rules";

export interface KubernetesObservabilityArgs {
  /** The namespace made by the network layer; objects wait for it. */
  readonly namespace: pulumi.Input<string>;
  /** The same namespace's name as known at program time: every rule's selector names it. */
  readonly namespaceName: string;
  /** The cluster runs the Prometheus operator: ServiceMonitors and a PrometheusRule, else scrape annotations. */
  readonly prometheusOperator: boolean;
  /** Prometheus's namespace: the one source the namespace's default-deny must admit to the metrics ports. */
  readonly monitoringNamespace: string;
  /** Labels the operator's Prometheus selects ServiceMonitors and rules by. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly thresholds: Thresholds;
  /** The services to scrape; each appears only when the compute layer exists. */
  readonly services?: readonly KubernetesServiceInput[];
  /** The data layer's database and cache exist. */
  readonly database?: boolean;
  /** Set when the database is a CloudNativePG Cluster of this many instances. */
  readonly databaseInstances?: number;
  readonly cache?: boolean;
}

export type PrometheusMode = "operator" | "annotations";

export interface KubernetesObservability {
  readonly mode: PrometheusMode;
}

/** How the cluster's Prometheus learns of the platform: operator objects, or the standard annotations. */
export function buildKubernetesObservability(
  name: string,
  args: KubernetesObservabilityArgs,
  naming: Naming,
  parent: pulumi.Resource,
): KubernetesObservability {
  const services = args.services ?? [];
  services.forEach((service) => allowScraping(name, args, service, naming, parent));
  if (!args.prometheusOperator) {
    services.forEach((service) => annotateForScraping(name, args, service, parent));
    return { mode: "annotations" };
  }
  const labels = { ...naming.labels("observability", "prometheus"), ...args.selectorLabels };
  services.forEach((service) => createServiceMonitor(name, args, service, labels, parent));
  new k8s.apiextensions.CustomResource(
    `${name}-rules`,
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "strata-alerts", namespace: args.namespace, labels },
      spec: {
        groups: [
          {
            name: `strata-${args.namespaceName}`,
            rules: prometheusAlerts({
              namespace: args.namespaceName,
              services,
              database: args.database ?? false,
              databaseInstances: args.databaseInstances,
              cache: args.cache ?? false,
              thresholds: args.thresholds,
            }),
          },
        ],
      },
    },
    { parent },
  );
  return { mode: "operator" };
}

function createServiceMonitor(
  name: string,
  args: KubernetesObservabilityArgs,
  service: KubernetesServiceInput,
  labels: Record<string, string>,
  parent: pulumi.Resource,
): void {
  // A named Service port is the operator's `port`; a bare number can only be the pods' `targetPort`.
  const port = typeof service.port === "string" ? { port: service.port } : { targetPort: service.port };
  new k8s.apiextensions.CustomResource(
    `${name}-monitor-${service.name}`,
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: service.serviceName, namespace: args.namespace, labels },
      spec: {
        selector: { matchLabels: { ...service.labels } },
        namespaceSelector: { matchNames: [args.namespaceName] },
        endpoints: [{ ...port, path: "/metrics", interval: "30s" }],
      },
    },
    { parent },
  );
}

/** Server-side apply adds the annotations to the compute layer's Service without taking it over. */
function annotateForScraping(
  name: string,
  args: KubernetesObservabilityArgs,
  service: KubernetesServiceInput,
  parent: pulumi.Resource,
): void {
  new k8s.core.v1.ServicePatch(
    `${name}-scrape-${service.name}`,
    {
      metadata: {
        name: service.serviceName,
        namespace: args.namespace,
        annotations: scrapeAnnotations(service.port),
      },
    },
    { parent, dependsOn: service.resource ? [service.resource] : [] },
  );
}

/** The namespace denies all ingress by default: Prometheus gets exactly the path to each metrics port. */
function allowScraping(
  name: string,
  args: KubernetesObservabilityArgs,
  service: KubernetesServiceInput,
  naming: Naming,
  parent: pulumi.Resource,
): void {
  allowIngress(
    `${name}-allow-scrape-${service.name}`,
    {
      namespace: args.namespace,
      to: service.labels,
      from: [{ namespace: args.monitoringNamespace }],
      ports: [service.port],
      labels: naming.labels("observability", `allow-scrape-${service.name}`),
    },
    { parent },
  );
}
