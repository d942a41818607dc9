// The tests' transpiler: ts-node with swc, which strips types several times faster than TypeScript's own
// transpiler. Type checking stays `tsc --noEmit`'s job; the program itself, `npm start` and deployments keep
// plain ts-node (Pulumi.yaml). Set through the environment so the previews that tests spawn use it too.
const path = require("node:path");

function registerTypeScript() {
  try {
    require("@swc/core");
    process.env.TS_NODE_PROJECT ??= path.join(__dirname, "..", "..", "tsconfig.swc.json");
  } catch {
    // No swc binary for this platform: TypeScript's transpiler gives the same program, only slower.
  }
  require("ts-node/register/transpile-only");

  // The Pulumi SDK reads a stack trace for every promise it makes (debuggable.js, for its leak report) and for
  // every resource (resource.js, its source position). ts-node's source-map-support maps every frame of each:
  // seconds of a test run, for traces no test reads. Those two get V8's own unmapped format; every other trace,
  // an assertion's included, stays source-mapped. (Program runs drop traces altogether: ./traces.ts.)
  const mapped = Error.prepareStackTrace;
  if (typeof mapped === "function") {
    const SDK_BOOKKEEPING = /[\\/]@pulumi[\\/]pulumi[\\/](runtime[\\/]debuggable|resource)\.js$/;
    Error.prepareStackTrace = function prepareStackTrace(error, frames) {
      const top = frames[0]?.getFileName();
      if (top && SDK_BOOKKEEPING.test(top)) {
        return [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
      }
      return mapped(error, frames);
    };
  }
}

// Registered by the first .ts file required, not up front: mocha's parallel main process only hands files to its
// workers and loads none itself, and ts-node (which loads TypeScript, about 0.4 s) would only delay their start.
// The placeholder removes itself first: ts-node hands each file it compiles on to the loader it found there.
require.extensions[".ts"] = function registerOnFirstTypeScriptFile(module, filename) {
  delete require.extensions[".ts"];
  registerTypeScript();
  return require.extensions[".ts"](module, filename);
};
