import type {
  EnforcementLevel,
  Policies,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { Graph, GraphResource } from "../harness/graph";
import { checkKubernetesSchema, isKubernetesObject } from "../harness/kube-schema";
import { PACK_NAME, policies as strataPolicies } from "../../policy/policies";
import { reconcilePackConfig, type PackConfig, type PolicySettings } from "./config";
import { isTypeOf, optionsOf, propsOf, stackResourcesOf } from "./resources";

/** A schema error is reported like a mandatory violation of this rule. */
export const SCHEMA_RULE = "kubernetes-openapi-schema";
const SCHEMA_FIX =
  "Correct the object so it matches the Kubernetes API (field names, types, required fields).";

export interface PolicyViolation {
  /** The rule ID: the public rule the policy mirrors. */
  readonly policy: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  /** The resource in violation; absent when the whole stack is. */
  readonly resource?: { readonly urn: string; readonly type: string; readonly name: string };
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** How to fix it (the policy's remediationSteps). */
  readonly fix: string;
}

export interface PolicyReport {
  readonly pack: string;
  /** Rules evaluated (disabled ones excluded), the schema check included. */
  readonly rules: number;
  readonly mandatory: number;
  readonly advisory: number;
  readonly violations: PolicyViolation[];
}

export interface EvaluateOptions {
  /** Same format as `pulumi preview --policy-pack-config`. */
  readonly config?: PackConfig;
  /** The policies to run; Strata's pack by default (tests pass one rule). */
  readonly policies?: Policies;
  /** The pack's own default level, as PolicyPackArgs.enforcementLevel. */
  readonly packLevel?: EnforcementLevel;
}

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
  // A signal that is caught at once, thrown for most resources by most rules: no stack trace to capture.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    throw new NotApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
};

const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy =>
  (p as ResourceValidationPolicy).validateResource !== undefined;
const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy =>
  typeof (p as StackValidationPolicy).validateStack === "function";

function isUnknownValueError(error: unknown): error is Error {
  return error instanceof Error && error.constructor.name === "UnknownValueError";
}

/** Runs one validation as the engine does: not applicable is quiet, an unknown value makes an advisory note. */
async function runValidation(
  policy: Policies[number],
  validation: () => unknown,
  report: (message: string, level?: "advisory") => void,
): Promise<void> {
  try {
    await Promise.resolve(validation());
  } catch (error) {
    if (error instanceof NotApplicable) return;
    if (isUnknownValueError(error)) {
      report(
        `can't run policy '${policy.name}' offline: ${error.message} (a secret or computed value)`,
        "advisory",
      );
      return;
    }
    throw new Error(`policy '${policy.name}' failed: ${(error as Error).stack ?? String(error)}`);
  }
}

function summary(resource: GraphResource | undefined) {
  return resource ? { urn: resource.urn, type: resource.type, name: resource.name } : undefined;
}

/**
 * Evaluates the policy pack on the offline graph, giving each policy the arguments the Pulumi engine would
 * (@pulumi/policy's server.js): resource policies once per resource with its type, props, URN, name, options,
 * isType/asType, getConfig and notApplicable; stack policies once with every resource. Then validates every
 * Kubernetes object against the OpenAPI schema.
 */
export async function evaluatePolicies(graph: Graph, options: EvaluateOptions = {}): Promise<PolicyReport> {
  const policies = options.policies ?? strataPolicies;
  const settings = reconcilePackConfig(policies, options.packLevel ?? "mandatory", options.config, [
    SCHEMA_RULE,
  ]);
  const violations: PolicyViolation[] = [];
  const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
  const stackTags: ReadonlyMap<string, string> = new Map();
  const active = policies.filter((p) => settings.get(p.name)?.enforcementLevel !== "disabled");

  const reporter =
    (policy: Policies[number], setting: PolicySettings, resource?: GraphResource) =>
    (message: string, level?: "advisory", urn?: string) => {
      const configured = setting.enforcementLevel === "advisory" ? "advisory" : "mandatory";
      violations.push({
        policy: policy.name,
        enforcementLevel: level ?? configured,
        resource: summary(resource ?? (urn ? byUrn.get(urn) : undefined)),
        message,
        fix: policy.remediationSteps ?? "",
      });
    };

  for (const resource of graph.resources) {
    for (const policy of active.filter(isResourcePolicy)) {
      // Like the engine, each policy gets its own copy: one policy cannot change what the next one sees. Made
      // when first read: most policies look at the type first and never read the props of other types.
      let copy: Record<string, unknown> | undefined;
      const props = () => (copy ??= propsOf(resource));
      const setting = settings.get(policy.name)!;
      const report = reporter(policy, setting, resource);
      const args: ResourceValidationArgs = {
        type: resource.type,
        get props() {
          return props();
        },
        urn: resource.urn,
        name: resource.name,
        opts: optionsOf(resource),
        stackTags,
        isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
        asType: ((resourceClass: unknown) =>
          isTypeOf(resource.type, resourceClass) ? props() : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({ ...setting.properties }) as T,
        notApplicable,
      };
      for (const validation of [policy.validateResource ?? []].flat()) {
        await runValidation(policy, () => validation(args, (message) => report(message)), report);
      }
    }
  }

  const resources = stackResourcesOf(graph);
  for (const policy of active.filter(isStackPolicy)) {
    const setting = settings.get(policy.name)!;
    const report = reporter(policy, setting);
    const args: StackValidationArgs = {
      resources,
      stackTags,
      getConfig: <T extends object>() => ({ ...setting.properties }) as T,
      notApplicable,
    };
    await runValidation(
      policy,
      () => policy.validateStack(args, (message, urn) => report(message, undefined, urn)),
      report,
    );
  }

  violations.push(...schemaViolations(graph, options.config));
  return {
    pack: PACK_NAME,
    rules: active.length + 1,
    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
    advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    violations,
  };
}

function schemaViolations(graph: Graph, config: PackConfig = {}): PolicyViolation[] {
  const own = config[SCHEMA_RULE];
  const level =
    (typeof own === "object" && own !== null
      ? (own as { enforcementLevel?: unknown }).enforcementLevel
      : own) ?? config.all;
  if (level === "disabled") return [];
  return graph.resources.filter(isKubernetesObject).flatMap((resource) =>
    checkKubernetesSchema(resource).errors.map((error) => ({
      policy: SCHEMA_RULE,
      enforcementLevel: level === "advisory" ? ("advisory" as const) : ("mandatory" as const),
      resource: summary(resource),
      message: `The object does not match the Kubernetes OpenAPI schema: ${error} Fix: ${SCHEMA_FIX}`,
      fix: SCHEMA_FIX,
    })),
  );
}
