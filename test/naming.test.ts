import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Naming } from "../components/naming";
import { closest, editDistance } from "../stacks/spelling";

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/);

/** Characters a name may not keep: upper case (one, the Kelvin sign, lower-cases to ASCII), separators, non-ASCII. */
const FORBIDDEN = ["A", "Z", "K", "_", ".", " ", "/", ":", "@", "é", "🙂", "\t"];
const char = fc.oneof(
  { arbitrary: fc.constantFrom(..."abcxyz0189"), weight: 4 },
  { arbitrary: fc.constant("-"), weight: 1 },
  { arbitrary: fc.constantFrom(...FORBIDDEN), weight: 2 },
);
/** Any text; a project starts with a letter or digit, as Pulumi.yaml's name does. */
const text = fc.string({ unit: char, maxLength: 40 });
const project = fc.tuple(fc.constantFrom("s", "S", "7"), text).map(([first, rest]) => first + rest);
const limit = fc.oneof(fc.constantFrom(16, 63, 255), fc.integer({ min: 16, max: 255 }));

/** What a physical name is before any cut, written apart from the code: lower case, one hyphen a separator. */
function normalised(value: string): string {
  let out = "";
  for (const c of value.toLowerCase()) {
    const kept = /^[a-z0-9]$/.test(c) ? c : "-";
    if (kept !== "-" || !out.endsWith("-")) out += kept;
  }
  return out.endsWith("-") ? out.slice(0, -1) : out;
}

/** A name and a limit, half the time padded so the full name is one under, exactly at or one over the limit. */
const nameAndLimit = fc
  .tuple(project, text, text, limit, fc.constantFrom(-1, 0, 1), fc.boolean())
  .map(([p, s, n, max, slack, exact]) => {
    if (!exact) return { p, s, n, max };
    const length = normalised(`${p}-${s}-${n}`).length;
    const atLeast = Math.max(max, length + 3);
    return { p, s, n: `${n}-${"x".repeat(atLeast + slack - length - 1)}`, max: atLeast };
  });

describe("naming", () => {
  it("makes <project>-<stack>-<name> physical names within the length limit", () => {
    fc.assert(
      fc.property(nameAndLimit, ({ p: project, s: stack, n: name, max }) => {
        const physical = new Naming(project, stack).physicalName(name, max);
        assert.ok(physical.length <= max, `${physical} is longer than ${max}`);
        assert.match(physical, /^[a-z0-9]+(-[a-z0-9]+)*$/, "single hyphens, none at either end");
        const full = normalised(`${project}-${stack}-${name}`);
        if (full.length <= max) assert.equal(physical, full);
        else {
          assert.ok(
            physical.startsWith(full.slice(0, max - 8).replace(/-+$/, "")),
            `${physical} keeps ${full}'s start`,
          );
          assert.match(physical, /-[0-9a-f]{7}$/, "a cut name ends in its hash");
          assert.ok(physical.length >= max - 1, `${physical} is cut to ${max}, less a hyphen at most`);
        }
      }),
    );
  });

  it("keeps two long names that differ only at the end distinct when cut", () => {
    fc.assert(
      fc.property(word, fc.string({ unit: char, minLength: 1, maxLength: 5 }), limit, (stem, tail, max) => {
        const naming = new Naming("strata", "prod");
        const long = `${stem}-${"x".repeat(80)}`;
        const a = naming.physicalName(`${long}-a${tail}`, max);
        const b = naming.physicalName(`${long}-b${tail}`, max);
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
