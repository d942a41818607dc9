import assert from "node:assert/strict";
import { closest, editDistance } from "../../stacks/spelling";
import { asLabel } from "../../stacks/label";
import { deepMerge, isPlainObject } from "../../stacks/merge";
import { REGION_ZONES, ZONES_READ_ON, zonesOf } from "../../stacks/regions";
import { awsSection } from "../../stacks/schema/network";
import { issueMessages } from "../support/schema-cases";

describe("typo hints (stacks/spelling.ts)", () => {
  it("counts insertions, deletions, substitutions and a swap of neighbours as one edit each, ignoring case", () => {
    assert.equal(editDistance("", ""), 0);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("abc", ""), 3);
    assert.equal(editDistance("zones", "zones"), 0);
    assert.equal(editDistance("Zones", "zONES"), 0);
    assert.equal(editDistance("zones", "zone"), 1);
    assert.equal(editDistance("zone", "zones"), 1);
    assert.equal(editDistance("zones", "zonas"), 1);
    assert.equal(editDistance("zones", "zoens"), 1);
    assert.equal(editDistance("ab", "ba"), 1);
    assert.equal(editDistance("abcd", "badc"), 2);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("flaw", "lawn"), 2);
    // A swap is only of neighbours: "ca" to "abc" is three edits in optimal string alignment.
    assert.equal(editDistance("ca", "abc"), 3);
    assert.equal(editDistance("abc", "ca"), 3);
  });

  it("suggests the nearest candidate within a third of the word's length (at least one edit)", () => {
    const known = ["zones", "region", "vpcCidr", "natStrategy", "flowLogs"];
    assert.equal(closest("zoens", known), "zones");
    assert.equal(closest("regoin", known), "region");
    assert.equal(closest("vpccidr", known), "vpcCidr");
    // Two letters: one edit allowed, two not.
    assert.equal(closest("ab", ["ac"]), "ac");
    assert.equal(closest("ab", ["cd"]), undefined);
    // Six letters: two edits allowed, three not.
    assert.equal(closest("abcdef", ["abcdxy"]), "abcdxy");
    assert.equal(closest("abcdef", ["abcxyz"]), undefined);
    // Nine letters: three edits allowed, four not.
    assert.equal(closest("abcdefghi", ["abcdefxyz"]), "abcdefxyz");
    assert.equal(closest("abcdefghi", ["abcdewxyz"]), undefined);
    assert.equal(closest("colour", known), undefined);
    assert.equal(closest("zones", []), undefined);
  });

  it("keeps the first of equally near candidates, and a nearer later one", () => {
    assert.equal(closest("abcdef", ["abcdex", "abcdey"]), "abcdex");
    assert.equal(closest("abcdef", ["abcdxy", "abcdex"]), "abcdex");
    assert.equal(closest("abcdef", ["abcdex", "abcdxy"]), "abcdex");
  });
});

describe("layering a stack over its preset (stacks/merge.ts)", () => {
  it("tells maps from lists, null and scalars", () => {
    assert.equal(isPlainObject({}), true);
    assert.equal(isPlainObject({ a: 1 }), true);
    assert.equal(isPlainObject([]), false);
    assert.equal(isPlainObject(null), false);
    assert.equal(isPlainObject("a"), false);
    assert.equal(isPlainObject(undefined), false);
  });

  it("merges maps key by key, replaces lists and scalars whole, and keeps the base where nothing overrides", () => {
    const base = {
      aws: { zones: 2, flowLogs: { enabled: true, retentionDays: 7 } },
      emails: ["a", "b"],
      protect: false,
    };
    const merged = deepMerge(base, {
      aws: { flowLogs: { retentionDays: 30 }, region: "eu-west-1" },
      emails: ["c"],
      protect: true,
    });
    assert.deepEqual(merged, {
      aws: { zones: 2, flowLogs: { enabled: true, retentionDays: 30 }, region: "eu-west-1" },
      emails: ["c"],
      protect: true,
    });
    assert.deepEqual(base.aws.flowLogs, { enabled: true, retentionDays: 7 }, "the base is not changed");
    assert.deepEqual(deepMerge(base, undefined), base);
    assert.deepEqual(deepMerge({ a: 1 }, { a: undefined }), { a: 1 });
    assert.equal(deepMerge({ a: 1 }, null), null);
    assert.deepEqual(deepMerge({ a: { b: 1 } }, { a: null }), { a: null });
    assert.deepEqual(deepMerge([1, 2], { a: 1 }), { a: 1 });
    assert.deepEqual(deepMerge({ a: 1 }, [3]), [3]);
    assert.deepEqual(deepMerge("x", { a: 1 }), { a: 1 });
  });
});

describe("AWS regions and their zones (stacks/regions.ts)", () => {
  it("lists only real region names, each with the two to six zones a network may span", () => {
    const regions = Object.keys(REGION_ZONES);
    assert.ok(regions.length >= 30, `${regions.length} regions`);
    for (const region of regions) {
      assert.deepEqual(issueMessages(awsSection.shape.region, region), [], region);
      assert.ok(REGION_ZONES[region] >= 3 && REGION_ZONES[region] <= 6, region);
      assert.equal(zonesOf(region), REGION_ZONES[region]);
    }
    assert.match(ZONES_READ_ON, /^\d{4}-\d\d-\d\d$/);
  });

  it("knows the regions the stacks and docs use, and nothing for an unknown name or an inherited key", () => {
    assert.equal(zonesOf("eu-west-1"), 3);
    assert.equal(zonesOf("eu-central-1"), 3);
    assert.equal(zonesOf("us-east-1"), 6);
    assert.equal(zonesOf("us-west-2"), 4);
    assert.equal(zonesOf("mars-north-1"), undefined);
    assert.equal(zonesOf("toString"), undefined);
    assert.equal(zonesOf("constructor"), undefined);
  });
});

describe("labels (stacks/label.ts)", () => {
  it("lower-cases, turns every other character into a hyphen, keeps one hyphen of a run and none at either end", () => {
    assert.equal(asLabel("My_App.v2"), "my-app-v2");
    assert.equal(asLabel("a--__..b"), "a-b");
    assert.equal(asLabel("-_a_-"), "a");
    assert.equal(asLabel("a-"), "a");
    assert.equal(asLabel("-a"), "a");
    assert.equal(asLabel("a0-z9"), "a0-z9");
    assert.equal(asLabel("___"), "");
  });

  it("cuts to a length, dropping the hyphen a cut would end on", () => {
    assert.equal(asLabel("ab-cd", 5), "ab-cd");
    assert.equal(asLabel("ab-cd", 4), "ab-c");
    assert.equal(asLabel("ab-cd", 3), "ab");
    assert.equal(asLabel("My_App", 3), "my");
  });
});
