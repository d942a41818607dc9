// The tests' transpiler: ts-node with swc, which strips types several times faster than TypeScript's own
// transpiler. Type checking stays `tsc --noEmit`'s job; the program itself, `npm start` and deployments keep
// plain ts-node (Pulumi.yaml). Set through the environment so the previews that tests spawn use it too.
const path = require("node:path");

try {
  require("@swc/core");
  process.env.TS_NODE_PROJECT ??= path.join(__dirname, "..", "..", "tsconfig.swc.json");
} catch {
  // No swc binary for this platform: TypeScript's transpiler gives the same program, only slower.
}
require("ts-node/register/transpile-only");
