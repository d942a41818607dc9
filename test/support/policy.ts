import type { Graph, GraphResource } from "../../tools/harness/graph";
import { evaluatePolicies, type PolicyViolation } from "../../tools/policy/run";
import type { PackConfig } from "../../tools/policy/config";
import { policies } from "../../policy/policies";

/** A resource of a synthetic graph: what another layer would register. */
export interface Synthetic {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly protect?: boolean;
  readonly secretInputs?: string[];
  readonly parent?: string;
}

export function urnOf(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::strata::${type}::${name}`;
}

/** A graph of the given resources in a stack, URNs as the engine makes them. */
export function syntheticGraph(stack: string, resources: Synthetic[]): Graph {
  return {
    stack,
    target: "aws",
    outputs: {},
    resources: resources.map(
      (r): GraphResource => ({
        type: r.type,
        name: r.name,
        urn: urnOf(stack, r.type, r.name),
        parent: r.parent ?? null,
        inputs: r.inputs,
        secretInputs: r.secretInputs ?? [],
        protect: r.protect ?? false,
        retainOnDelete: r.protect ?? false,
        dependsOn: [],
        custom: true,
      }),
    ),
  };
}

export function ruleNamed(id: string) {
  const policy = policies.find((p) => p.name === id);
  if (!policy) throw new Error(`no rule ${id} in the pack`);
  return policy;
}

/** The violations one rule reports on a synthetic stack (other rules are not run). */
export async function violationsOf(
  id: string,
  resources: Synthetic[],
  options: { stack?: string; config?: PackConfig } = {},
): Promise<PolicyViolation[]> {
  const graph = syntheticGraph(options.stack ?? "dev", resources);
  const report = await evaluatePolicies(graph, { policies: [ruleNamed(id)], config: options.config });
  return report.violations.filter((v) => v.policy === id);
}
