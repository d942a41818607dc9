import type * as Pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./schema";
import type { ConfigSource } from "./source";
import { validateSettings } from "./validate";

/** Every setting of a stack, validated, with the preset's defaults filled in and secrets as secret outputs. */
export interface StackConfig extends Omit<StackSettings, "secrets" | "kubeconfig"> {
  readonly project: string;
  readonly stack: string;
  readonly secrets: Readonly<Record<string, Pulumi.Output<string>>>;
  readonly kubeconfig?: Pulumi.Output<string>;
}

/** Validated settings as the program's config: secrets wrapped by `secret` (pulumi.secret), from birth. */
export function stackConfigOf(
  settings: StackSettings,
  source: ConfigSource,
  secret: (value: string) => Pulumi.Output<string>,
): StackConfig {
  const { secrets, kubeconfig, ...rest } = settings;
  return {
    ...rest,
    project: source.project,
    stack: source.stack,
    secrets: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, secret(value)])),
    kubeconfig: kubeconfig === undefined ? undefined : secret(kubeconfig),
  };
}

/** Reads, merges and validates a stack's configuration; throws one ConfigError listing every problem. */
export function loadStackConfig(source: ConfigSource): StackConfig {
  // The SDK is loaded here rather than at the top, so that stackConfigOf's tests need not load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof Pulumi;
  return stackConfigOf(validateSettings(source), source, (value) => pulumi.secret(value));
}
