import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { diagramOf, toDot } from "../tools/diagram/render";
import { runStack } from "./support/harness";

const hasDot = spawnSync("dot", ["-V"]).status === 0;

describe("the diagram, rendered by a real renderer (Graphviz on its DOT twin)", function () {
  this.timeout(60_000);

  it("renders prod on aws to a PNG without a warning", async function () {
    if (!hasDot) {
      // CI installs Graphviz (.ci/run); a CI run without it must not pass silently.
      if (process.env.CI) assert.fail("Graphviz (dot) is not installed: .ci/run installs it");
      this.skip();
    }
    const dot = toDot(diagramOf(await runStack("prod")));
    const file = path.join(mkdtempSync(path.join(tmpdir(), "strata-diagram-")), "prod.png");
    const result = spawnSync("dot", ["-Tpng", "-o", file], { input: dot, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "", "Graphviz warned about the diagram");
    assert.deepEqual(
      [...readFileSync(file).subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    );
    assert.ok(statSync(file).size > 10_000, "a PNG with the whole architecture in it");
  });

  it("a broken diagram is caught: Graphviz rejects a DOT with a syntax error", function () {
    if (!hasDot) this.skip();
    const result = spawnSync("dot", ["-Tpng"], { input: 'digraph { "a" -> }', encoding: "utf8" });
    assert.notEqual(result.status, 0);
  });
});
