import { readFileSync, writeFileSync } from "node:fs";
import { format } from "node:util";
import { PROJECT_DIR, readStackFile } from "../harness/stack-file";
import { runProgram, ProgramError, regionOf } from "../harness/run";
import { writeExports } from "../export/write";
import { renderPolicyReport, renderReport } from "./render";
import { evaluatePolicies } from "../policy/run";
import { PackConfigError, type PackConfig } from "../policy/config";
import { estimateStack } from "../cost/stack";
import { renderCost, renderCostComparison } from "../cost/render";
import { estimateDeploy, renderDeploy } from "../deploy-time/critical-path";
import { diagramOf, toMermaid } from "../diagram/render";
// Type only, so erased: cli.ts loads this module, and this one needs nothing of cli.ts at run time.
import type { PreviewFlags } from "./cli";

function readPackConfig(file: string | undefined): PackConfig | undefined {
  return file === undefined ? undefined : (JSON.parse(readFileSync(file, "utf8")) as PackConfig);
}

/** Where the preview prints: the console for `npm start`, a buffer for a test that calls it in process. */
export interface PreviewIo {
  readonly log: (text: string) => void;
  readonly error: (text: string) => void;
  /** Sets the process's stack traces for the run (`npm start`); a test in process leaves its own. */
  readonly setStackTraces?: (keepTraces: boolean) => void;
}

/** Runs the preview for checked flags: prints it and returns the exit code. */
export async function runPreview(values: PreviewFlags, io: PreviewIo): Promise<number> {
  try {
    const file = readStackFile(values.stack, PROJECT_DIR, values["stack-dir"]);
    const graph = await runProgram(file, { target: values.target });
    const policy = await evaluatePolicies(graph, { config: readPackConfig(values["policy-config"]) });
    io.log(renderReport(graph));
    io.log(`\n${renderPolicyReport(policy)}`);
    if (values.json) {
      // The graph's fields stay as they were; the policy results are one more top-level field.
      writeFileSync(values.json, `${JSON.stringify({ ...graph, policy }, null, 2)}\n`);
      io.log(`\nThe graph is in ${values.json}.`);
    }
    for (const line of writeExports(graph, regionOf(file), {
      terraformPlan: values["terraform-plan"],
      manifests: values.manifests,
    })) {
      io.log(line);
    }
    const cost = estimateStack(file, graph);
    io.log(`\n${renderCost(cost)}`);
    io.log(`\n${renderDeploy(estimateDeploy(graph))}`);
    if (values.compare) {
      const other = readStackFile(values.compare, PROJECT_DIR, values["stack-dir"]);
      const otherCost = estimateStack(other, await runProgram(other, { target: values.target }));
      io.log(`\n${renderCostComparison(cost, otherCost)}`);
    }
    if (values.diagram) {
      writeFileSync(values.diagram, toMermaid(diagramOf(graph)));
      io.log(`\nThe architecture diagram (Mermaid) is in ${values.diagram}.`);
    }
    if (values.cost) {
      writeFileSync(values.cost, `${JSON.stringify(cost, null, 2)}\n`);
      io.log(`\nThe cost estimate is in ${values.cost}.`);
    }
    return policy.mandatory > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof PackConfigError) {
      io.error(error.message);
      return 2;
    }
    const cause = error instanceof ProgramError ? error.cause : error;
    io.error(cause instanceof Error ? cause.message : format(cause));
    return 1;
  }
}
