import * as pulumi from "@pulumi/pulumi";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { readStackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";
import { useCheapStackTraces } from "../harness/stack-traces";
import type { Graph } from "../harness/graph";
import { time } from "./measure";
import { markdownTable } from "./markdown";
import { benchServiceScale } from "./service-scale";
import { benchSuite } from "./suite";
import { benchCost } from "./cost";

/**
 * The offline preview's speed against the SDK's own floor. For each stack and target: the time to run the
 * real program under the mocked engine, and two bare programs through the same harness and mocks:
 * - plain: as many resources with no inputs (the SDK's cost per resource);
 * - replay: the same resources with the same inputs, registered flat with no logic (the SDK's cost of the
 *   same plan). The ratio to it is what Strata's own code adds.
 * Then the cost per service and the test suite's timings. Every table is printed as the README shows it.
 */

const BENCH_MATRIX = [
  ["dev", "aws"],
  ["prod", "aws"],
  ["dev", "kubernetes"],
  ["prod", "kubernetes"],
] as const;

/** A resource with no provider behind it: what the SDK does for any resource, and nothing more. */
class BareResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(type, name, props);
  }
}

function plainProgram(count: number) {
  return async () => {
    for (let i = 0; i < count; i++) new BareResource("bench:index:Plain", `plain-${i}`, {});
    return {};
  };
}

function replayProgram(graph: Graph) {
  const custom = graph.resources.filter((r) => r.custom);
  return async () => {
    custom.forEach((r, i) => new BareResource("bench:index:Replay", `replay-${i}`, { ...r.inputs }));
    return {};
  };
}

async function benchStacks(runs: number): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const [stack, target] of BENCH_MATRIX) {
    const file = readStackFile(stack);
    const graph = await runProgram(file, { target });
    const count = graph.resources.length;
    const strata = await time(runs, () => runProgram(file, { target }));
    const plain = await time(runs, () => runProgram(file, { target, program: plainProgram(count) }));
    const replay = await time(runs, () => runProgram(file, { target, program: replayProgram(graph) }));
    rows.push([
      stack,
      target,
      count,
      strata.medianMs.toFixed(0),
      plain.medianMs.toFixed(0),
      replay.medianMs.toFixed(0),
      (strata.medianMs / plain.medianMs).toFixed(1),
      (strata.medianMs / replay.medianMs).toFixed(1),
    ]);
  }
  const header = [
    "stack",
    "target",
    "resources",
    "strata ms",
    "plain floor ms",
    "replay floor ms",
    "x plain",
    "x replay",
  ];
  return markdownTable(header, rows);
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "7" },
      trace: { type: "boolean" },
      "skip-suite": { type: "boolean" },
    },
  });
  useCheapStackTraces(values.trace ?? false);
  const runs = Number(values.runs);
  const loadStart = performance.now();
  await runProgram(readStackFile("dev"));
  const firstRun = ((performance.now() - loadStart) / 1000).toFixed(1);
  console.log(`Median of ${runs} runs after a warm-up, all layers built:\n`);
  console.log(await benchStacks(runs));
  console.log(
    `\nThe first run of a process, which loads and transpiles the SDKs, takes about ${firstRun} s.`,
  );
  console.log(`\nCost per service (the dev stack with synthetic services, every other one public):\n`);
  console.log(await benchServiceScale(runs));
  console.log(`\nMonthly cost estimate (npm start prints the lines and the assumptions):\n`);
  console.log(await benchCost());
  if (values["skip-suite"]) return;
  console.log(`\nThe test suite, each step run once in turn:\n`);
  console.log(await benchSuite());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
