import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const HOOK = join(__dirname, "support", "fast-check-seed.cjs");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedOf } = require(HOOK) as { seedOf(env: Record<string, string | undefined>): number | undefined };

/** The global seed fast-check has after the hook ran in a fresh process with `env`. */
function seedUnder(env: Record<string, string | undefined>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "CI" && k !== "FAST_CHECK_SEED"),
  );
  const script = `require(${JSON.stringify(HOOK)}); console.log(JSON.stringify(require("fast-check").readConfigureGlobal().seed ?? null))`;
  const run = spawnSync(process.execPath, ["-e", script], { env: { ...clean, ...env }, encoding: "utf8" });
  return {
    status: run.status,
    seed: run.status === 0 ? (JSON.parse(run.stdout) as number | null) : undefined,
    stderr: run.stderr,
  };
}

describe("fast-check's seed (test/support/fast-check-seed.cjs)", () => {
  it("is FAST_CHECK_SEED when set, the fixed one in CI, and fast-check's own random one otherwise", () => {
    assert.equal(seedOf({ FAST_CHECK_SEED: "-42" }), -42);
    assert.equal(seedOf({ CI: "true" }), 20261201);
    assert.equal(seedOf({ CI: "true", FAST_CHECK_SEED: "7" }), 7);
    assert.equal(seedOf({}), undefined);
  });

  it("is what the hook gives fast-check when it loads: the fixed one in CI, none otherwise", () => {
    assert.equal(seedUnder({ CI: "true" }).seed, 20261201);
    assert.equal(seedUnder({}).seed, null);
  });

  it("refuses a seed that is not an integer, naming the setting and what it found, and stops the run", () => {
    assert.throws(
      () => seedOf({ FAST_CHECK_SEED: "12abc" }),
      /FAST_CHECK_SEED: expected an integer, found "12abc"/,
    );
    const run = seedUnder({ FAST_CHECK_SEED: "12abc" });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /FAST_CHECK_SEED: expected an integer, found "12abc"/);
  });
});
