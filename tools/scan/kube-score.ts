import { spawnSync } from "node:child_process";
import type { CheckResult, ScannedFile } from "./findings";

interface KubeScoreObject {
  readonly object_name: string;
  readonly type_meta: { readonly kind: string };
  readonly object_meta: { readonly name?: string; readonly namespace?: string };
  readonly checks: {
    readonly check: { readonly id: string; readonly name: string };
    readonly grade: number;
    readonly skipped: boolean;
  }[];
}

/** kube-score's grades: 10 is all right, 5 a warning, 1 critical. A warning is a finding too. */
const GRADE_OK = 10;

/** The object as the accepted-findings file names it: `Kind/namespace/name`. */
export function kubeScoreResource(object: KubeScoreObject): string {
  return `${object.type_meta.kind}/${object.object_meta.namespace ?? "default"}/${object.object_meta.name ?? ""}`;
}

/** kube-score on each file (it starts in milliseconds); `checks` limits the results to those check IDs. */
export function runKubeScore(
  kubeScore: string,
  files: readonly ScannedFile[],
  checks?: readonly string[],
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const file of files) {
    const result = spawnSync(kubeScore, ["score", "--output-format", "json", file.path], {
      encoding: "utf8",
    });
    // kube-score exits 1 when a critical check fails.
    if (result.error || (result.status !== 0 && result.status !== 1)) {
      throw new Error(
        `kube-score failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`,
      );
    }
    for (const object of JSON.parse(result.stdout) as KubeScoreObject[]) {
      for (const entry of object.checks) {
        if (entry.skipped || (checks && !checks.includes(entry.check.id))) continue;
        results.push({
          tool: "kube-score",
          stack: file.stack,
          target: file.target,
          check: entry.check.id,
          resource: kubeScoreResource(object),
          passed: entry.grade >= GRADE_OK,
          title: entry.check.name,
        });
      }
    }
  }
  return results;
}
