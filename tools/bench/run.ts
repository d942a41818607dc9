import * as pulumi from "@pulumi/pulumi";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { readStackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";
import { useCheapStackTraces } from "../harness/stack-traces";
import type { Graph } from "../harness/graph";
import { row, time } from "./measure";
import { benchServiceScale } from "./service-scale";
import { benchCost } from "./cost";

/**
 * The offline preview's speed against the SDK's own floor. For each stack and target: the time to run the
 * real program under the mocked engine, and two bare programs through the same harness and mocks:
 * - plain: as many resources with no inputs (the SDK's cost per resource);
 * - replay: the same resources with the same inputs, registered flat with no logic (the SDK's cost of the
 *   same plan). The ratio to it is what Strata's own code adds.
 */

const MATRIX = [
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

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "7" }, trace: { type: "boolean" } },
  });
  useCheapStackTraces(values.trace ?? false);
  const runs = Number(values.runs);
  const loadStart = performance.now();
  await runProgram(readStackFile("dev"));
  console.log(
    `First run of dev on aws, including module load: ${(performance.now() - loadStart).toFixed(0)} ms`,
  );
  console.log(`Median of ${runs} runs after a warm-up, in ms:\n`);
  const widths = [5, 10, 9, 7, 6, 7, 13, 14];
  console.log(
    row(
      ["stack", "target", "resources", "strata", "plain", "replay", "x plain floor", "x replay floor"],
      widths,
    ),
  );
  for (const [stack, target] of MATRIX) {
    const file = readStackFile(stack);
    const graph = await runProgram(file, { target });
    const count = graph.resources.length;
    const strata = await time(runs, () => runProgram(file, { target }));
    const plain = await time(runs, () => runProgram(file, { target, program: plainProgram(count) }));
    const replay = await time(runs, () => runProgram(file, { target, program: replayProgram(graph) }));
    console.log(
      row(
        [
          stack,
          target,
          count,
          strata.medianMs.toFixed(0),
          plain.medianMs.toFixed(0),
          replay.medianMs.toFixed(0),
          (strata.medianMs / plain.medianMs).toFixed(2),
          (strata.medianMs / replay.medianMs).toFixed(2),
        ],
        widths,
      ),
    );
  }
  await benchServiceScale(runs);
  await benchCost();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
