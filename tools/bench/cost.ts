import { readStackFile } from "../harness/stack-file";
import { runProgram } from "../harness/run";
import { estimateStack } from "../cost/stack";
import { row } from "./measure";

/** The monthly estimate of dev and prod (tools/cost), so the README's cost table stays current. */
export async function benchCost(): Promise<void> {
  console.log("\nMonthly cost estimate, USD (npm start prints the lines and assumptions):\n");
  const widths = [5, 6, 12, 12, 8];
  console.log(row(["stack", "target", "idle (fixed)", "usage", "total"], widths));
  for (const stack of ["dev", "prod"]) {
    const file = readStackFile(stack);
    const estimate = estimateStack(file, await runProgram(file));
    const t = estimate.totals;
    console.log(
      row([stack, estimate.target, t.fixed.toFixed(2), t.usage.toFixed(2), t.total.toFixed(2)], widths),
    );
  }
}
