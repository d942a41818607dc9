import { readStackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";
import { row, time } from "./measure";

/**
 * The cost per service: the dev stack with 1, 10 and 50 synthetic services (every other one public, each public
 * one calling the next internal one), on both targets. Flat growth means the time per added service is the
 * same from 1 to 10 as from 10 to 50.
 */

const COUNTS = [1, 10, 50] as const;

function syntheticServices(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const isPublic = i % 2 === 0;
    const next = i + 1 < count ? [`svc-${i + 2}`] : [];
    return {
      name: `svc-${i + 1}`,
      image: `ghcr.io/example/svc-${i + 1}:1.0.${i}`,
      port: 8000 + i,
      replicas: { min: 1, max: 3 },
      ...(isPublic ? { route: { path: `/svc-${i + 1}` }, calls: next } : {}),
    };
  });
}

export async function benchServiceScale(runs: number): Promise<void> {
  const file = readStackFile("dev");
  console.log(`\nCost per service: the dev stack with synthetic services, median of ${runs} runs, in ms:\n`);
  const widths = [10, 8, 9, 6, 22];
  console.log(row(["target", "services", "resources", "total", "ms/service since prev"], widths));
  for (const target of ["aws", "kubernetes"]) {
    let previous: { count: number; ms: number } | undefined;
    for (const count of COUNTS) {
      const stack = { ...file, values: { ...file.values, services: syntheticServices(count) } };
      const graph = await runProgram(stack, { target });
      const { medianMs } = await time(runs, () => runProgram(stack, { target }));
      const perService = previous ? ((medianMs - previous.ms) / (count - previous.count)).toFixed(1) : "-";
      console.log(row([target, count, graph.resources.length, medianMs.toFixed(0), perService], widths));
      previous = { count, ms: medianMs };
    }
  }
}
