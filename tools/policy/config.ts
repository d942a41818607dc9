import type { EnforcementLevel, Policies } from "@pulumi/policy";

/**
 * The pack's configuration, in the format of `pulumi preview --policy-pack-config <file>`: per rule ID an
 * enforcement level, or an object of settings with an optional `enforcementLevel`; `all` sets every level.
 */
export type PackConfig = Record<string, unknown>;

export interface PolicySettings {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

export class PackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`policy pack configuration is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "PackConfigError";
  }
}

interface JsonSchema {
  readonly type?: string;
  readonly items?: JsonSchema;
  readonly default?: unknown;
}

function typeProblem(value: unknown, schema: JsonSchema): string | undefined {
  const actual = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
  const matches =
    schema.type === undefined ||
    actual === schema.type ||
    (schema.type === "number" && actual === "integer") ||
    (schema.type === "object" && actual === "object" && value !== null);
  if (!matches) return `expected ${schema.type}, found ${JSON.stringify(value)}`;
  if (schema.type === "array" && schema.items) {
    for (const item of value as unknown[]) {
      const problem = typeProblem(item, schema.items);
      if (problem) return `an item: ${problem}`;
    }
  }
  return undefined;
}

function levelOf(key: string, value: unknown, problems: string[]): EnforcementLevel | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value)) {
    return value as EnforcementLevel;
  }
  problems.push(`${key}: expected one of ${ENFORCEMENT_LEVELS.join(", ")}, found ${JSON.stringify(value)}`);
  return undefined;
}

/**
 * What the CLI does before serving the pack (ReconcilePolicyPackConfig): the schema's defaults, then `all`, then
 * each rule's own settings, validated against the rule's schema. Every problem is reported at once.
 */
export function reconcilePackConfig(
  policies: Policies,
  packLevel: EnforcementLevel,
  given: PackConfig = {},
  otherRules: readonly string[] = [],
): Map<string, PolicySettings> {
  const problems: string[] = [];
  const known = new Set([...policies.map((p) => p.name), ...otherRules]);
  for (const key of Object.keys(given)) {
    if (key !== "all" && !known.has(key))
      problems.push(`${key}: expected a rule ID of the pack, found an unknown rule`);
  }
  const all = levelOf("all", given.all, problems);
  const result = new Map<string, PolicySettings>();
  for (const policy of policies) {
    const schema = (policy.configSchema?.properties ?? {}) as Record<string, JsonSchema>;
    const properties: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema)) {
      if (property.default !== undefined) properties[key] = property.default;
    }
    let level = all ?? policy.enforcementLevel ?? packLevel;
    const own = given[policy.name];
    if (typeof own === "string") {
      level = levelOf(policy.name, own, problems) ?? level;
    } else if (own !== undefined && typeof own === "object" && own !== null) {
      const { enforcementLevel, ...settings } = own as Record<string, unknown>;
      level = levelOf(`${policy.name}.enforcementLevel`, enforcementLevel, problems) ?? level;
      for (const [key, value] of Object.entries(settings)) {
        const property = schema[key];
        const problem = property ? typeProblem(value, property) : "expected no such setting";
        if (problem) problems.push(`${policy.name}.${key}: ${problem}`);
        properties[key] = value;
      }
    } else if (own !== undefined) {
      problems.push(
        `${policy.name}: expected an enforcement level or an object of settings, found ${JSON.stringify(own)}`,
      );
    }
    result.set(policy.name, { enforcementLevel: level, properties });
  }
  if (problems.length) throw new PackConfigError(problems);
  return result;
}
