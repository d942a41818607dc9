import { join } from "node:path";
import { PROJECT_DIR } from "../harness/stack-file";
import { formatTypeErrors, typeCheck } from "./typecheck";
import { lintWithProgram } from "./lint";
import { startFormatCheck } from "./format";

/**
 * `npm run check`: `npm run typecheck` and `npm run lint` in one process, on one TypeScript program, with
 * `npm run format:check` beside them. Typed linting needs the same program the type check builds (650 MB of
 * mostly provider type definitions); building it once saves about 15 s and one step's memory.
 */
async function main(): Promise<number> {
  const format = startFormatCheck(PROJECT_DIR);
  const { program, diagnostics } = typeCheck(join(PROJECT_DIR, "tsconfig.json"));
  if (diagnostics.length > 0) {
    process.stdout.write(formatTypeErrors(diagnostics, PROJECT_DIR, process.stdout.isTTY === true));
    process.stdout.write(`\ntypecheck: ${diagnostics.length} error(s)\n`);
  }
  const lint = await lintWithProgram(PROJECT_DIR, program);
  process.stdout.write(lint.text);
  const formatted = await format;
  if (formatted.code !== 0) process.stdout.write(formatted.output);
  return diagnostics.length > 0 || lint.errors > 0 || formatted.code !== 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
