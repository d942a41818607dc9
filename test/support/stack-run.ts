import { readStackFile, type StackFile } from "../../tools/harness/stack-file";
import { ConfigError } from "../../stacks/problems";
import { deepMerge, isPlainObject } from "../../stacks/merge";
import { validateSettings } from "../../stacks/validate";
import type { StackSettings } from "../../stacks/schema";

// A stack file with a test's changes, and its validation alone. No Pulumi SDK is loaded here: the tests of
// the validation (test/unit/stacks-*) stay fast, and so does mutation testing, which reloads them often.

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

// The shipped stack files as read, parsed once per process: hundreds of runs read the same two or three.
const shipped = new Map<string, StackFile>();

/** The stack file as the CLI reads it, with a test's changes applied. */
export function stackFile(stack: string, run: StackRun = {}): StackFile {
  let read = shipped.get(stack);
  if (!read) {
    read = readStackFile(stack);
    shipped.set(stack, read);
  }
  // Each caller gets its own copy: an override merges into it, and `remove` deletes from it.
  const file = structuredClone(read);
  const values = deepMerge(file.values, run.override ?? {}) as Record<string, unknown>;
  for (const dotted of run.remove ?? []) removePath(values, dotted);
  return {
    ...file,
    values,
    secretKeys: new Set([...file.secretKeys, ...(run.secretKeys ?? [])]),
  };
}

/**
 * Validates a stack's configuration as the program's first step does, without running the program: a few
 * milliseconds where a run takes tens. Returns the ConfigError, or the validated settings when there was none.
 */
export function validateStack(
  stack: string,
  run: StackRun = {},
): { error?: ConfigError; settings?: StackSettings } {
  const file = stackFile(stack, run);
  const values = run.target ? { ...file.values, target: run.target } : file.values;
  try {
    return {
      settings: validateSettings({
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
