import { execFileSync } from "node:child_process";
import { minimatch } from "minimatch";

/**
 * Which files a `--since` run mutates: the changed files that the config's `mutate` patterns select
 * (patterns starting with `!` take a file out again, as in Stryker's own config).
 */
export function selectMutated(changed: readonly string[], patterns: readonly string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith("!"));
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
  return [...new Set(changed)]
    .filter((file) => include.some((p) => minimatch(file, p)) && !exclude.some((p) => minimatch(file, p)))
    .sort();
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Files changed between `ref` and the work tree (committed or not), relative to the repository. */
export function changedSince(ref: string, cwd: string): string[] {
  const base = git(["merge-base", ref, "HEAD"], cwd);
  const lines = git(["diff", "--name-only", "--diff-filter=d", base], cwd);
  return lines === "" ? [] : lines.split("\n");
}

/** The newest release tag reachable from HEAD (`v*`), or undefined when the repository has none. */
export function lastReleaseTag(cwd: string): string | undefined {
  try {
    return git(["describe", "--tags", "--abbrev=0", "--match", "v*"], cwd) || undefined;
  } catch {
    return undefined;
  }
}
