import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_DIR } from "../harness/stack-file";
import { filesWithoutGoal, folderScores, renderScores, type MutationReport } from "./scores";
import { changedSince, lastReleaseTag, selectMutated } from "./select";

const USAGE = `usage: npm run mutate -- [--since REF | --since-release] [--concurrency N]

Mutation testing with StrykerJS (stryker.config.json): mutates the config validation (stacks/), the policy
rules (policy/) and the pure logic (naming, CIDR plan, cost arithmetic), runs the tests that cover each
mutant, and prints the score per folder. Exits 1 when a folder is under its goal.
--since REF       only the files changed since REF (committed or not); nothing when none changed
--since-release   the same, since the newest release tag (v*); nothing when there is no tag
The fast-check seed is fixed (FAST_CHECK_SEED, default 20261201), so a run can be repeated.`;

const REPORT = join(PROJECT_DIR, "reports", "mutation", "mutation.json");
const DEFAULT_SEED = "20261201";

function mutatePatterns(): string[] {
  const config = JSON.parse(readFileSync(join(PROJECT_DIR, "stryker.config.json"), "utf8")) as {
    mutate: string[];
  };
  return config.mutate;
}

/** The files to mutate: undefined for all of them, [] when a `--since` run has nothing to do. */
function chooseFiles(since: string | undefined, sinceRelease: boolean): string[] | undefined {
  let ref = since;
  if (sinceRelease) {
    ref = lastReleaseTag(PROJECT_DIR);
    if (ref === undefined) {
      console.log("No release tag (v*) yet: nothing to mutate.");
      return [];
    }
  }
  if (ref === undefined) return undefined;
  const files = selectMutated(changedSince(ref, PROJECT_DIR), mutatePatterns());
  console.log(
    files.length === 0
      ? `No file that mutation testing covers changed since ${ref}: nothing to mutate.`
      : `Mutating ${files.length} file(s) changed since ${ref}: ${files.join(", ")}`,
  );
  return files;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      since: { type: "string" },
      "since-release": { type: "boolean" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const files = chooseFiles(values.since, values["since-release"] ?? false);
  if (files?.length === 0) return 0;

  const stryker = join(PROJECT_DIR, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  const args = [stryker, "run", "stryker.config.json"];
  if (files) args.push("--mutate", files.join(","));
  if (values.concurrency) args.push("--concurrency", values.concurrency);
  const run = spawnSync(process.execPath, args, {
    cwd: PROJECT_DIR,
    stdio: "inherit",
    env: { ...process.env, FAST_CHECK_SEED: process.env.FAST_CHECK_SEED ?? DEFAULT_SEED },
  });
  if (run.status !== 0) return run.status ?? 1;

  const report = JSON.parse(readFileSync(REPORT, "utf8")) as MutationReport;
  const scores = folderScores(report, PROJECT_DIR);
  console.log(
    `\nMutation score per folder (${new Date().toISOString().slice(0, 10)}):\n${renderScores(scores)}`,
  );
  const orphans = filesWithoutGoal(report, PROJECT_DIR);
  for (const file of orphans)
    console.error(`${file} is mutated but belongs to no folder of tools/mutate/scores.ts`);
  const under = scores.filter((s) => !s.met);
  for (const s of under) console.error(`${s.folder} scores under its goal of ${s.minimum}%`);
  return under.length > 0 || orphans.length > 0 ? 1 : 0;
}

process.exitCode = main();
