import { strict as assert } from "node:assert";
import * as path from "node:path";
import { readFileSync } from "node:fs";
import { PROJECT_DIR } from "../tools/harness/stack-file";

describe("the program's entry point, as Pulumi's Node.js host loads it", () => {
  it("is the module named by package.json, and the module itself is the program function", () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { main: string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(path.join(PROJECT_DIR, pkg.main)) as unknown;
    // The host invokes a CommonJS export only when it is a function; an object would become the outputs.
    assert.equal(typeof entry, "function");
  });

  it("runs through ts-node without type checking, as Pulumi.yaml tells the host", () => {
    const project = readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
    assert.match(project, /typescript: false/);
    assert.match(project, /nodeargs: "--require ts-node\/register\/transpile-only"/);
    assert.ok(require.resolve("ts-node/register/transpile-only", { paths: [PROJECT_DIR] }));
  });
});
