import { stackSchema, type StackSettings } from "./schema";
import { PRESET_NAMES, SECRET_KEYS, type PresetName } from "./schema/platform";
import { PRESETS } from "./presets";
import { deepMerge } from "./merge";
import { crossCheckProblems } from "./cross-checks";
import { problemsFromIssues } from "./schema-problems";
import { ConfigError, describeFound, type ConfigProblem } from "./problems";
import type { ConfigSource } from "./source";
import { asLabel } from "./label";

// No Pulumi SDK here: validation is plain data in, settings or one ConfigError out, so that its tests (and
// mutation testing, which reloads it for each of its mutants) need not load the SDK.

function isPreset(name: unknown): name is PresetName {
  return (PRESET_NAMES as readonly unknown[]).includes(name);
}

/** The preset a stack starts from: its `preset` setting, else the preset named like the stack. */
function choosePreset(source: ConfigSource): { preset?: PresetName; problem?: ConfigProblem } {
  const named = source.values.preset ?? source.stack;
  if (isPreset(named)) return { preset: named };
  return {
    problem: {
      setting: "preset",
      expected: `one of ${PRESET_NAMES.join(", ")} (a stack not named after a preset must name one)`,
      found: describeFound(source.values.preset),
    },
  };
}

const SECRET_HOW_TO: Record<(typeof SECRET_KEYS)[number], string> = {
  secrets: "pulumi config set --secret --path secrets.<name> <value>",
  kubeconfig: "pulumi config set --secret kubeconfig < kubeconfig.yaml",
};

/**
 * Defaults that depend on the stack itself rather than on its preset. The namespace is a DNS label made from the
 * project and stack names, which Pulumi lets hold '_' and '.': a project named my_app gets my-app-dev.
 */
function stackDefaults(source: ConfigSource) {
  return { kubernetes: { namespace: asLabel(`${source.project}-${source.stack}`, 63) } };
}

function plainTextSecretProblems(source: ConfigSource): ConfigProblem[] {
  return SECRET_KEYS.filter((key) => source.values[key] !== undefined && !source.secretKeys.has(key)).map(
    (key) => ({
      setting: key,
      expected: `a secret, set with: ${SECRET_HOW_TO[key]}`,
      found: "plain text",
    }),
  );
}

/** Merges a stack's values over its preset and validates them; throws one ConfigError listing every problem. */
export function validateSettings(source: ConfigSource): StackSettings {
  const { preset, problem: presetProblem } = choosePreset(source);
  const defaults = deepMerge(stackDefaults(source), preset ? PRESETS[preset] : {});
  const merged = deepMerge(defaults, { ...source.values, preset }) as Record<string, unknown>;
  const parsed = stackSchema.safeParse(merged);
  const secretSettings = new Set<string>(SECRET_KEYS);
  let problems = [
    ...(presetProblem ? [presetProblem] : []),
    ...(parsed.success ? [] : problemsFromIssues(parsed.error.issues, merged, secretSettings)),
    ...crossCheckProblems(merged),
    ...plainTextSecretProblems(source),
  ];
  // Without a preset every defaulted setting is missing; those follow from the preset problem alone.
  if (presetProblem) problems = problems.filter((p) => p === presetProblem || p.found !== "nothing");
  const unique = problems.filter(
    (p, i) => problems.findIndex((q) => q.setting === p.setting && q.expected === p.expected) === i,
  );
  if (unique.length > 0 || !parsed.success) throw new ConfigError(source.stack, unique);

  return parsed.data;
}
