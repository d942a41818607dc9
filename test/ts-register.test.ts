import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "../tools/harness/stack-file";

// The interface before the throw is stripped from the JavaScript, which moves the throw to another line there:
// only a source-mapped trace names line 7.
const THROWER = [
  "interface Shape {",
  "  readonly sides: number;",
  "  readonly name: string;",
  "}",
  "",
  "export function fail(shape: Shape): never {",
  "  throw new Error(`no ${shape.name}`);",
  "}",
].join("\n");

describe("the tests' TypeScript hook (test/support/register.cjs)", () => {
  it("loads TypeScript with the first .ts file, not before, and maps its traces to the TypeScript lines", () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-register-"));
    try {
      const thrower = join(dir, "thrower.ts");
      writeFileSync(thrower, THROWER);
      const script = [
        "const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(f));",
        "const before = loaded();",
        `try { require(${JSON.stringify(thrower)}).fail({ sides: 3, name: "triangle" }); }`,
        "catch (error) { console.log(JSON.stringify({ before, after: loaded(), frame: error.stack.split('\\n')[1] })); }",
      ].join("\n");
      const child = spawnSync(
        process.execPath,
        ["-r", join(PROJECT_DIR, "test/support/register.cjs"), "-e", script],
        { encoding: "utf8" },
      );
      assert.equal(child.status, 0, child.stderr);
      const seen = JSON.parse(child.stdout) as { before: boolean; after: boolean; frame: string };
      assert.equal(seen.before, false, "TypeScript loaded before any .ts file");
      assert.equal(seen.after, true, "the .ts file was not compiled by ts-node");
      assert.ok(seen.frame.endsWith(`${thrower}:7:9)`), seen.frame);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
