import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { PROJECT_DIR } from "../harness/stack-file";
import type { CheckResult } from "./findings";

/**
 * A finding that does not apply to Strata, as the accepted-findings file lists it: one check on one resource
 * (`*` matches any run of characters, for names that carry the stack), on the stacks and targets named.
 */
const acceptedSchema = z.strictObject({
  check: z.string().min(1),
  resource: z.string().min(1),
  stacks: z.array(z.string().min(1)).min(1),
  target: z.enum(["aws", "kubernetes"]),
  reason: z.string().min(40, "a reason a reviewer can judge: what makes the check not apply"),
});
export type Accepted = z.infer<typeof acceptedSchema>;

export const ACCEPTED_DIR = join(PROJECT_DIR, "tools", "scan", "accepted");

export function readAccepted(tool: string, dir = ACCEPTED_DIR): Accepted[] {
  const file = join(dir, `${tool}.yaml`);
  const parsed = z.array(acceptedSchema).safeParse(parse(readFileSync(file, "utf8")) ?? []);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`${file}: every entry needs check, resource, stacks, target and reason:\n${problems}`);
  }
  return parsed.data;
}

function pattern(resource: string): RegExp {
  return new RegExp(
    `^${resource
      .split("*")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

export function matches(entry: Accepted, result: CheckResult): boolean {
  return (
    entry.check === result.check &&
    entry.target === result.target &&
    entry.stacks.includes(result.stack) &&
    pattern(entry.resource).test(result.resource)
  );
}
