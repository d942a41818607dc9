import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { PROJECT_DIR } from "../harness/stack-file";
import { markdownTable } from "./markdown";

/** The scripts `npm test` runs, in order, read from its script: `npm run a && npm run b && ...`. */
export function testSteps(testScript: string): string[] {
  return testScript.split("&&").map((part) => {
    const step = /^npm run (\S+)$/.exec(part.trim())?.[1];
    if (!step)
      throw new Error(
        `package.json test: expected "npm run <script>" steps joined by &&, found "${part.trim()}"`,
      );
    return step;
  });
}

function packageTestSteps(): string[] {
  const pkg = JSON.parse(readFileSync(`${PROJECT_DIR}/package.json`, "utf8")) as {
    scripts: { test: string };
  };
  return testSteps(pkg.scripts.test);
}

const GNU_TIME = "/usr/bin/time";

interface StepTiming {
  readonly wallS: number;
  /** User + system time of the step and every process it waited for (GNU time); undefined without it. */
  readonly cpuS: number | undefined;
  /** The largest sum of resident memory of the step's processes at once (parallel workers add up). */
  readonly peakMb: number | undefined;
}

/** Resident memory of a process and all its descendants, from /proc (Linux); undefined elsewhere. */
function treeRssKb(root: number): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which may hold spaces: state, ppid, ..., rss is field 24 (pages).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      rss.set(Number(entry), Number(fields[21]) * 4);
    } catch {
      // The process ended while we read: it holds no memory now.
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

function timeStep(step: string): Promise<StepTiming> {
  const withTime = existsSync(GNU_TIME);
  const npm = ["npm", "run", "-s", step];
  const [command, ...args] = withTime ? [GNU_TIME, "-f", "cpu %U %S", ...npm] : npm;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_DIR, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let peakKb: number | undefined;
    const sample = setInterval(() => {
      const kb = child.pid === undefined ? undefined : treeRssKb(child.pid);
      if (kb !== undefined) peakKb = Math.max(peakKb ?? 0, kb);
    }, 100);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sample);
      if (code !== 0) return reject(new Error(`npm run ${step} failed (${code}):\n${stderr}`));
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({
        wallS: (performance.now() - start) / 1000,
        cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
        peakMb: peakKb === undefined ? undefined : peakKb / 1024,
      });
    });
  });
}

/** Each step of the test suite once, in turn, as the README's table of test-suite timings. */
export async function benchSuite(): Promise<string> {
  const rows: (string | number)[][] = [];
  let wall = 0;
  let cpu = 0;
  let peak = 0;
  const steps = packageTestSteps();
  for (const step of [...steps, "test:quick"]) {
    const t = await timeStep(step);
    if (step !== "test:quick") {
      wall += t.wallS;
      cpu += t.cpuS ?? 0;
      peak = Math.max(peak, t.peakMb ?? 0);
    }
    rows.push([
      `npm run ${step}`,
      t.wallS.toFixed(1),
      t.cpuS?.toFixed(1) ?? "-",
      t.peakMb?.toFixed(0) ?? "-",
    ]);
  }
  rows.push([
    `npm test (the ${steps.length} above)`,
    wall.toFixed(1),
    cpu ? cpu.toFixed(1) : "-",
    peak ? peak.toFixed(0) : "-",
  ]);
  return markdownTable(["step", "wall s", "cpu s", "peak MB"], rows);
}
