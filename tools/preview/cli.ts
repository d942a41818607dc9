import { readFileSync, writeFileSync } from "node:fs";
import { format, parseArgs } from "node:util";
import { PROJECT_DIR, readStackFile } from "../harness/stack-file";
import { runProgram, ProgramError, regionOf } from "../harness/run";
import { writeExports } from "../export/write";
import { renderPolicyReport, renderReport } from "./render";
import { useCheapStackTraces } from "../harness/stack-traces";
import { evaluatePolicies } from "../policy/run";
import { PackConfigError, type PackConfig } from "../policy/config";
import { TARGETS } from "../../components/target";
import { estimateStack } from "../cost/stack";
import { renderCost, renderCostComparison } from "../cost/render";
import { estimateDeploy, renderDeploy } from "../deploy-time/critical-path";
import { diagramOf, toMermaid } from "../diagram/render";

const USAGE = `usage: npm start -- [--stack NAME] [--target ${TARGETS.join("|")}] [--json FILE] [--policy-config FILE]
                  [--stack-dir DIR] [--terraform-plan FILE] [--manifests FILE] [--trace]
                  [--cost FILE] [--compare OTHER_STACK] [--diagram FILE]

Runs the real program for a stack with the Pulumi engine mocked (no CLI, no credentials),
prints what would be created, then checks it against the policy pack (policy/) and the
Kubernetes schemas. Exits 1 when a mandatory rule is broken. --policy-config takes the
file \`pulumi preview --policy-pack-config\` takes. --stack-dir reads Pulumi.<stack>.yaml from
DIR (a stack file kept elsewhere). --terraform-plan writes the AWS target's plan as
\`terraform show -json\` prints one (for Checkov, Trivy, KICS); --manifests writes the Kubernetes
target's objects as one multi-document YAML (for kube-score, kubeconform, kubectl diff). --trace keeps
full stack traces, for debugging the program.
It ends with a monthly cost estimate (tools/cost), --cost writes it as JSON, --compare shows
it beside OTHER_STACK's; and with the first up's critical path (tools/deploy-time). --diagram
writes the architecture, drawn from the resource graph, as a Mermaid flowchart (tools/diagram).`;

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

const CONSOLE: PreviewIo = {
  log: (text) => console.log(text),
  error: (text) => console.error(text),
  setStackTraces: useCheapStackTraces,
};

/** `npm start -- <args>`: prints the preview and returns the exit code. */
export async function preview(args: readonly string[], io: PreviewIo = CONSOLE): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      stack: { type: "string", default: "dev" },
      target: { type: "string" },
      json: { type: "string" },
      "policy-config": { type: "string" },
      "stack-dir": { type: "string" },
      "terraform-plan": { type: "string" },
      manifests: { type: "string" },
      trace: { type: "boolean", default: false },
      cost: { type: "string" },
      compare: { type: "string" },
      diagram: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  io.setStackTraces?.(values.trace);
  if (values.help) {
    io.log(USAGE);
    return 0;
  }
  if (values.target !== undefined && !(TARGETS as readonly string[]).includes(values.target)) {
    io.error(
      `--target: expected one of ${TARGETS.join(", ")}, found ${JSON.stringify(values.target)}\n${USAGE}`,
    );
    return 2;
  }
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

if (require.main === module) {
  preview(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
