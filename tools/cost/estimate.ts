import type { Graph } from "../harness/graph";
import { GraphIndex } from "../harness/graph-index";
import type { CostSettings } from "../../stacks/schema/cost";
import { HOURS_PER_MONTH, type Charge, type CostKind, type RuleContext } from "./charges";
import { AWS_RULES, FREE_AWS_TYPES } from "./aws-rules";
import { lookupPrice, type PriceBasis } from "./prices";
import { requestedByLayer, type Requested } from "./kubernetes";

export interface CostLine {
  readonly layer: string;
  readonly type: string;
  readonly name: string;
  readonly item: string;
  readonly kind: CostKind;
  readonly region: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priceId: string;
  readonly unitPrice: number;
  readonly basis: PriceBasis;
  readonly monthly: number;
  /** What the quantity assumes beyond the stack's `cost:` settings (a service's working hours). */
  readonly assumption?: string;
}

/** A resource, or one of its charges, the table has no price for: shown, never silently costed at 0. */
export interface Unpriced {
  readonly layer: string;
  readonly type: string;
  readonly name: string;
  readonly reason: string;
}

export interface Totals {
  fixed: number;
  usage: number;
  total: number;
}

export interface KubernetesLayer extends Requested {
  /** Only when the stack sets `cost.kubernetes` prices. */
  monthly?: number;
}

export interface CostEstimate {
  readonly stack: string;
  readonly target: string;
  readonly region: string;
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  readonly assumptions: CostSettings;
  readonly lines: CostLine[];
  readonly unpriced: Unpriced[];
  readonly totals: Totals;
  readonly byLayer: Record<string, Totals>;
  readonly byType: Record<string, Totals>;
  /** The kubernetes target: what the pods request of the cluster, per layer. */
  readonly kubernetes?: Record<string, KubernetesLayer>;
}

export interface EstimateOptions {
  /** Prices every resource in this region instead of its provider's (the price table's coverage test). */
  readonly region?: string;
}

function add(totals: Record<string, Totals>, key: string, kind: CostKind, monthly: number) {
  const t = (totals[key] ??= { fixed: 0, usage: 0, total: 0 });
  t[kind] += monthly;
  t.total += monthly;
}

/** A price-table value, by id and region, with its unit and basis; a reason when the table has none. */
function priced(
  charge: Charge,
  region: string,
): { unitPrice: number; unit: string; basis: PriceBasis } | string {
  const found = lookupPrice(charge.priceId, region);
  if (!found) return `no price ${charge.priceId} in ${region}`;
  let unitPrice = found.regional.usd * (charge.factor ?? 1);
  if (charge.factorPriceId) {
    const factor = lookupPrice(charge.factorPriceId, region);
    if (!factor) return `no price ${charge.factorPriceId} in ${region}`;
    unitPrice *= factor.regional.usd;
  }
  return { unitPrice, unit: found.price.unit, basis: found.regional.basis };
}

function kubernetesCost(
  index: GraphIndex,
  prices: CostSettings["kubernetes"],
): Record<string, KubernetesLayer> {
  const layers = requestedByLayer(index);
  const known =
    prices.vCpuHour !== undefined || prices.memoryGbHour !== undefined || prices.storageGbMonth !== undefined;
  if (!known) return layers;
  return Object.fromEntries(
    Object.entries(layers).map(([layer, r]) => [
      layer,
      {
        ...r,
        monthly:
          r.vCpu * HOURS_PER_MONTH * (prices.vCpuHour ?? 0) +
          r.memoryGb * HOURS_PER_MONTH * (prices.memoryGbHour ?? 0) +
          r.storageGb * (prices.storageGbMonth ?? 0),
      },
    ]),
  );
}

/**
 * The monthly estimate of a preview graph: each custom resource priced by its type and inputs, in its
 * provider's region, with the usage assumptions the stack's `cost:` setting gives.
 */
export function estimateCost(
  graph: Graph,
  assumptions: CostSettings,
  stackRegion: string,
  options: EstimateOptions = {},
): CostEstimate {
  const index = new GraphIndex(graph);
  const customs = graph.resources.filter((r) => r.custom);
  const count = (type: string) => customs.filter((r) => r.type === type).length;
  const ctx: RuleContext = {
    index,
    assumptions,
    logGroups: Math.max(1, count("aws:cloudwatch/logGroup:LogGroup")),
    natGateways: Math.max(1, count("aws:ec2/natGateway:NatGateway")),
  };
  const lines: CostLine[] = [];
  const unpriced: Unpriced[] = [];
  for (const resource of customs) {
    const [pkg] = resource.type.split(":");
    if (pkg !== "aws" && pkg !== "awsx") continue;
    const base = { layer: index.layerOf(resource), type: resource.type, name: resource.name };
    const rule = AWS_RULES[resource.type];
    if (!rule) {
      if (!FREE_AWS_TYPES.has(resource.type))
        unpriced.push({ ...base, reason: "no price rule for this type" });
      continue;
    }
    lines.push(
      ...priceCharges(
        rule(resource, ctx),
        base,
        options.region ?? index.regionOf(resource, stackRegion),
        options.region,
        unpriced,
      ),
    );
  }
  const byLayer: Record<string, Totals> = {};
  const byType: Record<string, Totals> = {};
  const sums: Record<string, Totals> = {};
  for (const line of lines) {
    add(byLayer, line.layer, line.kind, line.monthly);
    add(byType, line.type, line.kind, line.monthly);
    add(sums, "all", line.kind, line.monthly);
  }
  return {
    stack: graph.stack,
    target: graph.target,
    region: stackRegion,
    currency: "USD",
    hoursPerMonth: HOURS_PER_MONTH,
    assumptions,
    lines,
    unpriced,
    totals: sums.all ?? { fixed: 0, usage: 0, total: 0 },
    byLayer,
    byType,
    ...(graph.target === "kubernetes" ? { kubernetes: kubernetesCost(index, assumptions.kubernetes) } : {}),
  };
}

/** The cost lines of one resource's charges, in their region; a charge without a price goes to `unpriced`. */
export function priceCharges(
  charges: Charge[],
  base: { layer: string; type: string; name: string },
  resourceRegion: string,
  forcedRegion: string | undefined,
  unpriced: Unpriced[],
): CostLine[] {
  const lines: CostLine[] = [];
  for (const charge of charges) {
    const region = forcedRegion ?? charge.region ?? resourceRegion;
    const price = priced(charge, region);
    if (typeof price === "string") {
      unpriced.push({ ...base, reason: `${charge.item}: ${price}` });
      continue;
    }
    lines.push({
      ...base,
      item: charge.item,
      kind: charge.kind,
      region,
      quantity: charge.quantity,
      unit: price.unit,
      priceId: charge.priceId,
      unitPrice: price.unitPrice,
      basis: price.basis,
      monthly: charge.quantity * price.unitPrice,
      ...(charge.assumption ? { assumption: charge.assumption } : {}),
    });
  }
  return lines;
}
