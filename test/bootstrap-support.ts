import { readStackFile, type StackFile } from "../tools/harness/stack-file";
import { runProgram } from "../tools/harness/run";
import type { Graph } from "../tools/harness/graph";
import { deepMerge } from "../stacks/merge";
import { BOOTSTRAP_DIR, bootstrapProgram } from "../bootstrap/preview";

/** The bootstrap's shipped stack file (bootstrap/Pulumi.account.yaml), with a test's changes. */
export function bootstrapFile(override: Record<string, unknown> = {}, remove: string[] = []): StackFile {
  const file = readStackFile("account", BOOTSTRAP_DIR);
  const values = deepMerge(file.values, override) as Record<string, unknown>;
  for (const key of remove) delete values[key];
  return { ...file, values };
}

/** Runs the bootstrap program on it with the engine mocked, as `npm run bootstrap:preview` does. */
export function runBootstrap(override: Record<string, unknown> = {}, remove: string[] = []): Promise<Graph> {
  return runProgram(bootstrapFile(override, remove), { program: bootstrapProgram });
}
