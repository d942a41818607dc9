import { loadStackConfig } from "./stacks/config";
import { runtimeConfigSource } from "./stacks/source";
import { buildPlatform } from "./components/platform";

/**
 * The Pulumi program. The stack config is read and validated once, in full, before any resource is registered.
 * The module itself is the function: Pulumi's Node.js host calls a CommonJS module's export when it is a
 * function and takes its result as the stack outputs (an ES `export default` would be taken as an output).
 */
async function main() {
  return buildPlatform(loadStackConfig(runtimeConfigSource()));
}

export = main;
