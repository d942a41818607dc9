import assert from "node:assert/strict";
import { validateStack, validationErrorOf } from "../support/stack-run";

describe("stack validation alone (test/support/stack-run.ts)", () => {
  it("accepts the shipped stacks on both targets and fills in the preset", () => {
    for (const stack of ["dev", "prod"]) {
      for (const target of ["aws", "kubernetes"] as const) {
        const { error, settings } = validateStack(stack, { target });
        assert.equal(error, undefined, `${stack}/${target}: ${error?.message}`);
        assert.equal(settings?.preset, stack);
        assert.equal(settings?.target, target);
      }
    }
  });

  it("reports a bad value with the setting, the expectation and what was found", () => {
    const error = validationErrorOf("dev", { override: { aws: { zones: 9 } } });
    assert.deepEqual(error.problems, [
      { setting: "aws.zones", expected: "a whole number from 2 to 6", found: "9" },
    ]);
  });

  it("fails the helper when the configuration is valid", () => {
    assert.throws(() => validationErrorOf("dev"), /expected to fail validation but passed/);
  });
});
