import type { StackFile } from "../harness/stack-file";
import type { Graph } from "../harness/graph";
import { loadStackConfig } from "../../stacks/config";
import { estimateCost, type CostEstimate, type EstimateOptions } from "./estimate";

/** The estimate of a stack's graph, with the `cost:` assumptions and region of the same stack file. */
export function estimateStack(file: StackFile, graph: Graph, options: EstimateOptions = {}): CostEstimate {
  const values = { ...file.values, target: graph.target };
  const config = loadStackConfig({
    project: file.project,
    stack: file.stack,
    values,
    secretKeys: file.secretKeys,
  });
  return estimateCost(graph, config.cost, config.aws.region ?? "us-east-1", options);
}
