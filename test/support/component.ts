import * as pulumi from "@pulumi/pulumi";
import { recordingMocks, type RegisteredInputs } from "../../tools/harness/mocks";
import { withoutStackTraces } from "./traces";

// The SDK drains its queue of pending registrations only through this runtime function, untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/**
 * Builds components directly, with the engine mocked, and returns what was registered: for layers whose
 * inputs come from other layers not yet in the stack (the lead wires them in when merging).
 */
export function registeredBy(
  build: () => void,
  region = "eu-west-1",
  stack = "dev",
): Promise<RegisteredInputs[]> {
  return withoutStackTraces(() => register(build, region, stack));
}

async function register(build: () => void, region: string, stack: string): Promise<RegisteredInputs[]> {
  const registered: RegisteredInputs[] = [];
  pulumi.runtime.setAllConfig({});
  await pulumi.runtime.setMocks(recordingMocks(region, registered), "strata", stack, false);
  const seen: pulumi.Resource[] = [];
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation(({ resource }) => {
      seen.push(resource);
      return undefined;
    });
    build();
    return {};
  });
  // A resource registers once its inputs resolve; its URN resolves once it has. Wait until none is pending.
  for (let settled = 0; settled < seen.length; ) {
    const batch = seen.slice(settled);
    settled = seen.length;
    await Promise.all(batch.map((resource) => new Promise((resolve) => resource.urn.apply(resolve))));
  }
  await settings.waitForRPCs();
  return registered;
}

export function named(registered: readonly RegisteredInputs[], name: string): RegisteredInputs {
  const found = registered.find((r) => r.name === name);
  if (!found) throw new Error(`nothing named ${name} was registered`);
  return found;
}
