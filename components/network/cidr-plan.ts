import * as ipaddr from "ipaddr.js";

/** The three tiers of every zone, in the order their blocks are laid out. */
export const TIERS = ["public", "private", "isolated"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Each zone owns a run of four equal blocks: one per tier and one spare, so that a future tier can be added
 * without renumbering. Blocks are laid out zone by zone, so adding a zone appends blocks and never moves the
 * ones that exist: a subnet's CIDR is a function of (VPC CIDR, zone index, tier) only.
 */
export const BLOCKS_PER_ZONE = 4;

/** AWS rejects subnets smaller than /28. */
const SMALLEST_SUBNET_PREFIX = 28;
/** Room for eight zones of four blocks when the VPC is large enough (32 blocks = 5 extra prefix bits). */
const PREFERRED_EXTRA_BITS = 5;

export interface SubnetBlock {
  readonly zoneIndex: number;
  readonly tier: Tier;
  readonly cidr: string;
}

function parse(vpcCidr: string): { base: number; prefix: number } {
  const [address, prefix] = ipaddr.IPv4.parseCIDR(vpcCidr);
  const base = address.toByteArray().reduce((value, byte) => value * 256 + byte, 0);
  return { base, prefix };
}

/** The prefix length of every subnet carved from a VPC of the given prefix. */
export function subnetPrefixFor(vpcPrefix: number): number {
  return Math.min(vpcPrefix + PREFERRED_EXTRA_BITS, SMALLEST_SUBNET_PREFIX);
}

/** How many zones fit in the VPC block (before any cap on zones the platform supports). */
export function zoneCapacity(vpcCidr: string): number {
  const { prefix } = parse(vpcCidr);
  return Math.floor(2 ** (subnetPrefixFor(prefix) - prefix) / BLOCKS_PER_ZONE);
}

function toDotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** The subnet CIDRs of `zones` zones, zone by zone, tier by tier. Throws when they do not fit. */
export function planSubnets(vpcCidr: string, zones: number): SubnetBlock[] {
  const capacity = zoneCapacity(vpcCidr);
  if (zones > capacity) {
    throw new RangeError(
      `${vpcCidr} holds at most ${capacity} zones of ${BLOCKS_PER_ZONE} subnets, not ${zones}`,
    );
  }
  const { base, prefix } = parse(vpcCidr);
  const subnetPrefix = subnetPrefixFor(prefix);
  const blockSize = 2 ** (32 - subnetPrefix);
  const blocks: SubnetBlock[] = [];
  for (let zoneIndex = 0; zoneIndex < zones; zoneIndex++) {
    TIERS.forEach((tier, tierIndex) => {
      const start = base + (zoneIndex * BLOCKS_PER_ZONE + tierIndex) * blockSize;
      blocks.push({ zoneIndex, tier, cidr: `${toDotted(start)}/${subnetPrefix}` });
    });
  }
  return blocks;
}
