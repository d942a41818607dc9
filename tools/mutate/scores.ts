import { markdownTable } from "../bench/markdown";

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

export interface FolderGoal {
  /** The README's name for the folder. */
  readonly folder: string;
  /** Minimum mutation score, in percent. */
  readonly minimum: number;
  /** Whether a mutated file (relative to the project) belongs to this folder. */
  readonly holds: (file: string) => boolean;
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** The folders `npm run mutate` reports, with the goals of issue 15. */
export const FOLDER_GOALS: readonly FolderGoal[] = [
  { folder: "stacks/", minimum: 90, holds: (file) => file.startsWith("stacks/") },
  { folder: "policy/", minimum: 90, holds: (file) => file.startsWith("policy/") },
  {
    folder: "components/ (pure logic)",
    minimum: 95,
    holds: (file) => file.startsWith("components/") || file.startsWith("tools/cost/"),
  },
];

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

/** One score per folder goal that holds at least one file of the report. */
export function folderScores(
  report: MutationReport,
  projectDir = "",
  goals: readonly FolderGoal[] = FOLDER_GOALS,
): FolderScore[] {
  const files = Object.entries(report.files).map(([file, result]) => ({
    file: normalise(file, projectDir),
    mutants: result.mutants,
  }));
  const scores: FolderScore[] = [];
  for (const goal of goals) {
    const own = files.filter(({ file }) => goal.holds(file));
    if (own.length === 0) continue;
    const statuses = own.flatMap(({ mutants }) => mutants.map((mutant) => mutant.status));
    const detected = statuses.filter((status) => DETECTED.has(status)).length;
    const undetected = statuses.filter((status) => UNDETECTED.has(status)).length;
    const counted = detected + undetected;
    const score = counted === 0 ? undefined : (100 * detected) / counted;
    scores.push({
      folder: goal.folder,
      minimum: goal.minimum,
      files: own.length,
      detected,
      undetected,
      score,
      met: score === undefined || score >= goal.minimum,
    });
  }
  return scores;
}

/** Files of the report that no folder goal holds: a mutate pattern the goals do not cover. */
export function filesWithoutGoal(
  report: MutationReport,
  projectDir = "",
  goals: readonly FolderGoal[] = FOLDER_GOALS,
): string[] {
  return Object.keys(report.files)
    .map((file) => normalise(file, projectDir))
    .filter((file) => !goals.some((goal) => goal.holds(file)));
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
