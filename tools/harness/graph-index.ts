import type { Graph, GraphResource } from "./graph";

/** Lookups over a preview graph that the cost, diagram and deploy-time tools share. */
export class GraphIndex {
  readonly byUrn: ReadonlyMap<string, GraphResource>;
  private readonly children = new Map<string, GraphResource[]>();

  constructor(readonly graph: Graph) {
    this.byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
    for (const r of graph.resources) {
      if (r.parent) this.children.set(r.parent, [...(this.children.get(r.parent) ?? []), r]);
    }
  }

  childrenOf(resource: GraphResource): readonly GraphResource[] {
    return this.children.get(resource.urn) ?? [];
  }

  /** The layer a resource belongs to: its nearest `strata:<layer>:*` ancestor (itself included). */
  layerOf(resource: GraphResource): string {
    for (
      let r: GraphResource | undefined = resource;
      r;
      r = r.parent ? this.byUrn.get(r.parent) : undefined
    ) {
      const [pkg, layer] = r.type.split(":");
      if (pkg === "strata" && layer) return layer;
    }
    return "platform";
  }

  /** The region of the AWS provider that manages the resource; `fallback` when it names none. */
  regionOf(resource: GraphResource, fallback: string): string {
    const provider = resource.provider ? this.byUrn.get(resource.provider) : undefined;
    const region = provider?.inputs.region;
    return typeof region === "string" ? region : fallback;
  }

  /** The custom resources under a component (or the resource itself when custom): what waiting on it means. */
  customsUnder(resource: GraphResource): GraphResource[] {
    if (resource.custom) return [resource];
    return this.childrenOf(resource).flatMap((child) => this.customsUnder(child));
  }

  /** The custom resources this one waits for before it is created: `dependsOn` and input references. */
  dependenciesOf(resource: GraphResource): GraphResource[] {
    const urns = new Set([...resource.dependsOn, ...(resource.inputDependencies ?? [])]);
    const found = new Map<string, GraphResource>();
    for (const urn of urns) {
      const target = this.byUrn.get(urn);
      if (!target) continue;
      for (const custom of this.customsUnder(target))
        if (custom.urn !== resource.urn) found.set(custom.urn, custom);
    }
    return [...found.values()];
  }
}
