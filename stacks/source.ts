import * as pulumi from "@pulumi/pulumi";

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

// The SDK knows which keys are secret but exports the check only from its runtime module, untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/** The running program's configuration, exactly as `pulumi up` or the mocked engine provides it. */
export function runtimeConfigSource(): ConfigSource {
  const project = pulumi.getProject();
  const prefix = `${project}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [key, raw] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    values[name] = parseConfigValue(raw);
    if (runtimeConfig.isConfigSecret(key)) secretKeys.add(name);
  }
  return { project, stack: pulumi.getStack(), values, secretKeys };
}
