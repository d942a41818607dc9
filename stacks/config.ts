import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "./schema";
import type { ConfigSource } from "./source";
import { validateSettings } from "./validate";

/** Every setting of a stack, validated, with the preset's defaults filled in and secrets as secret outputs. */
export interface StackConfig extends Omit<StackSettings, "secrets" | "kubeconfig"> {
  readonly project: string;
  readonly stack: string;
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  readonly kubeconfig?: pulumi.Output<string>;
}

/** Reads, merges and validates a stack's configuration; throws one ConfigError listing every problem. */
export function loadStackConfig(source: ConfigSource): StackConfig {
  const { secrets, kubeconfig, ...settings } = validateSettings(source);
  return {
    ...settings,
    project: source.project,
    stack: source.stack,
    secrets: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, pulumi.secret(value)])),
    kubeconfig: kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig),
  };
}
