import { strict as assert } from "node:assert";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { reconcilePackConfig, type PackConfig } from "../../tools/policy/config";
import { optionsOf, propsOf, stackResourcesOf } from "../../tools/policy/resources";
import { SCHEMA_RULE } from "../../tools/policy/run";
import { ruleNamed, syntheticGraph, violationsOf, type Synthetic } from "./policy";

/** One finding as a test states it: the resource named (none for the whole stack) and what is wrong. */
export type Finding = readonly [resource: string | undefined, problem: string];

/**
 * The findings of one rule on a synthetic stack, each message checked to end with the rule's own fix (and
 * that suffix taken off), so a test compares whole problems: which resource, and exactly what is wrong.
 */
export async function findingsOf(
  id: string,
  resources: Synthetic[],
  options: { stack?: string; config?: PackConfig } = {},
): Promise<Finding[]> {
  const fix = ruleNamed(id).remediationSteps ?? "";
  assert.notEqual(fix, "", `${id} has no fix`);
  // The Kubernetes schema check is not the rule under test, and it is the slow part of an evaluation.
  const config = { [SCHEMA_RULE]: "disabled", ...options.config };
  return (await violationsOf(id, resources, { ...options, config })).map((v) => {
    const suffix = ` Fix: ${fix}`;
    assert.ok(v.message.endsWith(suffix), `${id}: "${v.message}" does not end with its fix`);
    return [v.resource?.name, v.message.slice(0, -suffix.length)] as const;
  });
}

/** One resource of a synthetic stack. */
export const res = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<Synthetic> = {},
) => ({ type, name, inputs, ...extra }) as Synthetic;

/**
 * Why a rule declares itself not applicable to a synthetic stack (a stack rule), or to each of its resources in
 * turn (a resource rule): the reason it gives, or undefined when it ran. The engine shows the reason, so a test
 * asserts it, which it cannot through the silent offline evaluator.
 */
export function notApplicableReasons(
  id: string,
  resources: Synthetic[],
  options: { stack?: string; config?: PackConfig } = {},
): (string | undefined)[] {
  const policy = ruleNamed(id);
  const graph = syntheticGraph(options.stack ?? "dev", resources);
  const settings = reconcilePackConfig([policy], "mandatory", options.config).get(id)!;
  const reasons: (string | undefined)[] = [];
  const run = (validate: (notApplicable: (reason?: string) => never) => void) => {
    const stop = new Error("not applicable");
    let reason: string | undefined;
    try {
      validate((r) => {
        reason = r;
        throw stop;
      });
    } catch (error) {
      if (error !== stop) throw error;
    }
    reasons.push(reason);
  };
  const getConfig = <T extends object>() => ({ ...settings.properties }) as T;
  if ("validateStack" in policy) {
    const resourcesOfStack = stackResourcesOf(graph);
    run((notApplicable) =>
      policy.validateStack({ resources: resourcesOfStack, getConfig, notApplicable } as never, () => {}),
    );
    return reasons;
  }
  const validate = (policy as ResourceValidationPolicy).validateResource as (
    args: ResourceValidationArgs,
    report: () => void,
  ) => void;
  for (const r of graph.resources) {
    const props = propsOf(r);
    run((notApplicable) =>
      validate(
        {
          type: r.type,
          props,
          urn: r.urn,
          name: r.name,
          opts: optionsOf(r),
          getConfig,
          notApplicable,
        } as never,
        () => {},
      ),
    );
  }
  return reasons;
}
