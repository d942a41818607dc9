import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Naming } from "../components/naming";
import { closest, editDistance } from "../stacks/spelling";

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/);

describe("naming", () => {
  it("makes <project>-<stack>-<name> physical names within the length limit", () => {
    fc.assert(
      fc.property(word, word, word, fc.integer({ min: 16, max: 255 }), (project, stack, name, max) => {
        const physical = new Naming(project, stack).physicalName(name, max);
        assert.ok(physical.length <= max, `${physical} is longer than ${max}`);
        assert.match(physical, /^[a-z0-9]+(-[a-z0-9]+)*$/, "single hyphens, none at either end");
        const full = `${project}-${stack}-${name}`.replace(/-{2,}/g, "-").replace(/-+$/, "");
        if (full.length <= max) assert.equal(physical, full);
        else
          assert.ok(
            physical.startsWith(full.slice(0, max - 8).replace(/-+$/, "")),
            `${physical} keeps ${full}'s start`,
          );
      }),
    );
  });

  it("keeps two long names that differ only at the end distinct when cut", () => {
    fc.assert(
      fc.property(word, fc.string({ minLength: 1, maxLength: 5 }), (stem, tail) => {
        const naming = new Naming("strata", "prod");
        const long = `${stem}-${"x".repeat(80)}`;
        const a = naming.physicalName(`${long}-a${tail}`, 32);
        const b = naming.physicalName(`${long}-b${tail}`, 32);
        assert.notEqual(a, b);
      }),
    );
  });

  it("tags every resource with the project, stack, layer and manager, then the stack's own tags", () => {
    const naming = new Naming("strata", "dev", { CostCenter: "web", Stack: "mine" });
    assert.deepEqual(naming.tags("network", { Name: "vpc" }), {
      Project: "strata",
      Stack: "mine",
      Layer: "network",
      ManagedBy: "pulumi",
      CostCenter: "web",
      Name: "vpc",
    });
  });

  it("suggests the setting a typo most likely meant", () => {
    assert.equal(editDistance("zonse", "zones"), 1);
    assert.equal(closest("zonse", ["region", "zones", "vpcCidr"]), "zones");
    assert.equal(closest("natstrategy", ["natStrategy", "zones"]), "natStrategy");
    assert.equal(closest("colour", ["region", "zones"]), undefined);
  });
});
