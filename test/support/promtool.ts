import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";

/** Prometheus's own checker, when this machine has it (CI installs it; a local run skips without it). */
export const hasPromtool = !spawnSync("promtool", ["--version"]).error;

/** A folder holding a PrometheusRule's spec as rules.yaml and promtool unit tests as tests.yaml. */
export function writeRuleFiles(prefix: string, rules: unknown, tests: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, "rules.yaml"), stringify(rules));
  fs.writeFileSync(path.join(dir, "tests.yaml"), stringify(tests));
  return dir;
}

/** Runs promtool in that folder (`check rules rules.yaml`, `test rules tests.yaml`). */
export function promtool(dir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync("promtool", args, { cwd: dir, encoding: "utf8" });
}
