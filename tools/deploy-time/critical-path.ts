import type { Graph, GraphResource } from "../harness/graph";
import { GraphIndex } from "../harness/graph-index";
import { creationTime } from "./times";

export interface PathStep {
  readonly type: string;
  readonly name: string;
  readonly seconds: number;
  /** When the step is done, counted from the start of the `up`. */
  readonly doneAt: number;
}

export interface DeployEstimate {
  /** The longest chain of creations, first to last; its last step's `doneAt` is the estimate. */
  readonly criticalPath: PathStep[];
  readonly totalSeconds: number;
  /** The chain that ends at the Aurora writer (promotion tier 0), when the stack has one. */
  readonly writerPath?: PathStep[];
}

/**
 * The first `up` as the engine runs it: every resource starts as soon as all it depends on (input references,
 * `dependsOn`, each expanded from a component to its children) is created, and takes its typical time.
 */
export function estimateDeploy(graph: Graph): DeployEstimate {
  const index = new GraphIndex(graph);
  const customs = graph.resources.filter((r) => r.custom);
  const done = new Map<string, number>();
  const via = new Map<string, GraphResource | undefined>();
  const visiting = new Set<string>();
  const finish = (r: GraphResource): number => {
    const known = done.get(r.urn);
    if (known !== undefined) return known;
    if (visiting.has(r.urn)) throw new Error(`a dependency cycle through ${r.type} ${r.name}`);
    visiting.add(r.urn);
    let start = 0;
    let before: GraphResource | undefined;
    for (const dep of index.dependenciesOf(r)) {
      const t = finish(dep);
      if (t > start) [start, before] = [t, dep];
    }
    visiting.delete(r.urn);
    const end = start + creationTime(r).seconds;
    done.set(r.urn, end);
    via.set(r.urn, before);
    return end;
  };
  const pathTo = (last: GraphResource): PathStep[] => {
    const steps: PathStep[] = [];
    for (let r: GraphResource | undefined = last; r; r = via.get(r.urn)) {
      steps.unshift({
        type: r.type,
        name: r.name,
        seconds: creationTime(r).seconds,
        doneAt: done.get(r.urn) ?? 0,
      });
    }
    return steps;
  };
  let last: GraphResource | undefined;
  for (const r of customs) if (finish(r) > (last ? finish(last) : -1)) last = r;
  const writer = customs.find(
    (r) => r.type === "aws:rds/clusterInstance:ClusterInstance" && (r.inputs.promotionTier ?? 0) === 0,
  );
  return {
    criticalPath: last ? pathTo(last) : [],
    totalSeconds: last ? finish(last) : 0,
    ...(writer ? { writerPath: pathTo(writer) } : {}),
  };
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

export function renderDeploy(estimate: DeployEstimate): string {
  const lines = [
    `First \`pulumi up\`: about ${minutes(estimate.totalSeconds)} (typical creation times, tools/deploy-time/times.ts). Critical path:`,
    ...estimate.criticalPath.map(
      (s) => `  ${minutes(s.doneAt).padStart(9)}  +${String(s.seconds).padStart(4)} s  ${s.type}  ${s.name}`,
    ),
  ];
  if (estimate.writerPath) {
    const writerDone = estimate.writerPath[estimate.writerPath.length - 1].doneAt;
    lines.push(
      writerDone >= estimate.totalSeconds
        ? `The Aurora writer's path (${minutes(writerDone)}) is the critical path: nothing else makes the up longer.`
        : `The Aurora writer is ready at ${minutes(writerDone)}; the critical path is ${minutes(estimate.totalSeconds - writerDone)} longer.`,
    );
  }
  return lines.join("\n");
}
