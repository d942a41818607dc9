/** An architecture drawn from a preview graph: a few boxes a layer, not one a resource. */
export interface DiagramNode {
  readonly id: string;
  readonly label: string;
  /** The group (a layer, or a zone or namespace) the box is drawn in. */
  readonly group: string;
  readonly shape: "box" | "store" | "round";
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Flows that are not requests: backups, copies, notifications. */
  readonly dashed?: boolean;
}

export interface Diagram {
  readonly title: string;
  /** Group ids to their titles, in drawing order. */
  readonly groups: ReadonlyArray<readonly [string, string]>;
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
}

/** Collects nodes and edges; an edge to a node never added is dropped, so builders need no checks. */
export class DiagramBuilder {
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly edges: DiagramEdge[] = [];
  private readonly groups = new Map<string, string>();

  group(id: string, title: string): this {
    this.groups.set(id, title);
    return this;
  }

  node(id: string, label: string, group: string, shape: DiagramNode["shape"] = "box"): string {
    this.nodes.set(id, { id, label, group, shape });
    return id;
  }

  edge(from: string, to: string, label?: string, dashed = false): void {
    if (this.edges.some((e) => e.from === from && e.to === to && e.label === label)) return;
    this.edges.push({ from, to, ...(label ? { label } : {}), ...(dashed ? { dashed } : {}) });
  }

  build(title: string): Diagram {
    const nodes = [...this.nodes.values()];
    const used = new Set(nodes.map((n) => n.group));
    return {
      title,
      groups: [...this.groups.entries()].filter(([id]) => used.has(id)),
      nodes,
      edges: this.edges.filter((e) => this.nodes.has(e.from) && this.nodes.has(e.to)),
    };
  }
}
