import type * as Pulumi from "@pulumi/pulumi";

/** A stack's configuration as the CLI hands it to the program: the project's keys, values parsed. */
export interface ConfigSource {
  readonly project: string;
  readonly stack: string;
  /** Keys of the project's namespace without the `<project>:` prefix. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The keys the CLI marks secret (set with `--secret`, stored encrypted). */
  readonly secretKeys: ReadonlySet<string>;
}

/**
 * The CLI passes every value as a string: objects and lists as JSON, top-level scalars as their text
 * (`pulumi config set zones 3` gives "3"). JSON that parses is taken as such; anything else is a string.
 */
export function parseConfigValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The project's keys of the CLI's whole configuration (`<project>:<key>` → text), parsed, with their secrecy. */
export function configSourceOf(
  project: string,
  stack: string,
  config: Readonly<Record<string, string>>,
  isSecret: (key: string) => boolean,
): ConfigSource {
  const prefix = `${project}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [key, raw] of Object.entries(config)) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    values[name] = parseConfigValue(raw);
    if (isSecret(key)) secretKeys.add(name);
  }
  return { project, stack, values, secretKeys };
}

/** The running program's configuration, exactly as `pulumi up` or the mocked engine provides it. */
export function runtimeConfigSource(): ConfigSource {
  // The SDK is loaded here rather than at the top, so that configSourceOf's tests (and mutation testing,
  // which reloads them often) need not load it. The secret check is exported only from its runtime module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof Pulumi;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };
  return configSourceOf(pulumi.getProject(), pulumi.getStack(), pulumi.runtime.allConfig(), (key) =>
    runtimeConfig.isConfigSecret(key),
  );
}
