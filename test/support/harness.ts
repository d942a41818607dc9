import * as pulumi from "@pulumi/pulumi";
import { readStackFile, type StackFile } from "../../tools/harness/stack-file";
import { runProgram, ProgramError } from "../../tools/harness/run";
import type { Graph } from "../../tools/harness/graph";
import { ConfigError } from "../../stacks/problems";
import { loadStackConfig, type StackConfig } from "../../stacks/config";
import { deepMerge, isPlainObject } from "../../stacks/merge";
import { withoutStackTraces } from "./traces";

export { byType, childrenOf, findResource } from "../../tools/harness/graph";
export type { Graph, GraphResource } from "../../tools/harness/graph";

export interface StackRun {
  /** Replaces the stack's target. */
  readonly target?: "aws" | "kubernetes";
  /** Deep-merged over the stack file's project values (maps merge, lists and scalars replace). */
  readonly override?: Record<string, unknown>;
  /** Settings to delete from the stack file, as dotted paths (`pulumi config rm --path aws.region`). */
  readonly remove?: readonly string[];
  /** Keys of the project namespace to mark secret, as `pulumi config set --secret` would. */
  readonly secretKeys?: readonly string[];
}

function removePath(values: Record<string, unknown>, dotted: string): void {
  const parts = dotted.split(".");
  const last = parts.pop() as string;
  let node: unknown = values;
  for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part];
  if (isPlainObject(node)) delete node[last];
}

/** The stack file as the CLI reads it, with a test's changes applied. */
export function stackFile(stack: string, run: StackRun = {}): StackFile {
  const file = readStackFile(stack);
  const values = deepMerge(file.values, run.override ?? {}) as Record<string, unknown>;
  for (const dotted of run.remove ?? []) removePath(values, dotted);
  return {
    ...file,
    values,
    secretKeys: new Set([...file.secretKeys, ...(run.secretKeys ?? [])]),
  };
}

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

/**
 * Validates a stack's configuration as the program's first step does, without running the program: a few
 * milliseconds where a run takes tens, for the tests of the validation itself (and mutation testing, which
 * runs them once per mutant). Returns the ConfigError, or the validated config when there was none.
 */
export function validateStack(
  stack: string,
  run: StackRun = {},
): { error?: ConfigError; config?: StackConfig } {
  const file = stackFile(stack, run);
  const values = run.target ? { ...file.values, target: run.target } : file.values;
  try {
    return {
      config: loadStackConfig({
        project: file.project,
        stack: file.stack,
        values,
        secretKeys: file.secretKeys,
      }),
    };
  } catch (error) {
    if (error instanceof ConfigError) return { error };
    throw error;
  }
}

/** The ConfigError a stack's configuration gets from validation alone (`validateStack`); fails when valid. */
export function validationErrorOf(stack: string, run: StackRun = {}): ConfigError {
  const { error } = validateStack(stack, run);
  if (!error) throw new Error(`stack ${stack} was expected to fail validation but passed`);
  return error;
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
