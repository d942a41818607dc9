import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { testSteps } from "../tools/bench/suite";

describe("npm run bench: the steps of npm test it times", () => {
  it("are the scripts package.json's test runs, in order", () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const steps = testSteps(pkg.scripts.test);
    assert.deepEqual(steps, ["check", "unit"]);
    for (const step of steps) assert.ok(pkg.scripts[step], `package.json has no script ${step}`);
  });

  it("refuses a test script it could not time step by step", () => {
    assert.throws(
      () => testSteps("npm run check && mocha"),
      /package.json test: expected "npm run <script>" steps joined by &&, found "mocha"/,
    );
  });
});
