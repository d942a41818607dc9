import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError, describeFound, settingPath } from "../../stacks/problems";
import { problemsFromIssues } from "../../stacks/schema-problems";
import { missingLayerProblem } from "../../stacks/missing-layer";
import { section, flag, wholeNumber, matching } from "../../stacks/schema/primitives";

function issuesOf(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, "the value was expected to be refused");
  return result.success ? [] : result.error.issues;
}

describe("config problems and how they read (stacks/problems.ts, schema-problems.ts, missing-layer.ts)", () => {
  it("a ConfigError counts its problems and lists each as setting: expected, found", () => {
    const one = new ConfigError("dev", [{ setting: "aws.zones", expected: "a whole number", found: "9" }]);
    assert.equal(one.name, "ConfigError");
    assert.equal(one.stackName, "dev");
    assert.equal(
      one.message,
      'Stack "dev" has 1 problem in its configuration (Pulumi.dev.yaml):\n  - aws.zones: expected a whole number, found 9',
    );
    const two = new ConfigError("prod", [
      { setting: "a", expected: "x", found: "1" },
      { setting: "b", expected: "y", found: "2" },
    ]);
    assert.equal(
      two.message,
      'Stack "prod" has 2 problems in its configuration (Pulumi.prod.yaml):\n  - a: expected x, found 1\n  - b: expected y, found 2',
    );
    assert.match(new ConfigError("qa", []).message, /^Stack "qa" has 0 problems in/);
  });

  it("a found value is shown short: strings quoted and cut after 57 characters past 60", () => {
    assert.equal(describeFound(undefined), "nothing");
    assert.equal(describeFound(null), "null");
    assert.equal(describeFound("gcp"), '"gcp"');
    assert.equal(describeFound(""), '""');
    assert.equal(describeFound("x".repeat(60)), JSON.stringify("x".repeat(60)));
    assert.equal(describeFound("x".repeat(61)), JSON.stringify(`${"x".repeat(57)}...`));
    assert.equal(describeFound([1, 2, 3]), "a list of 3");
    assert.equal(describeFound([]), "a list of 0");
    assert.equal(describeFound({ a: 1 }), "a map");
    assert.equal(describeFound(9), "9");
    assert.equal(describeFound(false), "false");
  });

  it("a setting's path is dotted, with list positions in brackets", () => {
    assert.equal(settingPath(["aws", "zones"]), "aws.zones");
    assert.equal(settingPath(["services", 1, "name"]), "services[1].name");
    assert.equal(settingPath([0, "a"]), "[0].a");
    assert.equal(settingPath(["a"]), "a");
    assert.equal(settingPath([]), "");
  });

  it("an unknown setting gets the known ones, and the likely one when it is a typo", () => {
    const schema = section({ zones: wholeNumber(2, 6), natStrategy: flag });
    const problems = problemsFromIssues(
      issuesOf(schema, { zones: 2, natStrategy: true, zoens: 3, colour: 1 }),
      {},
      new Set(),
    );
    assert.deepEqual(problems, [
      {
        setting: "zoens",
        expected: "one of the known settings (zones, natStrategy); did you mean zones?",
        found: "an unknown setting",
      },
      {
        setting: "colour",
        expected: "one of the known settings (zones, natStrategy)",
        found: "an unknown setting",
      },
    ]);
  });

  it("an unknown setting inside a section is named with its section's path", () => {
    const schema = section({ aws: section({ zones: wholeNumber(2, 6) }) });
    assert.deepEqual(problemsFromIssues(issuesOf(schema, { aws: { zones: 2, zone: 2 } }), {}, new Set()), [
      {
        setting: "aws.zone",
        expected: "one of the known settings (zones); did you mean zones?",
        found: "an unknown setting",
      },
    ]);
  });

  it("a wrong map key is what was found, and the key's own rule what was expected", () => {
    const schema = section({
      tags: z.record(matching(/^[a-z]+$/, "a lower-case name"), z.string(), { error: "a map" }),
    });
    const input = { tags: { Good: "v" } };
    assert.deepEqual(problemsFromIssues(issuesOf(schema, input), input, new Set()), [
      { setting: "tags.Good", expected: "a lower-case name", found: '"Good"' },
    ]);
  });

  it("a wrong value shows the input at its path, hidden under a secret setting, and the stack for no path", () => {
    const schema = section({
      aws: section({ zones: wholeNumber(2, 6) }),
      secrets: z.record(z.string(), z.string({ error: "a secret string" })),
    });
    const input = { aws: { zones: 9 }, secrets: { token: 5 } };
    assert.deepEqual(problemsFromIssues(issuesOf(schema, input), input, new Set(["secrets"])), [
      { setting: "aws.zones", expected: "a whole number from 2 to 6", found: "9" },
      { setting: "secrets.token", expected: "a secret string", found: "a value (hidden: secret)" },
    ]);
    // The same value outside the secret settings is shown.
    assert.deepEqual(problemsFromIssues(issuesOf(schema, input), input, new Set(["aws"]))[1], {
      setting: "secrets.token",
      expected: "a secret string",
      found: "5",
    });
    assert.deepEqual(problemsFromIssues(issuesOf(schema, "text"), "text", new Set()), [
      { setting: "(the stack)", expected: "a map of settings", found: '"text"' },
    ]);
  });

  it("a missing value below a value that is not a map is found as nothing", () => {
    const schema = section({ aws: section({ zones: wholeNumber(2, 6) }) });
    const issues = issuesOf(schema, { aws: { zones: 9 } });
    assert.deepEqual(problemsFromIssues(issues, { aws: "flat" }, new Set()), [
      { setting: "aws.zones", expected: "a whole number from 2 to 6", found: "nothing" },
    ]);
    for (const input of [{ aws: null }, {}, { aws: 3 }]) {
      assert.deepEqual(
        problemsFromIssues(issues, input, new Set()),
        [{ setting: "aws.zones", expected: "a whole number from 2 to 6", found: "nothing" }],
        JSON.stringify(input),
      );
    }
  });

  it("a typo of a later known setting is suggested without the list's spacing", () => {
    const schema = section({ zones: wholeNumber(2, 6), natStrategy: flag });
    assert.deepEqual(
      problemsFromIssues(issuesOf(schema, { zones: 2, natStrategy: true, natStrategi: 1 }), {}, new Set()),
      [
        {
          setting: "natStrategi",
          expected: "one of the known settings (zones, natStrategy); did you mean natStrategy?",
          found: "an unknown setting",
        },
      ],
    );
  });

  it("suggests nothing where no setting is known, or the message lists none", () => {
    assert.deepEqual(problemsFromIssues(issuesOf(section({}), { x: 1 }), {}, new Set()), [
      { setting: "x", expected: "one of the known settings ()", found: "an unknown setting" },
    ]);
    const plain = issuesOf(z.strictObject({}), { x: 1 });
    assert.deepEqual(problemsFromIssues(plain, {}, new Set()), [
      { setting: "x", expected: plain[0].message, found: "an unknown setting" },
    ]);
    assert.doesNotMatch(plain[0].message, /did you mean/);
  });

  it("a wrong key without the key's own issue falls back to the record's message", () => {
    const issue = {
      code: "invalid_key",
      origin: "record",
      issues: [],
      path: ["tags", "Bad"],
      message: "Invalid key in record",
      input: "Bad",
    } as unknown as z.core.$ZodIssue;
    assert.deepEqual(problemsFromIssues([issue], {}, new Set()), [
      { setting: "tags.Bad", expected: "Invalid key in record", found: '"Bad"' },
    ]);
  });

  it("a service using a layer the stack lacks names the layer, the service and its place", () => {
    assert.deepEqual(missingLayerProblem("cache", 1, "api"), {
      setting: "cache",
      expected: "a cache section, because services[1] (api) uses the cache",
      found: "nothing",
    });
  });
});
