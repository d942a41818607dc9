import * as path from "node:path";
import { parseArgs } from "node:util";
import { readStackFile } from "../tools/harness/stack-file";
import { runProgram, ProgramError } from "../tools/harness/run";
import { renderPolicyReport, renderReport } from "../tools/preview/render";
import { evaluatePolicies } from "../tools/policy/run";
import { useCheapStackTraces } from "../tools/harness/stack-traces";

/** The bootstrap's folder: its Pulumi.yaml and stack files. */
export const BOOTSTRAP_DIR = path.resolve(__dirname);

/** The bootstrap program, loaded on first use like the main one. */
export function bootstrapProgram(): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("./index") as typeof import("./index");
  return program();
}

/** `npm run bootstrap:preview -- --stack account`: the bootstrap's plan and policy report, engine mocked, as `npm start`. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string", default: "account" } } });
  useCheapStackTraces(false);
  try {
    const graph = await runProgram(readStackFile(values.stack, BOOTSTRAP_DIR), { program: bootstrapProgram });
    // The main program's header names a target; the bootstrap has none.
    const header = `Strata bootstrap offline preview: stack ${graph.stack} (engine mocked; nothing is deployed)`;
    console.log(renderReport(graph).replace(/^.*/, header));
    // The same pack as the main program's: the bucket and keys meet the same S3 and KMS rules.
    const policy = await evaluatePolicies(graph);
    console.log(`\n${renderPolicyReport(policy)}`);
    return policy.mandatory > 0 ? 1 : 0;
  } catch (error) {
    const cause = error instanceof ProgramError ? error.cause : error;
    console.error(cause instanceof Error ? cause.message : cause);
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
