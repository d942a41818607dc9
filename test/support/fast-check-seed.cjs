// A fixed fast-check seed when FAST_CHECK_SEED is set, or in CI (CI=true), so that a run can be repeated
// exactly; locally each run explores new inputs, and a failure prints the seed that replays it.
const fc = require("fast-check");

const seed = process.env.FAST_CHECK_SEED ?? (process.env.CI ? "20261201" : undefined);
if (seed !== undefined) {
  if (!/^-?\d+$/.test(seed))
    throw new Error(`FAST_CHECK_SEED: expected an integer, found ${JSON.stringify(seed)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
}
