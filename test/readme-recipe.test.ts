import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { previewInProcess } from "./support/preview";

/** The shell lines of the README's fenced block under a heading, comments dropped. */
function recipe(heading: string): string[] {
  const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(`### ${heading}`));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, `no sh block under ${heading}`);
  return block[1]
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

/** Shell words, with single quotes as the shell reads them. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** `a.b[0]` as path segments. */
function segments(dotted: string): (string | number)[] {
  return dotted.split(".").flatMap((part) => {
    const [name, ...indexes] = part.split(/[[\]]+/).filter(Boolean);
    return [name, ...indexes.map(Number)];
  });
}

/**
 * What `pulumi config set [--path] key value` writes into the stack file: the project's namespace, and with
 * --path a nested value whose `true`, `false` and integers are stored typed (the CLI's structured config).
 */
function configSet(config: Record<string, unknown>, project: string, args: string[]): void {
  const usesPath = args.includes("--path");
  const [key, raw] = args.filter((a) => a !== "--path");
  if (!usesPath) {
    config[`${project}:${key}`] = raw;
    return;
  }
  const value = raw === "true" ? true : raw === "false" ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  const [first, ...rest] = segments(key);
  let node = config as Record<string | number, unknown>;
  let at: string | number = `${project}:${first}`;
  for (const next of rest) {
    node[at] ??= typeof next === "number" ? [] : {};
    node = node[at] as Record<string | number, unknown>;
    at = next;
  }
  node[at] = value;
}

describe("the README's recipe: a stack of your own", () => {
  it("runs as written: the commands make a stack file the offline preview accepts with no mandatory violation", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "strata-recipe-"));
    const project = "strata";
    let stack: string | undefined;
    const config: Record<string, unknown> = {};
    let previewArgs: string[] | undefined;
    for (const line of recipe("A stack of your own")) {
      const [tool, ...rest] = words(line);
      if (tool === "pulumi" && rest[0] === "stack" && rest[1] === "init") stack = rest[2];
      else if (tool === "pulumi" && rest[0] === "config" && rest[1] === "set")
        configSet(config, project, rest.slice(2));
      else if (tool === "npm" && rest[0] === "start") previewArgs = rest.slice(rest.indexOf("--") + 1);
      else assert.fail(`the recipe has a step this test cannot follow: ${line}`);
    }
    assert.ok(stack && previewArgs, "the recipe inits a stack and previews it");
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    // In process: --stack-dir runs as a real process in test/preview-cli.test.ts.
    const result = await previewInProcess(...previewArgs, "--stack-dir", dir);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /0 mandatory/);
  });
});
