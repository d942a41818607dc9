import * as pulumi from "@pulumi/pulumi";
import { runProgram, ProgramError } from "../../tools/harness/run";
import type { Graph } from "../../tools/harness/graph";
import { ConfigError } from "../../stacks/problems";
import { withoutStackTraces } from "./traces";
import { stackFile, type StackRun } from "./stack-run";

export { stackFile, validateStack, validationErrorOf, type StackRun } from "./stack-run";

export { byType, childrenOf, findResource } from "../../tools/harness/graph";
export type { Graph, GraphResource } from "../../tools/harness/graph";

/** A run that only picks a target: the shipped stack file as it is, whose plan can be shared. */
function isShippedAsIs(run: StackRun): boolean {
  return run.override === undefined && !run.remove?.length && !run.secretKeys?.length;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const plans = new Map<string, Promise<Graph>>();

/** The mutant StrykerJS has switched on in this process (tools/mutate), if any. */
function activeMutant(): string | undefined {
  return (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__?.activeMutant;
}

/**
 * The plan of a shipped stack on a target, built once per process and deeply frozen: for tests that only read
 * it (a test that writes to it fails with a TypeError). A run that fails is not kept.
 */
export function sharedPlan(stack: string, target?: "aws" | "kubernetes"): Promise<Graph> {
  const file = stackFile(stack);
  const resolved = target ?? String(file.values.target);
  // Under mutation testing each mutant gets its own plans: one built with another mutant active proves nothing.
  const key = `${stack}/${resolved}/${activeMutant() ?? ""}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = withoutStackTraces(() => runProgram(file, { target: resolved })).then(deepFreeze);
    plan.catch(() => plans.delete(key));
    plans.set(key, plan);
  }
  return plan;
}

/**
 * Runs the real program against a real stack file (dev, prod), as a user's `pulumi up` would. A run that only
 * picks a target gets its own copy of the shared plan (`sharedPlan`); any override builds a fresh one.
 */
export async function runStack(stack: string, run: StackRun = {}): Promise<Graph> {
  if (isShippedAsIs(run)) return structuredClone(await sharedPlan(stack, run.target));
  return withoutStackTraces(() => runProgram(stackFile(stack, run), { target: run.target }));
}

/** Runs a stack expected to fail validation, and returns the ConfigError with what was registered. */
export async function configErrorOf(
  stack: string,
  run: StackRun = {},
): Promise<{ error: ConfigError; graph: Graph }> {
  try {
    await runStack(stack, run);
  } catch (error) {
    if (error instanceof ProgramError && error.cause instanceof ConfigError) {
      return { error: error.cause, graph: error.graph };
    }
    throw error;
  }
  throw new Error(`stack ${stack} was expected to fail validation but ran`);
}

/** Awaits an output's value (for tests of a component built directly). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Every stack shipped in the repository, on both targets: what CI proves deployable. */
export const STACK_MATRIX = [
  { stack: "dev", target: "aws" },
  { stack: "dev", target: "kubernetes" },
  { stack: "prod", target: "aws" },
  { stack: "prod", target: "kubernetes" },
] as const;
