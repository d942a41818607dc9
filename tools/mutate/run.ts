import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_DIR } from "../harness/stack-file";
import { MUTATION_GROUPS, type MutationGroup } from "./groups";
import {
  filesWithoutGoal,
  folderScores,
  renderScores,
  type FolderScore,
  type MutationReport,
} from "./scores";
import { changedSince, lastReleaseTag, selectMutated } from "./select";

const USAGE = `usage: npm run mutate -- [--since REF | --since-release | --files A,B] [--group ID] [--concurrency N]

Mutation testing with StrykerJS: mutates the config validation (stacks/), the policy rules (policy/) and the
pure logic (naming, CIDR plan, cost arithmetic), one Stryker run per group (tools/mutate/groups.ts) with the
group's own tests, and prints the score per group. Exits 1 when a group is under its goal.
--since REF       only the files changed since REF (committed or not); nothing when none changed
--since-release   the same, since the newest release tag (v*); nothing when there is no tag
--files A,B       only these files (each must belong to a group)
--group ID        only this group: ${MUTATION_GROUPS.map((g) => g.id).join(", ")}
The fast-check seed is fixed (FAST_CHECK_SEED, default 20261201), so a run can be repeated.
Reports: reports/mutation/<group>.json and .html.`;

const REPORTS = join(PROJECT_DIR, "reports", "mutation");
const DEFAULT_SEED = "20261201";

interface Plan {
  readonly group: MutationGroup;
  /** The files to mutate; undefined for all of the group's. */
  readonly files?: readonly string[];
}

function filesToMutate(values: {
  since?: string;
  "since-release"?: boolean;
  files?: string;
}): string[] | undefined {
  if (values.files !== undefined) return values.files.split(",").filter(Boolean);
  let ref = values.since;
  if (values["since-release"]) {
    ref = lastReleaseTag(PROJECT_DIR);
    if (ref === undefined) {
      console.log("No release tag (v*) yet: nothing to mutate.");
      return [];
    }
  }
  if (ref === undefined) return undefined;
  const changed = changedSince(ref, PROJECT_DIR);
  const files = MUTATION_GROUPS.flatMap((group) => selectMutated(changed, group.mutate));
  console.log(
    files.length === 0
      ? `No file that mutation testing covers changed since ${ref}: nothing to mutate.`
      : `Mutating ${files.length} file(s) changed since ${ref}: ${files.join(", ")}`,
  );
  return files;
}

function plan(files: readonly string[] | undefined, groupId: string | undefined): Plan[] {
  const groups = MUTATION_GROUPS.filter((group) => groupId === undefined || group.id === groupId);
  if (groups.length === 0)
    throw new Error(
      `--group: expected one of ${MUTATION_GROUPS.map((g) => g.id).join(", ")}, found ${groupId}`,
    );
  if (files === undefined) return groups.map((group) => ({ group }));
  const lost = files.filter(
    (file) => !MUTATION_GROUPS.some((group) => selectMutated([file], group.mutate).length),
  );
  if (lost.length > 0)
    throw new Error(`--files: expected files that a group mutates, found ${lost.join(", ")}`);
  return groups
    .map((group) => ({ group, files: selectMutated(files, group.mutate) }))
    .filter((p) => p.files.length > 0);
}

/** The Stryker config of one group's run: the shared settings with the group's files, tests and reports. */
function writeConfig(p: Plan, concurrency: string | undefined): string {
  const base = JSON.parse(readFileSync(join(PROJECT_DIR, "stryker.config.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const config = {
    ...base,
    mutate: p.files ?? p.group.mutate,
    mochaOptions: { ...(base.mochaOptions as object), spec: p.group.spec },
    jsonReporter: { fileName: `reports/mutation/${p.group.id}.json` },
    htmlReporter: { fileName: `reports/mutation/${p.group.id}.html` },
    ...(concurrency ? { concurrency: Number(concurrency) } : {}),
  };
  const file = join(REPORTS, `${p.group.id}.config.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function runGroup(p: Plan, concurrency: string | undefined): FolderScore[] {
  const stryker = join(PROJECT_DIR, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  console.log(`\n== ${p.group.folder}: ${p.files ? p.files.join(", ") : p.group.mutate.join(" ")}`);
  const run = spawnSync(process.execPath, [stryker, "run", writeConfig(p, concurrency)], {
    cwd: PROJECT_DIR,
    stdio: "inherit",
    env: { ...process.env, FAST_CHECK_SEED: process.env.FAST_CHECK_SEED ?? DEFAULT_SEED },
  });
  if (run.status !== 0)
    throw new Error(`Stryker failed on ${p.group.folder} (exit ${run.status ?? run.signal})`);
  const report = JSON.parse(readFileSync(join(REPORTS, `${p.group.id}.json`), "utf8")) as MutationReport;
  for (const file of filesWithoutGoal(report, PROJECT_DIR, [p.group])) {
    throw new Error(`${file} was mutated in ${p.group.folder} but the group does not hold it`);
  }
  return folderScores(report, PROJECT_DIR, [p.group]);
}

function main(): number {
  const { values } = parseArgs({
    options: {
      since: { type: "string" },
      "since-release": { type: "boolean" },
      files: { type: "string" },
      group: { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const plans = plan(filesToMutate(values), values.group);
  if (plans.length === 0) return 0;
  mkdirSync(REPORTS, { recursive: true });
  const started = Date.now();
  const scores = plans.flatMap((p) => runGroup(p, values.concurrency));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `\nMutation score per group (${new Date().toISOString().slice(0, 10)}, ${minutes} min):\n${renderScores(scores)}`,
  );
  const under = scores.filter((s) => !s.met);
  for (const s of under) console.error(`${s.folder} scores under its goal of ${s.minimum}%`);
  return under.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
