import { readStackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";
import { estimateStack } from "../cost/stack";
import { markdownTable } from "./markdown";

/** The monthly estimate of dev and prod (tools/cost) as the README's table, so that table stays current. */
export async function benchCost(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const stack of ["dev", "prod"]) {
    const file = readStackFile(stack);
    const estimate = estimateStack(file, await runProgram(file));
    const t = estimate.totals;
    rows.push([stack, estimate.target, t.fixed.toFixed(2), t.usage.toFixed(2), t.total.toFixed(2)]);
  }
  return markdownTable(["stack", "target", "idle (fixed) USD", "usage USD", "total USD"], rows);
}
