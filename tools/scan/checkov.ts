import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { PROJECT_DIR } from "../harness/stack-file";
import type { CheckResult, ScannedFile } from "./findings";
import { checkovEnv } from "./tools";

export type CheckovFramework = "terraform_plan" | "kubernetes";

interface CheckovCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
  readonly file_path: string;
}

interface CheckovReport {
  readonly check_type: string;
  readonly results: { readonly passed_checks: CheckovCheck[]; readonly failed_checks: CheckovCheck[] };
}

/** The target whose exports each framework reads. */
const TARGET_OF: Readonly<Record<string, string>> = { terraform_plan: "aws", kubernetes: "kubernetes" };

/**
 * One Checkov run over a directory of exported files (one process for all stacks and frameworks: Checkov's
 * start-up, about 3 s of imports, is paid once). Each framework reads only its own kind of file below `dir`: a
 * Terraform plan is no Kubernetes object, and the plan runner reads no YAML. `checks` limits the run to those IDs;
 * `oneProcess` runs it without Checkov's forked workers (checkovEnv).
 */
export function runCheckov(
  checkov: string,
  framework: CheckovFramework | readonly CheckovFramework[],
  dir: string,
  files: readonly ScannedFile[],
  { checks, oneProcess = false }: { readonly checks?: readonly string[]; readonly oneProcess?: boolean } = {},
): CheckResult[] {
  const names = files.map((f) => basename(f.path));
  if (new Set(names).size !== names.length)
    throw new Error(`checkov: two files share a name: ${names.join(", ")}`);
  const frameworks = typeof framework === "string" ? [framework] : framework;
  const args = [
    "--config-file",
    join(PROJECT_DIR, ".checkov.yaml"),
    "--directory",
    dir,
    "--framework",
    ...frameworks,
    "--output",
    "json",
  ];
  if (checks && checks.length > 0) args.push("--check", checks.join(","));
  const result = spawnSync(checkov, args, {
    env: checkovEnv(oneProcess),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  // Checkov exits 1 when a check fails; anything else, or no JSON, is the tool failing.
  if (result.error || (result.status !== 0 && result.status !== 1)) {
    throw new Error(`checkov failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`);
  }
  // Offline, Checkov must not even try its vendor's API: a traceback there means a setting is missing.
  if (/Traceback/.test(result.stderr)) throw new Error(`checkov printed a traceback:\n${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as CheckovReport | CheckovReport[] | { failed: number };
  const reports = Array.isArray(parsed) ? parsed : "results" in parsed ? [parsed] : [];
  const byName = new Map(files.map((f) => [basename(f.path), f]));
  const results: CheckResult[] = [];
  for (const report of reports) {
    for (const [list, passed] of [
      [report.results.passed_checks, true],
      [report.results.failed_checks, false],
    ] as const) {
      for (const check of list) {
        const file = byName.get(basename(check.file_path));
        if (!file) throw new Error(`checkov reported a file it was not given: ${check.file_path}`);
        if (TARGET_OF[report.check_type] !== file.target) {
          throw new Error(
            `checkov's ${report.check_type} runner read ${check.file_path}, a ${file.target} file`,
          );
        }
        results.push({
          tool: "checkov",
          stack: file.stack,
          target: file.target,
          check: check.check_id,
          resource: check.resource,
          passed,
          title: check.check_name,
        });
      }
    }
  }
  return results;
}
