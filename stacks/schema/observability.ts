import { z } from "zod";
import { dnsLabel, flag, section, text, wholeNumber } from "./primitives";

/** A number in [min, max]; thresholds such as latency in seconds need fractions. */
export function numberBetween(min: number, max: number) {
  const phrase = `a number from ${min} to ${max}`;
  // The schema's error also names the issues of its checks (stacks/schema/primitives.ts).
  return z.number({ error: phrase }).min(min).max(max);
}

const percent = numberBetween(0, 100);

/** When an alarm fires. Every threshold has a per-preset default (stacks/presets.ts). */
export const thresholdsSection = section({
  /** Load balancer responses that are 5xx, in percent of requests. */
  loadBalancer5xxPercent: percent,
  /** 95th-percentile target response time, in seconds. */
  targetResponseTimeSeconds: numberBetween(0.01, 120),
  /** Unhealthy targets in a target group at or above which the alarm fires. */
  unhealthyHosts: wholeNumber(1, 1000),
  /** A service's average CPU, percent of its reservation. */
  serviceCpuPercent: percent,
  /** A service's average memory, percent of its reservation. */
  serviceMemoryPercent: percent,
  databaseCpuPercent: percent,
  /** Freeable memory below which the database alarms, in MiB. */
  databaseFreeableMemoryMiB: wholeNumber(16, 1_048_576),
  /** Open connections at or above which the database alarms. */
  databaseConnections: wholeNumber(1, 100_000),
  /** Free local storage below which the database alarms, in GiB. */
  databaseFreeStorageGiB: wholeNumber(1, 65_536),
  /** Engine CPU of the busiest cache node, percent. */
  cacheCpuPercent: percent,
  /** Memory used by the fullest cache node, percent of its maximum. */
  cacheMemoryPercent: percent,
  /** Keys evicted per 5 minutes at or above which the cache alarms. */
  cacheEvictions: wholeNumber(1, 100_000_000),
  /** CloudFront responses that are 5xx, in percent of requests. */
  cdn5xxPercent: percent,
  /** Container restarts in 15 minutes at or above which a pod alarms (kubernetes). */
  podRestarts: wholeNumber(1, 1000),
});

/** Alert email addresses, the thresholds, and how the Kubernetes cluster is scraped. */
export const observabilitySection = section({
  /** Who is told when an alarm fires or recovers; each confirms the subscription from the email SNS sends. */
  alertEmails: z.array(z.email({ error: "an email address such as ops@example.org" }), {
    error: "a list of email addresses",
  }),
  thresholds: thresholdsSection,
  /** The kubernetes target: how the cluster's Prometheus finds the services. */
  kubernetes: section({
    /** The cluster runs the Prometheus operator: ServiceMonitors and a PrometheusRule, else scrape annotations. */
    prometheusOperator: flag,
    /** The namespace Prometheus runs in, which the services' NetworkPolicies admit to scrape them. */
    monitoringNamespace: dnsLabel,
    /** Labels the operator's Prometheus selects ServiceMonitors and rules by (kube-prometheus-stack: release). */
    selectorLabels: z.record(text("a label name"), z.string({ error: "a label value" }), {
      error: "a map of label names to values",
    }),
  }),
});

export const observabilityShape = { observability: observabilitySection };
export type ObservabilitySettings = z.output<typeof observabilitySection>;
export type Thresholds = z.output<typeof thresholdsSection>;
