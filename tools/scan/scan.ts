import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "../harness/graph";
import { manifestsYaml } from "../export/manifests";
import { terraformPlan } from "../export/terraform-plan";
import { matches, readAccepted, type Accepted } from "./accepted";
import { runCheckov, type CheckovFramework } from "./checkov";
import type { CheckResult, ScannedFile } from "./findings";
import { runKubeScore } from "./kube-score";

/** One stack's graphs on both targets, and the region its AWS provider uses. */
export interface StackGraphs {
  readonly stack: string;
  readonly region: string;
  readonly aws?: Graph;
  readonly kubernetes?: Graph;
}

export interface ScanTools {
  readonly checkov: string;
  readonly kubeScore: string;
  /** Checkov without its forked workers (see checkovEnv). */
  readonly checkovInOneProcess?: boolean;
}

export interface Row {
  readonly tool: string;
  readonly stack: string;
  readonly target: string;
  passed: number;
  failed: number;
  accepted: number;
}

export interface ScanReport {
  readonly rows: Row[];
  /** Failed checks no accepted-findings entry covers: each one fails the scan. */
  readonly failures: CheckResult[];
  /** Entries that matched no failed check: the finding is gone, so is the entry. */
  readonly stale: { readonly tool: string; readonly entry: Accepted }[];
}

/** Writes the exports the scanners read: `<dir>/terraform/<stack>.json` and `<dir>/kubernetes/<stack>.yaml`. */
export function writeScanFiles(
  dir: string,
  stacks: readonly StackGraphs[],
): { plans: ScannedFile[]; manifests: ScannedFile[] } {
  const plans: ScannedFile[] = [];
  const manifests: ScannedFile[] = [];
  mkdirSync(join(dir, "terraform"), { recursive: true });
  mkdirSync(join(dir, "kubernetes"), { recursive: true });
  for (const { stack, region, aws, kubernetes } of stacks) {
    if (aws) {
      const path = join(dir, "terraform", `${stack}.json`);
      writeFileSync(path, JSON.stringify(terraformPlan(aws, region)));
      plans.push({ path, stack, target: "aws" });
    }
    if (kubernetes) {
      const path = join(dir, "kubernetes", `${stack}.yaml`);
      writeFileSync(path, manifestsYaml(kubernetes));
      manifests.push({ path, stack, target: "kubernetes" });
    }
  }
  return { plans, manifests };
}

/**
 * Runs every scanner once over the stacks' exports: one Checkov process over `dir` for both frameworks (each
 * reads its own subdirectory's files), then kube-score.
 */
export function runScanners(dir: string, stacks: readonly StackGraphs[], tools: ScanTools): CheckResult[] {
  const { plans, manifests } = writeScanFiles(dir, stacks);
  const frameworks: CheckovFramework[] = [
    ...(plans.length > 0 ? (["terraform_plan"] as const) : []),
    ...(manifests.length > 0 ? (["kubernetes"] as const) : []),
  ];
  return [
    ...(frameworks.length > 0
      ? runCheckov(tools.checkov, frameworks, dir, [...plans, ...manifests], {
          oneProcess: tools.checkovInOneProcess,
        })
      : []),
    ...(manifests.length > 0 ? runKubeScore(tools.kubeScore, manifests) : []),
  ];
}

/** Counts the results per tool, stack and target, and sorts each failure into accepted or not. */
export function judge(
  results: readonly CheckResult[],
  accepted: Readonly<Record<string, Accepted[]>>,
): ScanReport {
  const rows = new Map<string, Row>();
  const failures: CheckResult[] = [];
  const used = new Set<Accepted>();
  for (const result of results) {
    const key = `${result.tool}|${result.stack}|${result.target}`;
    const row = rows.get(key) ?? {
      tool: result.tool,
      stack: result.stack,
      target: result.target,
      passed: 0,
      failed: 0,
      accepted: 0,
    };
    rows.set(key, row);
    if (result.passed) {
      row.passed++;
      continue;
    }
    const entry = (accepted[result.tool] ?? []).find((e) => matches(e, result));
    if (entry) {
      used.add(entry);
      row.accepted++;
    } else {
      row.failed++;
      failures.push(result);
    }
  }
  const scanned = new Set([...rows.values()].map((r) => `${r.tool}|${r.stack}|${r.target}`));
  const stale = Object.entries(accepted).flatMap(([tool, entries]) =>
    entries
      .filter(
        (entry) => !used.has(entry) && entry.stacks.some((s) => scanned.has(`${tool}|${s}|${entry.target}`)),
      )
      .map((entry) => ({ tool, entry })),
  );
  return { rows: [...rows.values()], failures, stale };
}

export function readAllAccepted(dir?: string): Record<string, Accepted[]> {
  return { checkov: readAccepted("checkov", dir), "kube-score": readAccepted("kube-score", dir) };
}

/** The short table: tool, stack, target, passed, failed, accepted. */
export function renderTable(rows: readonly Row[]): string {
  const header = ["tool", "stack", "target", "passed", "failed", "accepted"];
  const body = rows.map((r) => [
    r.tool,
    r.stack,
    r.target,
    String(r.passed),
    String(r.failed),
    String(r.accepted),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}
