import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { README, README_DIAGRAMS, currentDiagrams, withDiagrams } from "../tools/diagram/docs";
import { sharedPlan } from "./support/harness";

describe("the README's architecture diagrams", function () {
  this.timeout(120_000);

  it("are the ones the program draws today, for dev and prod on both targets (npm run docs regenerates them)", async () => {
    const readme = readFileSync(README, "utf8");
    // The shipped stack files read as the CLI reads them: the same plans as `npm run docs` draws.
    const blocks = await currentDiagrams(sharedPlan);
    assert.equal(blocks.size, README_DIAGRAMS.length);
    for (const [key, block] of blocks) {
      assert.ok(readme.includes(block), `README.md's diagram of ${key} is stale: run npm run docs`);
    }
    assert.equal(withDiagrams(readme, blocks), readme, "README.md's diagrams are stale: run npm run docs");
  });

  it("refuses a README whose markers are missing instead of dropping a diagram", () => {
    assert.throws(() => withDiagrams("# no markers\n", new Map()), /has no "<!-- diagram dev aws/);
  });
});
