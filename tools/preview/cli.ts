import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { PROJECT_DIR, readStackFile } from "../harness/stack-file";
import { runProgram, ProgramError } from "../harness/run";
import { renderReport } from "./render";
import { useCheapStackTraces } from "../harness/stack-traces";
import { TARGETS } from "../../components/target";

const USAGE = `usage: npm start -- [--stack NAME] [--target ${TARGETS.join("|")}] [--json FILE] [--stack-dir DIR] [--trace]

Runs the real program for a stack with the Pulumi engine mocked (no CLI, no credentials)
and prints what would be created.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "dev" },
      target: { type: "string" },
      json: { type: "string" },
      "stack-dir": { type: "string" },
      trace: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  useCheapStackTraces(values.trace);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.target !== undefined && !(TARGETS as readonly string[]).includes(values.target)) {
    console.error(
      `--target: expected one of ${TARGETS.join(", ")}, found ${JSON.stringify(values.target)}\n${USAGE}`,
    );
    return 2;
  }
  try {
    const file = readStackFile(values.stack, PROJECT_DIR, values["stack-dir"]);
    const graph = await runProgram(file, { target: values.target });
    console.log(renderReport(graph));
    if (values.json) {
      writeFileSync(values.json, `${JSON.stringify(graph, null, 2)}\n`);
      console.log(`\nThe graph is in ${values.json}.`);
    }
    return 0;
  } catch (error) {
    const cause = error instanceof ProgramError ? error.cause : error;
    console.error(cause instanceof Error ? cause.message : cause);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
