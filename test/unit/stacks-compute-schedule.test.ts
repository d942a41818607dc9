import assert from "node:assert/strict";
import { computeProblems } from "../../stacks/compute-checks";
import type { ConfigProblem } from "../../stacks/problems";

// The schedule's order check (stacks/compute-checks.ts): stop later than start on the same day, checked only
// once both times are well formed (the schema reports malformed ones), each problem in full.

const withSchedule = (schedule: unknown): readonly ConfigProblem[] =>
  computeProblems({ compute: { aws: { schedule } }, services: [] }).filter((p) =>
    p.setting.startsWith("compute.aws.schedule"),
  );
const hours = (start: unknown, stop: unknown) =>
  withSchedule({ days: ["MON"], start, stop, timezone: "UTC" });
const tooEarly = (start: string, stop: string) => [
  {
    setting: "compute.aws.schedule.stop",
    expected: `a time later on the same day than start (${start})`,
    found: stop,
  },
];

describe("compute checks: the working-hours schedule", () => {
  it("accepts a stop one minute after the start, and refuses one at or before it", () => {
    assert.deepEqual(hours("08:00", "08:01"), []);
    assert.deepEqual(hours("08:00", "18:00"), []);
    assert.deepEqual(hours("08:00", "08:00"), tooEarly("08:00", "08:00"));
    assert.deepEqual(hours("08:00", "07:59"), tooEarly("08:00", "07:59"));
    assert.deepEqual(hours("18:30", "09:15"), tooEarly("18:30", "09:15"));
    assert.deepEqual(hours("23:59", "00:00"), tooEarly("23:59", "00:00"));
  });

  it("leaves a malformed start or stop to the schema, each alone", () => {
    // Each would be out of order if read as minutes, so only the format check keeps it silent.
    for (const start of ["24:00", "25:00", "108:00", "18:000", "18:60", "1a:00", "18:0a"]) {
      assert.deepEqual(hours(start, "08:00"), [], `start ${start}`);
    }
    for (const stop of ["08:000", "08:60", "8:00", "x08:00", "08:0a"]) {
      assert.deepEqual(hours("18:00", stop), [], `stop ${stop}`);
    }
  });

  it("leaves times that are not strings to the schema, even ones that print as a time", () => {
    assert.deepEqual(hours(["18:00"], "08:00"), []);
    assert.deepEqual(hours("18:00", ["08:00"]), []);
    assert.deepEqual(hours(1800, "08:00"), []);
  });

  it("has nothing to check without a schedule or an aws section", () => {
    assert.deepEqual(withSchedule(undefined), []);
    assert.deepEqual(withSchedule("08:00-18:00"), []);
    assert.deepEqual(computeProblems({ compute: "none", services: [] }), []);
  });
});
