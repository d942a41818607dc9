/** One thing wrong with a stack's configuration, in the words a user needs to fix it. */
export interface ConfigProblem {
  /** The setting as written with `pulumi config set --path`, e.g. `aws.zones`. */
  readonly setting: string;
  readonly expected: string;
  readonly found: string;
}

/** Every problem of a stack at once, thrown before any resource is registered. */
export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.setting}: expected ${p.expected}, found ${p.found}`);
    super(
      `Stack "${stackName}" has ${count} in its configuration (Pulumi.${stackName}.yaml):\n${lines.join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** How a found value is shown: short, and never a secret (callers redact secret settings first). */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a map";
  return String(value);
}

export function settingPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}
