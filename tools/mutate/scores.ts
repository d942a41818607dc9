import { markdownTable } from "../bench/markdown";
import { MUTATION_GROUPS, type MutationGroup } from "./groups";
import { selectMutated } from "./select";

/**
 * Mutation scores per folder from Stryker's JSON report (the mutation-testing-report-schema), and the goals
 * each folder must meet. A mutant counts as detected when a test failed (Killed) or hung (Timeout); Survived
 * and NoCoverage count against the score; Ignored, CompileError and RuntimeError are left out, as Stryker's
 * own "mutation score" leaves them out.
 */

export interface ReportMutant {
  readonly status: string;
}

export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

export interface FolderScore {
  readonly folder: string;
  readonly minimum: number;
  readonly files: number;
  readonly detected: number;
  readonly undetected: number;
  /** Percent of the mutants counted that tests detected; undefined when no mutant counted. */
  readonly score?: number;
  readonly met: boolean;
}

function normalise(file: string, projectDir: string): string {
  const relative = file.startsWith(projectDir) ? file.slice(projectDir.length) : file;
  return relative.replace(/\\/g, "/").replace(/^\/+/, "");
}

function holds(group: MutationGroup, file: string): boolean {
  return selectMutated([file], group.mutate).length > 0;
}

/** One score per group that holds at least one file of the report. */
export function folderScores(
  report: MutationReport,
  projectDir = "",
  groups: readonly MutationGroup[] = MUTATION_GROUPS,
): FolderScore[] {
  const files = Object.entries(report.files).map(([file, result]) => ({
    file: normalise(file, projectDir),
    mutants: result.mutants,
  }));
  const scores: FolderScore[] = [];
  for (const group of groups) {
    const own = files.filter(({ file }) => holds(group, file));
    if (own.length === 0) continue;
    const statuses = own.flatMap(({ mutants }) => mutants.map((mutant) => mutant.status));
    const detected = statuses.filter((status) => DETECTED.has(status)).length;
    const undetected = statuses.filter((status) => UNDETECTED.has(status)).length;
    const counted = detected + undetected;
    const score = counted === 0 ? undefined : (100 * detected) / counted;
    scores.push({
      folder: group.folder,
      minimum: group.minimum,
      files: own.length,
      detected,
      undetected,
      score,
      met: score === undefined || score >= group.minimum,
    });
  }
  return scores;
}

/** Files of the report that no group holds. */
export function filesWithoutGoal(
  report: MutationReport,
  projectDir = "",
  groups: readonly MutationGroup[] = MUTATION_GROUPS,
): string[] {
  return Object.keys(report.files)
    .map((file) => normalise(file, projectDir))
    .filter((file) => !groups.some((group) => holds(group, file)));
}

function percent(score: number | undefined): string {
  return score === undefined ? "n/a" : `${(Math.floor(score * 100) / 100).toFixed(2)}%`;
}

/** The README's quality table: folder, score, goal, mutants detected of counted, files. */
export function renderScores(scores: readonly FolderScore[]): string {
  return markdownTable(
    ["folder", "mutation score", "goal", "detected / counted", "files"],
    scores.map((s) => [
      s.folder,
      percent(s.score),
      `≥ ${s.minimum}%`,
      `${s.detected} / ${s.detected + s.undetected}`,
      s.files,
    ]),
  );
}
