import type { Graph } from "../harness/graph";

export type ParityLayer = "network" | "compute" | "cdn" | "observability" | "data";

/**
 * Something the aws target gives a stack that the kubernetes target does not, as docs/parity.md's tables
 * say it. The offline preview of a kubernetes stack prints each gap that applies to it as a note, so that
 * moving a stack between targets drops nothing silently. A test keeps this list and the tables in step.
 */
export interface ParityGap {
  readonly layer: ParityLayer;
  /** The row of docs/parity.md, as written in its first column. */
  readonly capability: string;
  /** What the stack lacks on kubernetes, and what to do about it, in one line. */
  readonly note: string;
  /** Applies only to stacks whose graph has this (the gap is about something the stack uses). */
  readonly when?: (graph: Graph) => boolean;
}

const has = (type: string) => (graph: Graph) => graph.resources.some((r) => r.type === type);
const lacks = (type: string) => (graph: Graph) => !has(type)(graph);

export const PARITY_GAPS: readonly ParityGap[] = [
  {
    layer: "network",
    capability: "Traffic filtering",
    note: "NetworkPolicies (ingress and egress) are enforced only by a CNI that implements them (Calico, Cilium, ...); with one that does not, every pod reaches everything.",
  },
  {
    layer: "network",
    capability: "Flow logs",
    note: "no flow logs: aws.flowLogs is not applied; use the CNI's own (Cilium Hubble, Calico flow logs).",
  },
  {
    layer: "compute",
    capability: "Autoscaling",
    note: "HorizontalPodAutoscalers scale on CPU only: services' autoscaling.requestsPerTarget is not used.",
    when: has("kubernetes:autoscaling/v2:HorizontalPodAutoscaler"),
  },
  {
    layer: "compute",
    capability: "Spot capacity",
    note: "compute.aws.capacityProviders (Fargate Spot) has no counterpart: pods run on whatever nodes the cluster has.",
  },
  {
    layer: "compute",
    capability: "Load-balancer logs",
    note: "compute.aws.loadBalancer (access logs, deletion protection) is not applied: the ingress controller is the cluster's.",
  },
  {
    layer: "compute",
    capability: "Secrets at rest",
    note: "Secrets are encrypted at rest only if the cluster's API server encrypts them (EncryptionConfiguration or a KMS plugin); Strata cannot see or set it.",
    when: has("kubernetes:core/v1:Secret"),
  },
  {
    layer: "compute",
    capability: "Log retention",
    note: "logs.retentionDays is not applied: container logs go wherever the cluster's log pipeline sends them.",
  },
  {
    layer: "cdn",
    capability: "Edge caching",
    note: "no CDN: nginx serves the site from the cluster, with no edge cache near users; put a CDN in front of the ingress if they are far away.",
  },
  {
    layer: "cdn",
    capability: "Web application firewall",
    note: "cdn.waf is not applied: no WAF or per-IP rate limit in front of the site unless the ingress controller adds one.",
  },
  {
    layer: "cdn",
    capability: "Access logs",
    note: "no access-log bucket: requests are logged by the ingress controller, kept as its logs are.",
  },
  {
    layer: "observability",
    capability: "Alert delivery",
    note: "observability.alertEmails is not used: alerts reach people only through the cluster's Alertmanager routes.",
  },
  {
    layer: "observability",
    capability: "Alert rules",
    note: "no alert rules: without observability.kubernetes.prometheusOperator nothing fires; the services are only annotated for scraping.",
    when: lacks("kubernetes:monitoring.coreos.com/v1:PrometheusRule"),
  },
  {
    layer: "observability",
    capability: "Dashboard",
    note: "no dashboard is created: build one in the cluster's Grafana.",
  },
];

/** The gaps that apply to a stack: none on aws, which is the reference. */
export function parityNotes(graph: Graph, gaps: readonly ParityGap[] = PARITY_GAPS): ParityGap[] {
  if (graph.target !== "kubernetes") return [];
  return gaps.filter((gap) => gap.when?.(graph) ?? true);
}

/** The notes section of the preview's report; empty when nothing applies. */
export function renderParityNotes(graph: Graph): string {
  const notes = parityNotes(graph);
  if (notes.length === 0) return "";
  return [
    `Parity notes: what this stack lacks on ${graph.target} against aws (docs/parity.md):`,
    ...notes.map((gap) => `  - ${gap.layer} / ${gap.capability}: ${gap.note}`),
  ].join("\n");
}
