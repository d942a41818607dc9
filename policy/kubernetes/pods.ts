import type * as k8s from "@pulumi/kubernetes";
import type { Unwrap } from "@pulumi/pulumi";
import { asArray, ifKnown, known } from "../rule";

export type PodSpec = Unwrap<k8s.types.input.core.v1.PodSpec>;
export type Container = Unwrap<k8s.types.input.core.v1.Container>;
type LabelSelector = Unwrap<k8s.types.input.meta.v1.LabelSelector>;

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  "kubernetes:apps/v1:Deployment": ["spec", "template"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template"],
  "kubernetes:batch/v1:Job": ["spec", "template"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template"],
};

export const WORKLOADS = Object.keys(TEMPLATE_PATHS);
/** Workloads that run until stopped, the ones probes and disruption budgets are about. */
export const LONG_RUNNING = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
];

function dig(value: unknown, path: string[], read = known): unknown {
  return path.reduce<unknown>((at, key) => read(at, key), value);
}

export interface PodTemplate {
  readonly labels: Record<string, string>;
  readonly spec: PodSpec | undefined;
}

export function podTemplateOf(type: string, props: unknown): PodTemplate | undefined {
  const path = TEMPLATE_PATHS[type];
  if (!path) return undefined;
  const template = dig(props, path);
  return {
    labels: (dig(template, ["metadata", "labels"], ifKnown) as Record<string, string> | undefined) ?? {},
    spec: known<PodSpec>(template, "spec"),
  };
}

/** The labels of a workload's pods; none for a type without a pod template. */
export function podLabelsOf(type: string, props: unknown): Record<string, string> {
  return podTemplateOf(type, props)?.labels ?? {};
}

/** Every container of a pod, init containers included (they run with the same privileges). */
export function containersOf(spec: PodSpec | undefined, withInit = true): Container[] {
  return [
    ...asArray(known<Container[]>(spec, "containers")),
    ...(withInit ? asArray(known<Container[]>(spec, "initContainers")) : []),
  ];
}

/** The object's namespace; undefined when unset or computed (a Namespace's output name during preview). */
export function namespaceOf(props: unknown): string | undefined {
  return dig(props, ["metadata", "namespace"], ifKnown) as string | undefined;
}

export function objectName(props: unknown): string | undefined {
  return dig(props, ["metadata", "name"], ifKnown) as string | undefined;
}

/** Namespaces are equal when both are known and equal, or when either is computed (unknown during preview). */
export function sameNamespace(a: unknown, b: unknown): boolean {
  const [x, y] = [namespaceOf(a), namespaceOf(b)];
  return x === undefined || y === undefined || x === y;
}

/** Kubernetes label-selector semantics; an empty selector selects every pod. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const matchLabels = selector.matchLabels ?? {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return asArray(selector.matchExpressions).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      // Values are strings: an absent label (undefined) is never among them.
      case "In":
        return asArray(e.values).includes(value);
      case "NotIn":
        return !asArray(e.values).includes(value);
      case "Exists":
        return value !== undefined;
      case "DoesNotExist":
        return value === undefined;
    }
    // An operator Kubernetes does not know selects nothing.
    return false;
  });
}
