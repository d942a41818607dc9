import { parseArgs } from "node:util";
import { useCheapStackTraces } from "../harness/stack-traces";
import { TARGETS } from "../../components/target";
import type { PreviewIo } from "./run-preview";

export type { PreviewIo } from "./run-preview";

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

const CONSOLE: PreviewIo = {
  log: (text) => console.log(text),
  error: (text) => console.error(text),
  setStackTraces: useCheapStackTraces,
};

const FLAGS = {
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
} as const;

/** The flags of `npm start`, as parsed (the preview itself reads them in tools/preview/run-preview.ts). */
export type PreviewFlags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS }>>["values"];

/** `npm start -- <args>`: prints the preview and returns the exit code. */
export async function preview(args: readonly string[], io: PreviewIo = CONSOLE): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: FLAGS });
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
  // The program, the SDKs and the checks load only now: a mistyped flag is answered without them.
  io.setStackTraces?.(values.trace);
  const { runPreview } = await import("./run-preview");
  return runPreview(values, io);
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
