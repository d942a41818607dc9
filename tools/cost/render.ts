import type { CostEstimate, Totals } from "./estimate";

const usd = (n: number) => n.toFixed(2);

function table(rows: string[][], widths: number[]): string {
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "),
    )
    .map((line) => `  ${line}`)
    .join("\n");
}

function totalsRows(entries: [string, Totals][]): string[][] {
  return entries
    .sort((a, b) => b[1].total - a[1].total)
    .map(([key, t]) => [key, usd(t.fixed), usd(t.usage), usd(t.total)]);
}

function widthsOf(rows: string[][]): number[] {
  return rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
}

function assumptionsLine(estimate: CostEstimate): string {
  const { kubernetes, ...rest } = estimate.assumptions;
  const flat = {
    ...rest,
    averageAcu: rest.averageAcu ?? "each instance's minimum (at least 0.5)",
    ...Object.fromEntries(Object.entries(kubernetes).map(([k, v]) => [`kubernetes.${k}`, v])),
  };
  return Object.entries(flat)
    .map(([k, v]) => `${k}=${v ?? "unset"}`)
    .join(", ");
}

function kubernetesSection(estimate: CostEstimate): string[] {
  if (!estimate.kubernetes) return [];
  const rows = [
    ["layer", "vCPU", "memory GiB", "storage GiB", "USD/month"],
    ...Object.entries(estimate.kubernetes).map(([layer, r]) => [
      layer,
      r.vCpu.toFixed(2),
      r.memoryGb.toFixed(2),
      r.storageGb.toFixed(1),
      r.monthly === undefined ? "-" : usd(r.monthly),
    ]),
  ];
  return [
    "",
    "Requested of the cluster (Deployments and StatefulSets at their minimum replicas, volumes):",
    table(rows, widthsOf(rows)),
    ...(Object.values(estimate.kubernetes).some((r) => r.monthly !== undefined)
      ? []
      : ["  Set cost.kubernetes.vCpuHour, memoryGbHour and storageGbMonth to price them."]),
  ];
}

/** The estimate as the preview prints it: per layer and per type, fixed apart from usage, and the assumptions. */
export function renderCost(estimate: CostEstimate): string {
  const header = ["", "fixed", "usage", "total"];
  const layers = [["layer", ...header.slice(1)], ...totalsRows(Object.entries(estimate.byLayer))];
  const t = estimate.totals;
  layers.push(["total", usd(t.fixed), usd(t.usage), usd(t.total)]);
  const types = [["resource type", ...header.slice(1)], ...totalsRows(Object.entries(estimate.byType))];
  const unverified = estimate.lines.filter((l) => l.basis === "unverified");
  return [
    `Monthly cost estimate: stack ${estimate.stack}, target ${estimate.target}, USD, ${estimate.hoursPerMonth} hours a month`,
    "(on-demand list prices from tools/cost/prices.ts; no free tier, savings plans, tax or data transfer out of AWS)",
    table(layers, widthsOf(layers)),
    `  Idle (fixed only, no traffic): ${usd(t.fixed)} USD a month.`,
    "",
    "By resource type:",
    table(types, widthsOf(types)),
    "",
    `Assumptions (override any under cost: in the stack file): ${assumptionsLine(estimate)}`,
    ...[...new Set(estimate.lines.flatMap((l) => (l.assumption ? [`${l.name}: ${l.assumption}`] : [])))],
    ...(unverified.length > 0
      ? [
          `${unverified.length} line(s), ${usd(unverified.reduce((s, l) => s + l.monthly, 0))} USD, use prices not read on AWS's own page for their region (basis "unverified" in the table).`,
        ]
      : []),
    ...(estimate.unpriced.length > 0
      ? [
          "Not priced (the estimate leaves these out):",
          ...estimate.unpriced.map((u) => `  ${u.type}  ${u.name}: ${u.reason}`),
        ]
      : []),
    ...kubernetesSection(estimate),
  ].join("\n");
}

/** Two estimates side by side, per layer. */
export function renderCostComparison(a: CostEstimate, b: CostEstimate): string {
  const layers = [...new Set([...Object.keys(a.byLayer), ...Object.keys(b.byLayer)])].sort();
  const zero: Totals = { fixed: 0, usage: 0, total: 0 };
  const cell = (t: Totals | undefined) => usd((t ?? zero).total);
  const rows = [
    ["layer", `${a.stack} (${a.target})`, `${b.stack} (${b.target})`, "difference"],
    ...layers.map((layer) => [
      layer,
      cell(a.byLayer[layer]),
      cell(b.byLayer[layer]),
      usd((b.byLayer[layer] ?? zero).total - (a.byLayer[layer] ?? zero).total),
    ]),
    ["idle (fixed)", usd(a.totals.fixed), usd(b.totals.fixed), usd(b.totals.fixed - a.totals.fixed)],
    ["total", usd(a.totals.total), usd(b.totals.total), usd(b.totals.total - a.totals.total)],
  ];
  return [`Monthly cost, ${a.stack} against ${b.stack} (USD):`, table(rows, widthsOf(rows))].join("\n");
}
