import { writeFileSync } from "node:fs";
import type { Graph } from "../harness/graph";
import { terraformPlan } from "./terraform-plan";
import { manifestsYaml } from "./manifests";

export interface ExportFiles {
  readonly terraformPlan?: string;
  readonly manifests?: string;
}

/** Writes the requested exports of a graph; returns one line a file, for the preview to print. */
export function writeExports(graph: Graph, region: string, files: ExportFiles): string[] {
  const lines: string[] = [];
  if (files.terraformPlan !== undefined) {
    writeFileSync(files.terraformPlan, `${JSON.stringify(terraformPlan(graph, region), null, 2)}\n`);
    lines.push(`The Terraform plan JSON of the AWS resources is in ${files.terraformPlan}.`);
  }
  if (files.manifests !== undefined) {
    writeFileSync(files.manifests, manifestsYaml(graph));
    lines.push(`The Kubernetes manifests are in ${files.manifests}.`);
  }
  return lines;
}
