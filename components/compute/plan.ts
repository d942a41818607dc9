import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSpec } from "../../stacks/schema/compute";
import type { ConfigProblem } from "../../stacks/problems";
import { missingLayerProblem } from "../../stacks/missing-layer";
import type { BackingLayer, SecretReference, ServiceConnection } from "../connections";

/** A service with what both builders derive from the whole list: who calls it, what it connects to. */
export interface ServicePlan {
  readonly spec: ServiceSpec;
  /** Reached through the shared load balancer or ingress. */
  readonly isPublic: boolean;
  /** Names of the services whose `calls` list this one: the only ones admitted to its port besides the LB. */
  readonly callers: readonly string[];
  /** The services this one calls, with their ports. */
  readonly callees: readonly ServiceSpec[];
  /** The backing layers' connections, in `uses` order. */
  readonly connections: readonly ServiceConnection[];
}

export type Connections = Partial<Record<BackingLayer, ServiceConnection>>;

/** A `uses` entry names a backing layer the stack must have; the platform builds those before compute. */
export function missingConnectionProblems(
  services: readonly ServiceSpec[],
  connections: Connections,
): ConfigProblem[] {
  return services.flatMap((service, i) =>
    service.uses
      .filter((layer) => connections[layer] === undefined)
      .map((layer) => missingLayerProblem(layer, i, service.name)),
  );
}

export function planServices(services: readonly ServiceSpec[], connections: Connections): ServicePlan[] {
  return services.map((spec) => ({
    spec,
    isPublic: spec.route !== undefined,
    callers: services.filter((other) => other.calls.includes(spec.name)).map((other) => other.name),
    callees: spec.calls.map((callee) => services.find((other) => other.name === callee)!),
    connections: spec.uses.map((layer) => connections[layer]!),
  }));
}

/** The variable a caller finds a callee's URL in: `worker` → `WORKER_URL`. */
export function urlVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, "_")}_URL`;
}

/**
 * Plain environment of a service: the backing layers' settings, the callees' URLs, then the spec's own
 * values (which win, so a user can point a service elsewhere), sorted so the plan is stable.
 */
export function plainEnvironment(
  plan: ServicePlan,
  urlOf: (callee: ServiceSpec) => string,
): [string, pulumi.Input<string>][] {
  const merged: Record<string, pulumi.Input<string>> = {};
  for (const connection of plan.connections) Object.assign(merged, connection.env);
  for (const callee of plan.callees) merged[urlVariable(callee.name)] = urlOf(callee);
  Object.assign(merged, plan.spec.env);
  return Object.entries(merged).sort(([a], [b]) => a.localeCompare(b));
}

/** The backing layers' secrets of a service: variable name → where the secret lives. */
export function connectionSecrets(plan: ServicePlan): [string, SecretReference][] {
  const merged: Record<string, SecretReference> = {};
  for (const connection of plan.connections) Object.assign(merged, connection.secrets);
  return Object.entries(merged).sort(([a], [b]) => a.localeCompare(b));
}

/** The stack secrets a service reads: variable name → stack secret name, sorted. */
export function stackSecrets(plan: ServicePlan): [string, string][] {
  return Object.entries(plan.spec.secrets).sort(([a], [b]) => a.localeCompare(b));
}

/** Routes in the order a matcher must try them: host routes first, then longer paths before shorter. */
export function routeOrder(plans: readonly ServicePlan[]): ServicePlan[] {
  const weight = (plan: ServicePlan) => [
    plan.spec.route?.host ? 0 : 1,
    -(plan.spec.route?.path ?? "/").length,
  ];
  return plans
    .filter((plan) => plan.isPublic)
    .sort((a, b) => {
      const [ha, pa] = weight(a);
      const [hb, pb] = weight(b);
      return ha - hb || pa - pb || a.spec.name.localeCompare(b.spec.name);
    });
}
