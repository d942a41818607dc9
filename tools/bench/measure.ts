import { performance } from "node:perf_hooks";

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
}

/** Median and best of `runs` timed calls, after one untimed warm-up (module loading is measured apart). */
export async function time(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)], minMs: samples[0] };
}
