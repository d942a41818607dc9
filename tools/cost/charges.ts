import type { GraphResource } from "../harness/graph";
import type { GraphIndex } from "../harness/graph-index";
import type { CostSettings } from "../../stacks/schema/cost";

/** Hours in an average month (8,760 / 12), as AWS's pricing examples use. */
export const HOURS_PER_MONTH = 730;

/**
 * fixed: paid whatever the traffic, as long as the resource exists (hours of a node, a key's month);
 * usage: follows the usage assumptions (requests, GB, ACUs above the minimum).
 */
export type CostKind = "fixed" | "usage";

/** One priced quantity of one resource, before the price is looked up. */
export interface Charge {
  readonly item: string;
  readonly kind: CostKind;
  readonly quantity: number;
  readonly priceId: string;
  /** The region whose price applies; the resource's own when unset. */
  readonly region?: string;
  /** Multiplies the unit price (Spot's share and discount); 1 when unset. */
  readonly factor?: number;
  /** A unitless price-table entry that also multiplies the unit price (Valkey's node factor). */
  readonly factorPriceId?: string;
  /** An assumption the quantity rests on, printed under the estimate (a service's working hours). */
  readonly assumption?: string;
}

export interface RuleContext {
  readonly index: GraphIndex;
  readonly assumptions: CostSettings;
  /** How many log groups share `logGbPerDay`. */
  readonly logGroups: number;
  /** How many NAT gateways share `natGbPerMonth`. */
  readonly natGateways: number;
}

/** What one resource type costs. */
export type Rule = (resource: GraphResource, ctx: RuleContext) => Charge[];

export function numberInput(resource: GraphResource, key: string, fallback = 0): number {
  const value = resource.inputs[key];
  const n = typeof value === "string" ? Number(value) : value;
  // Number.isFinite is false for anything but a finite number, so it alone decides; it does not narrow the type.
  return Number.isFinite(n) ? (n as number) : fallback;
}
