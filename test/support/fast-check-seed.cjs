// A fixed fast-check seed when FAST_CHECK_SEED is set, or in CI (CI=true), so that a run can be repeated
// exactly; locally each run explores new inputs, and a failure prints the seed that replays it.
const fc = require("fast-check");

/** The seed the environment asks for, or undefined for fast-check's own random one. */
function seedOf(env) {
  const seed = env.FAST_CHECK_SEED ?? (env.CI ? "20261201" : undefined);
  if (seed === undefined) return undefined;
  if (!/^-?\d+$/.test(seed))
    throw new Error(`FAST_CHECK_SEED: expected an integer, found ${JSON.stringify(seed)}`);
  return Number(seed);
}

const seed = seedOf(process.env);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

module.exports = { seedOf };
