import { loadStackConfig } from "./stacks/config";
import { runtimeConfigSource } from "./stacks/source";
import { buildPlatform } from "./components/platform";

/**
 * The Pulumi program. The engine calls the default export and takes its result as the stack's outputs.
 * The stack config is read and validated once, in full, before any resource is registered.
 */
export default async function main() {
  return buildPlatform(loadStackConfig(runtimeConfigSource()));
}
