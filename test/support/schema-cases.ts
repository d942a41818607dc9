import assert from "node:assert/strict";
import type { z } from "zod";
import type { ConfigProblem } from "../../stacks/problems";
import { problemsFromIssues } from "../../stacks/schema-problems";
import { validateStack, type StackRun } from "./stack-run";

// Direct checks of one setting's schema, and of a stack's problems, for test/unit/stacks-*. No Pulumi SDK.

/**
 * What each problem a schema raises for a value expects, as validation reports it (a wrong map key gives its
 * key's rule); none when the schema accepts the value.
 */
export function issueMessages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success
    ? []
    : problemsFromIssues(result.error.issues, value, new Set()).map((p) => p.expected);
}

/** The schema inside optional, default and prefault wrappers, to reach a nested section's shape. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while ("innerType" in inner._zod.def) inner = inner._zod.def.innerType as z.ZodType;
  return inner;
}

/** A setting's schema accepts each good value and rejects each bad one with exactly its phrase. */
export function assertSetting(
  schema: z.ZodType,
  rule: { readonly phrase: string; readonly good: readonly unknown[]; readonly bad: readonly unknown[] },
): void {
  for (const value of rule.good) {
    assert.deepEqual(issueMessages(schema, value), [], `accepts ${JSON.stringify(value)}`);
  }
  for (const value of rule.bad) {
    const messages = issueMessages(schema, value);
    assert.ok(messages.length > 0, `rejects ${JSON.stringify(value)}`);
    for (const message of messages) assert.equal(message, rule.phrase, `phrase for ${JSON.stringify(value)}`);
  }
}

/** Every problem validation reports for a stack with a test's changes; none when it is valid. */
export function problemsOf(stack: string, run: StackRun = {}): readonly ConfigProblem[] {
  return validateStack(stack, run).error?.problems ?? [];
}

/** The problems of one setting (and the settings below it). */
export function problemsAt(stack: string, run: StackRun, setting: string): readonly ConfigProblem[] {
  return problemsOf(stack, run).filter(
    (p) =>
      p.setting === setting || p.setting.startsWith(`${setting}.`) || p.setting.startsWith(`${setting}[`),
  );
}

/** The settings of a section, inside its wrappers. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return (unwrap(schema) as z.ZodObject).shape as Record<string, z.ZodType>;
}
