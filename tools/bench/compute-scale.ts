import { performance } from "node:perf_hooks";
import { readStackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";

/**
 * The compute layer's cost per service: the dev stack with 1, 10 and 50 synthetic services (every other one
 * public, each public one calling the next internal one), on both targets. Flat growth means the time per
 * added service is the same from 1 to 10 as from 10 to 50.
 */

const COUNTS = [1, 10, 50] as const;
const RUNS = 7;

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

async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function main() {
  const file = readStackFile("dev");
  console.log(`Median of ${RUNS} runs after a warm-up, dev stack, in ms:\n`);
  console.log("target       services  resources   total  ms/service since previous");
  for (const target of ["aws", "kubernetes"]) {
    let previous: { count: number; ms: number } | undefined;
    for (const count of COUNTS) {
      const stack = { ...file, values: { ...file.values, services: syntheticServices(count) } };
      const graph = await runProgram(stack, { target });
      const ms = await median(() => runProgram(stack, { target }));
      const perService = previous ? ((ms - previous.ms) / (count - previous.count)).toFixed(1) : "-";
      console.log(
        `${target.padEnd(10)} ${String(count).padStart(10)} ${String(graph.resources.length).padStart(10)} ${ms.toFixed(0).padStart(7)}  ${perService.padStart(10)}`,
      );
      previous = { count, ms };
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
