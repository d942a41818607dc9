import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_DIR, readStackFile } from "../harness/stack-file";
import { regionOf, runProgram } from "../harness/run";
import { useCheapStackTraces } from "../harness/stack-traces";
import { judge, readAllAccepted, renderTable, runScanners, type StackGraphs } from "./scan";
import { installTool } from "./tools";

const USAGE = `usage: npm run scan -- [--stack NAME]... [--stack-dir DIR] [--out DIR]

Exports each stack's plan (the AWS target as Terraform plan JSON, the Kubernetes target as manifests),
runs Checkov and kube-score on them (installed, pinned, into ~/.cache/strata on first use), and prints
tool, stack, target, passed, failed, accepted. Exits 1 when a failed check is not in
tools/scan/accepted/<tool>.yaml, or when an entry there no longer matches a finding.
--stack defaults to dev and prod; --stack-dir reads Pulumi.<stack>.yaml from DIR; --out keeps the exports.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", multiple: true },
      "stack-dir": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  useCheapStackTraces(false);
  const accepted = readAllAccepted();
  const tools = { checkov: installTool("checkov"), kubeScore: installTool("kube-score") };
  const stacks: StackGraphs[] = [];
  for (const stack of values.stack ?? ["dev", "prod"]) {
    const file = readStackFile(stack, PROJECT_DIR, values["stack-dir"]);
    stacks.push({
      stack,
      region: regionOf(file),
      aws: await runProgram(file, { target: "aws" }),
      kubernetes: await runProgram(file, { target: "kubernetes" }),
    });
  }
  const dir = values.out ?? mkdtempSync(join(tmpdir(), "strata-scan-"));
  try {
    const report = judge(runScanners(dir, stacks, tools), accepted);
    console.log(renderTable(report.rows));
    for (const f of report.failures) {
      console.log(`FAILED  ${f.tool}  ${f.stack}/${f.target}  ${f.check}  ${f.resource}  ${f.title ?? ""}`);
    }
    for (const { tool, entry } of report.stale) {
      console.log(
        `STALE   ${tool}  ${entry.check} ${entry.resource} is accepted but no longer found: remove it`,
      );
    }
    if (values.out) console.log(`\nThe exports are in ${dir}.`);
    return report.failures.length > 0 || report.stale.length > 0 ? 1 : 0;
  } finally {
    if (!values.out) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
