import type { Graph, GraphResource } from "../harness/graph";
import type { PolicyReport, PolicyViolation } from "../policy/run";
import { renderParityNotes } from "./parity-gaps";

function label(resource: GraphResource): string {
  const marks = [resource.protect ? "protected" : "", resource.retainOnDelete ? "retained on delete" : ""]
    .filter(Boolean)
    .join(", ");
  return `${resource.type}  ${resource.name}${marks ? `  [${marks}]` : ""}`;
}

/** The resource tree: each component with its children, indented, in registration order. */
export function renderTree(graph: Graph): string {
  const children = new Map<string | null, GraphResource[]>();
  for (const resource of graph.resources) {
    children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
  }
  const known = new Set(graph.resources.map((r) => r.urn));
  const roots = graph.resources.filter((r) => r.parent === null || !known.has(r.parent));
  const lines: string[] = [];
  const walk = (resource: GraphResource, prefix: string, last: boolean) => {
    lines.push(`${prefix}${last ? "└─ " : "├─ "}${label(resource)}`);
    const kids = children.get(resource.urn) ?? [];
    kids.forEach((kid, i) => walk(kid, `${prefix}${last ? "   " : "│  "}`, i === kids.length - 1));
  };
  roots.forEach((root, i) => walk(root, "", i === roots.length - 1));
  return lines.join("\n");
}

/** How many resources of each type would be created, most frequent first; components excluded. */
export function countByType(graph: Graph): [string, number][] {
  const counts = new Map<string, number>();
  for (const resource of graph.resources) {
    if (resource.custom) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function renderCounts(graph: Graph): string {
  const counts = countByType(graph);
  const width = Math.max(...counts.map(([type]) => type.length), 10);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  return [
    ...counts.map(([type, n]) => `  ${type.padEnd(width)}  ${n}`),
    `  ${"total".padEnd(width)}  ${total}`,
  ].join("\n");
}

export function renderReport(graph: Graph): string {
  const notes = renderParityNotes(graph);
  return [
    `Strata offline preview: stack ${graph.stack}, target ${graph.target} (engine mocked; nothing is deployed)`,
    "",
    renderTree(graph),
    "",
    "Resources by type:",
    renderCounts(graph),
    "",
    "Stack outputs:",
    JSON.stringify(graph.outputs, null, 2),
    ...(notes ? ["", notes] : []),
  ].join("\n");
}

function renderViolation(violation: PolicyViolation): string {
  const where = violation.resource ? `${violation.resource.type}  ${violation.resource.name}` : "the stack";
  const problem = violation.message.split(" Fix: ")[0];
  return [
    `  [${violation.enforcementLevel}] ${violation.policy}  ${where}`,
    `      ${problem}`,
    ...(violation.fix ? [`      Fix: ${violation.fix}`] : []),
  ].join("\n");
}

/** The policy section: each violation with its rule ID, resource, problem and fix; mandatory ones first. */
export function renderPolicyReport(report: PolicyReport): string {
  const header = `Policy pack ${report.pack}: ${report.rules} rules, ${report.mandatory} mandatory and ${report.advisory} advisory violation(s).`;
  if (report.violations.length === 0) return `${header}\nNo violations.`;
  const ordered = [...report.violations].sort(
    (a, b) => Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory"),
  );
  const verdict =
    report.mandatory > 0
      ? "Mandatory rules are broken: a deploy would be refused."
      : "Only advisory violations.";
  return [header, ...ordered.map(renderViolation), verdict].join("\n");
}
