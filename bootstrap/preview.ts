import * as path from "node:path";
import { parseArgs } from "node:util";
import { readStackFile } from "../tools/harness/stack-file";
import { runProgram, ProgramError } from "../tools/harness/run";
import { renderReport } from "../tools/preview/render";
import { useCheapStackTraces } from "../tools/harness/stack-traces";

/** The bootstrap's folder: its Pulumi.yaml and stack files. */
export const BOOTSTRAP_DIR = path.resolve(__dirname);

/** The bootstrap program, loaded on first use like the main one. */
export function bootstrapProgram(): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("./index") as typeof import("./index");
  return program();
}

/** `npm run bootstrap:preview -- --stack account`: the bootstrap's plan with the engine mocked, as `npm start`. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string", default: "account" } } });
  useCheapStackTraces(false);
  try {
    const graph = await runProgram(readStackFile(values.stack, BOOTSTRAP_DIR), { program: bootstrapProgram });
    // The main program's header names a target; the bootstrap has none.
    const header = `Strata bootstrap offline preview: stack ${graph.stack} (engine mocked; nothing is deployed)`;
    console.log(renderReport(graph).replace(/^.*/, header));
    return 0;
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
