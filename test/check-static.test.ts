import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { ESLint } from "eslint";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { formatTypeErrors, typeCheck } from "../tools/check/typecheck";
import { lintWithProgram } from "../tools/check/lint";
import { startFormatCheck } from "../tools/check/format";

/**
 * `npm run check` must report what `tsc --noEmit` and ESLint with its own program report, on the same project:
 * a small project with one type error and one floating promise (found only with type information).
 */
describe("npm run check: the type check and typed lint on one program", function () {
  this.timeout(120_000);
  let dir = "";

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "strata-check-"));
    const tseslint = pathToFileURL(join(PROJECT_DIR, "node_modules/typescript-eslint/dist/index.js")).href;
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          lib: ["ES5", "ES2015.Promise"],
          types: [],
          noEmit: true,
        },
        include: ["*.ts"],
      }),
    );
    writeFileSync(
      join(dir, "eslint.config.mjs"),
      [
        `import tseslint from ${JSON.stringify(tseslint)};`,
        "export default tseslint.config({",
        '  files: ["**/*.ts"],',
        '  languageOptions: { parser: tseslint.parser, parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },',
        '  plugins: { "@typescript-eslint": tseslint.plugin },',
        '  rules: { "@typescript-eslint/no-floating-promises": "error" },',
        "});",
      ].join("\n"),
    );
    writeFileSync(join(dir, "wrong-type.ts"), 'export const count: number = "three";\n');
    writeFileSync(join(dir, "floating.ts"), "async function save(): Promise<void> {}\nsave();\n");
    writeFileSync(join(dir, "unformatted.ts"), "export const  spaced ={a:1}\n");
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reports the type errors tsc --noEmit reports, in tsc's format", () => {
    const tsc = spawnSync(
      process.execPath,
      [join(PROJECT_DIR, "node_modules/typescript/bin/tsc"), "-p", dir],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    assert.equal(tsc.status, 2, tsc.stdout);
    const { diagnostics } = typeCheck(join(dir, "tsconfig.json"));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      [2322],
    );
    assert.equal(formatTypeErrors(diagnostics, dir, false), tsc.stdout);
  });

  it("reports a broken tsconfig as an error, not as a clean check", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(
      broken,
      '{ "compilerOptions": { "strict": "yes", "lib": ["ES5"], "types": [] }, "files": [] }',
    );
    const messages = typeCheck(broken).diagnostics.map((d) => String(d.messageText));
    assert.ok(
      messages.some((m) => /'strict' requires a value of type boolean/.test(m)),
      messages.join("; "),
    );
  });

  it("lints with the checked program: the typed rule finds what eslint finds with its own program", async () => {
    const { program } = typeCheck(join(dir, "tsconfig.json"));
    const report = await lintWithProgram(dir, program);
    // ESLint as `eslint .` runs it (its CLI is this API and the stylish formatter), building its own program.
    const eslint = new ESLint({ cwd: dir });
    const own = await eslint.lintFiles(["."]);
    const ownText = await (await eslint.loadFormatter("stylish")).format(own);
    assert.equal(report.errors, 1);
    assert.match(
      stripVTControlCharacters(report.text),
      /floating\.ts\n\s+2:1\s+error\s+Promises must be awaited.*no-floating-promises/,
    );
    assert.equal(report.text, ownText);
  });

  it("runs Prettier's check beside them, and fails on the file it would reformat, naming it", async () => {
    const result = await startFormatCheck(dir);
    // FORCE_COLOR, if the environment sets it, colours Prettier's output whatever the flags say.
    const { code, output } = { ...result, output: stripVTControlCharacters(result.output) };
    assert.equal(code, 1, output);
    assert.match(output, /\[warn\] unformatted\.ts\n/);
    assert.doesNotMatch(output, /floating\.ts|wrong-type\.ts/);
  });
});
