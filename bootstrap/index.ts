import { runtimeConfigSource } from "../stacks/source";
import { loadBootstrapConfig } from "./config";
import { buildBootstrap } from "./program";

/**
 * The bootstrap program (bootstrap/Pulumi.yaml). Like the main program, its configuration is validated in
 * full before any resource is registered, and the module itself is the function Pulumi's Node.js host calls.
 */
async function main() {
  return buildBootstrap(loadBootstrapConfig(runtimeConfigSource()));
}

export = main;
