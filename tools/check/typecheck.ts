import * as ts from "typescript";

export interface TypeCheck {
  readonly program: ts.Program;
  readonly diagnostics: readonly ts.Diagnostic[];
}

/** A tsconfig as `tsc -p` reads it (with `noEmit`): its files and options, or the errors that stop it. */
export function readTsconfig(tsconfigPath: string): {
  readonly config: ts.ParsedCommandLine | undefined;
  readonly errors: ts.Diagnostic[];
} {
  const errors: ts.Diagnostic[] = [];
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => errors.push(d) },
  );
  return { config, errors };
}

/**
 * What `tsc --noEmit -p <tsconfig>` reports, through the compiler's own API: the config's errors, then the
 * program's syntactic, global and semantic diagnostics (ts.getPreEmitDiagnostics, as tsc gathers them).
 * The checked program is returned so that typed linting can reuse it instead of building its own.
 */
export function typeCheck(tsconfigPath: string): TypeCheck {
  const { config, errors: configErrors } = readTsconfig(tsconfigPath);
  if (!config) return { program: ts.createProgram([], {}), diagnostics: configErrors };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  return { program, diagnostics: [...configErrors, ...ts.getPreEmitDiagnostics(program)] };
}

/** The diagnostics as tsc prints them: with colour and source context on a terminal, one line each otherwise. */
export function formatTypeErrors(
  diagnostics: readonly ts.Diagnostic[],
  cwd: string,
  pretty: boolean,
): string {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => cwd,
    getNewLine: () => "\n",
  };
  return pretty
    ? ts.formatDiagnosticsWithColorAndContext(diagnostics, host)
    : ts.formatDiagnostics(diagnostics, host);
}
