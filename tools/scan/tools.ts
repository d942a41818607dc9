import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The scanners Strata is judged by, pinned: a new version brings new checks, and so new findings. */
export const CHECKOV_VERSION = "3.3.30";
export const KUBE_SCORE_VERSION = "v1.20.0";

export type ToolName = "checkov" | "kube-score";

/** Outside the clone, keyed by version, so a second run on the same machine reuses the install. */
export function cacheDir(): string {
  return join(
    process.env.XDG_CACHE_HOME?.trim() ? process.env.XDG_CACHE_HOME : join(homedir(), ".cache"),
    "strata",
  );
}

const INSTALLED_MARK = ".strata-installed";

function installDir(tool: ToolName): string {
  return join(
    cacheDir(),
    tool === "checkov" ? `checkov-${CHECKOV_VERSION}` : `kube-score-${KUBE_SCORE_VERSION}`,
  );
}

function cachedBinary(tool: ToolName): string {
  return tool === "checkov" ? join(installDir(tool), "bin", "checkov") : join(installDir(tool), "kube-score");
}

/** `STRATA_CHECKOV` / `STRATA_KUBE_SCORE` name a binary to use instead of the cached install. */
function overrideOf(tool: ToolName): string | undefined {
  const value = process.env[tool === "checkov" ? "STRATA_CHECKOV" : "STRATA_KUBE_SCORE"]?.trim();
  return value === "" ? undefined : value;
}

/** The tool's binary, or undefined when it is not installed (the install only counts once it finished). */
export function findTool(tool: ToolName): string | undefined {
  const override = overrideOf(tool);
  if (override) return existsSync(override) ? override : undefined;
  return existsSync(join(installDir(tool), INSTALLED_MARK)) ? cachedBinary(tool) : undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"], env });
}

/** Installs one pinned tool into the cache unless it is there; returns its binary. */
export function installTool(tool: ToolName): string {
  const found = findTool(tool);
  if (found) return found;
  const dir = installDir(tool);
  // A half-finished install (no mark) is started again from nothing.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (tool === "checkov") {
    run("python3", ["-m", "venv", dir]);
    run(join(dir, "bin", "pip"), [
      "install",
      "--quiet",
      "--disable-pip-version-check",
      `checkov==${CHECKOV_VERSION}`,
    ]);
  } else {
    run("go", ["install", `github.com/zegl/kube-score/cmd/kube-score@${KUBE_SCORE_VERSION}`], {
      ...process.env,
      GOBIN: dir,
    });
  }
  writeFileSync(join(dir, INSTALLED_MARK), `${new Date().toISOString()}\n`);
  return cachedBinary(tool);
}

/**
 * The environment Checkov runs in: no API key, no mapping download, no update check, so it never waits on the
 * network. `oneProcess` turns off Checkov's forked workers (one per core, each as large as the parent): for a
 * caller whose cores are already busy, such as the tests running in parallel, they cost memory and save no time.
 */
export function checkovEnv(oneProcess = false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BC_SKIP_MAPPING: "TRUE",
    CKV_SKIP_PACKAGE_UPDATE_CHECK: "TRUE",
    LOG_LEVEL: "ERROR",
    ...(oneProcess ? { CHECKOV_PARALLELIZATION_TYPE: "none" } : {}),
  };
  delete env.BC_API_KEY;
  delete env.PRISMA_API_URL;
  return env;
}
