import { readStackFile, type StackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";
import { time } from "./measure";
import { markdownTable } from "./markdown";

/**
 * The cost per service: the dev stack with 1, 10 and 50 synthetic services (every other one public, each public
 * one calling the next internal one), on both targets. Flat growth means the time per added service is the
 * same from 1 to 10 as from 10 to 50.
 */

export const SERVICE_COUNTS = [1, 10, 50] as const;
export const SCALE_TARGETS = ["aws", "kubernetes"] as const;

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

/** The dev stack file with `count` synthetic services in place of its own. */
export function scaledStack(count: number): StackFile {
  const file = readStackFile("dev");
  return { ...file, values: { ...file.values, services: syntheticServices(count) } };
}

/** Resources added per service from the smallest to the largest count, as the README rounds it. */
export function resourcesPerService(counts: ReadonlyMap<number, number>): string {
  const low = SERVICE_COUNTS[0];
  const high = SERVICE_COUNTS[SERVICE_COUNTS.length - 1];
  const perService = ((counts.get(high) ?? 0) - (counts.get(low) ?? 0)) / (high - low);
  return String(Math.round(perService * 2) / 2);
}

export async function benchServiceScale(runs: number): Promise<string> {
  const rows: (string | number)[][] = [];
  const perService: string[] = [];
  for (const target of SCALE_TARGETS) {
    let previous: { count: number; ms: number } | undefined;
    const counts = new Map<number, number>();
    for (const count of SERVICE_COUNTS) {
      const stack = scaledStack(count);
      const graph = await runProgram(stack, { target });
      const { medianMs } = await time(runs, () => runProgram(stack, { target }));
      const added = previous ? ((medianMs - previous.ms) / (count - previous.count)).toFixed(1) : "-";
      rows.push([target, count, graph.resources.length, medianMs.toFixed(0), added]);
      counts.set(count, graph.resources.length);
      previous = { count, ms: medianMs };
    }
    perService.push(`${resourcesPerService(counts)} on ${target}`);
  }
  const table = markdownTable(["target", "services", "resources", "ms", "ms per added service"], rows);
  return `${table}\n\nEach service adds a fixed set of resources (about ${perService.join(", ")}).`;
}
