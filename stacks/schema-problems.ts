import type { z } from "zod";
import { describeFound, settingPath, type ConfigProblem } from "./problems";
import { closest } from "./spelling";

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Zod's issues as problems: the schema's phrase is what was expected, the input at the path what was found. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  secretSettings: ReadonlySet<string>,
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(issue.message);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return {
          setting: settingPath([...issue.path, key]),
          expected: issue.message + (suggestion ? `; did you mean ${suggestion}?` : ""),
          found: "an unknown setting",
        };
      });
    }
    if (issue.code === "invalid_key") {
      // The key itself is wrong: what was found is the key, what was expected is the key's own rule.
      const key = issue.path[issue.path.length - 1];
      return [
        {
          setting: settingPath(issue.path),
          expected: issue.issues[0]?.message ?? issue.message,
          found: describeFound(String(key)),
        },
      ];
    }
    const setting = settingPath(issue.path);
    const found = secretSettings.has(String(issue.path[0]))
      ? "a value (hidden: secret)"
      : describeFound(valueAt(input, issue.path));
    return [{ setting: setting || "(the stack)", expected: issue.message, found }];
  });
}

/** The known settings are listed in the section's message: "one of the known settings (a, b, c)". */
function knownKeys(message: string): string[] {
  const list = /\(([^)]*)\)/.exec(message)?.[1];
  // No list, or an empty one (a section without settings): nothing to suggest.
  if (!list) return [];
  return list.split(",").map((key) => key.trim());
}
