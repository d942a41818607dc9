import type { Graph } from "../harness/graph";
import { GraphIndex } from "../harness/graph-index";
import type { Diagram, DiagramNode } from "./model";
import { awsDiagram } from "./aws";
import { kubernetesDiagram } from "./kubernetes";

/** The architecture of a preview graph, on its target. */
export function diagramOf(graph: Graph): Diagram {
  const index = new GraphIndex(graph);
  return graph.target === "kubernetes" ? kubernetesDiagram(index) : awsDiagram(index);
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_]/g, "_");
const mermaidText = (label: string) => label.replace(/"/g, "#quot;");

function mermaidNode(n: DiagramNode): string {
  const text = `"${mermaidText(n.label)}"`;
  const shaped = n.shape === "store" ? `[(${text})]` : n.shape === "round" ? `([${text}])` : `[${text}]`;
  return `${safeId(n.id)}${shaped}`;
}

/** A Mermaid flowchart: one subgraph a group, solid arrows for requests, dotted ones for other flows. */
export function toMermaid(diagram: Diagram): string {
  const lines = ["flowchart LR"];
  const grouped = new Set(diagram.groups.map(([id]) => id));
  for (const n of diagram.nodes.filter((n) => !grouped.has(n.group))) lines.push(`  ${mermaidNode(n)}`);
  for (const [id, title] of diagram.groups) {
    lines.push(`  subgraph ${safeId(`group_${id}`)}["${mermaidText(title)}"]`);
    for (const n of diagram.nodes.filter((n) => n.group === id)) lines.push(`    ${mermaidNode(n)}`);
    lines.push("  end");
  }
  for (const e of diagram.edges) {
    const arrow = e.dashed ? "-.->" : "-->";
    const label = e.label ? `|"${mermaidText(e.label)}"|` : "";
    lines.push(`  ${safeId(e.from)} ${arrow}${label} ${safeId(e.to)}`);
  }
  return `${lines.join("\n")}\n`;
}

const dotText = (label: string) =>
  label
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/<br\/>/g, "\\n");

/** The same diagram in Graphviz's DOT, so a real renderer can check it offline. */
export function toDot(diagram: Diagram): string {
  const shape = (n: DiagramNode) =>
    n.shape === "store" ? "cylinder" : n.shape === "round" ? "ellipse" : "box";
  const node = (n: DiagramNode) => `"${safeId(n.id)}" [label="${dotText(n.label)}", shape=${shape(n)}];`;
  const grouped = new Set(diagram.groups.map(([id]) => id));
  const lines = [`digraph "${dotText(diagram.title)}" {`, "  rankdir=LR;", "  node [fontname=Helvetica];"];
  for (const n of diagram.nodes.filter((n) => !grouped.has(n.group))) lines.push(`  ${node(n)}`);
  for (const [id, title] of diagram.groups) {
    lines.push(`  subgraph "cluster_${safeId(id)}" {`, `    label="${dotText(title)}";`);
    for (const n of diagram.nodes.filter((n) => n.group === id)) lines.push(`    ${node(n)}`);
    lines.push("  }");
  }
  for (const e of diagram.edges) {
    const attrs = [e.label ? `label="${dotText(e.label)}"` : "", e.dashed ? "style=dashed" : ""].filter(
      Boolean,
    );
    lines.push(`  "${safeId(e.from)}" -> "${safeId(e.to)}"${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
