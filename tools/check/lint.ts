import { ESLint } from "eslint";
import type * as ts from "typescript";

export interface LintReport {
  readonly errors: number;
  readonly warnings: number;
  readonly text: string;
}

/**
 * ESLint over `cwd` with its own eslint.config.mjs, except that typed rules read their types from `program`
 * (typescript-eslint's `programs` option) instead of building a second program from the same tsconfig.
 */
export async function lintWithProgram(cwd: string, program: ts.Program): Promise<LintReport> {
  const eslint = new ESLint({
    cwd,
    overrideConfig: {
      files: ["**/*.ts"],
      languageOptions: { parserOptions: { project: false, projectService: false, programs: [program] } },
    },
  });
  const results = await eslint.lintFiles(["."]);
  const formatter = await eslint.loadFormatter("stylish");
  return {
    errors: results.reduce((sum, r) => sum + r.errorCount + r.fatalErrorCount, 0),
    warnings: results.reduce((sum, r) => sum + r.warningCount, 0),
    text: await formatter.format(results),
  };
}
