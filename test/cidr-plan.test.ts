import { strict as assert } from "node:assert";
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { planSubnets, zoneCapacity, TIERS } from "../components/network/cidr-plan";

function range(cidr: string): [number, number] {
  const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const start = address.toByteArray().reduce((v, b) => v * 256 + b, 0);
  return [start, start + 2 ** (32 - prefix) - 1];
}

/**
 * Any valid VPC block from /16 to /24, host bits cleared: often at either end of the address space and of
 * the prefixes the schema allows (stacks/schema/network.ts), where an off-by-one shows.
 */
const vpcBlock = fc
  .tuple(
    fc.oneof(fc.constantFrom(0, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    fc.oneof(fc.constantFrom(16, 24), fc.integer({ min: 16, max: 24 })),
  )
  .map(([address, prefix]) => {
    const size = 2 ** (32 - prefix);
    const base = Math.floor(address / size) * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${prefix}`;
  });

/** A block and a zone count it holds: often exactly as many as it holds, the plan that fills it. */
const planWithZones = vpcBlock.chain((cidr) =>
  fc
    .oneof(fc.constant(zoneCapacity(cidr)), fc.integer({ min: 1, max: zoneCapacity(cidr) }))
    .map((zones) => ({ cidr, zones })),
);

describe("the subnet CIDR plan", () => {
  it("gives each zone one subnet per tier", () => {
    fc.assert(
      fc.property(planWithZones, ({ cidr, zones }) => {
        const plan = planSubnets(cidr, zones);
        assert.equal(plan.length, zones * TIERS.length);
        for (let zone = 0; zone < zones; zone++) {
          assert.deepEqual(
            plan.filter((b) => b.zoneIndex === zone).map((b) => b.tier),
            [...TIERS],
          );
        }
      }),
    );
  });

  it("keeps every subnet inside the VPC, without overlaps, and no smaller than AWS allows (/28)", () => {
    fc.assert(
      fc.property(planWithZones, ({ cidr, zones }) => {
        const [vpcStart, vpcEnd] = range(cidr);
        const ranges = planSubnets(cidr, zones).map((b) => {
          assert.ok(Number(b.cidr.split("/")[1]) <= 28, b.cidr);
          return range(b.cidr);
        });
        for (const [start, end] of ranges)
          assert.ok(start >= vpcStart && end <= vpcEnd, `${cidr}: ${start}-${end}`);
        const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < sorted.length; i++)
          assert.ok(sorted[i][0] > sorted[i - 1][1], `overlap in ${cidr}`);
        const capacity = zoneCapacity(cidr);
        if (zones === capacity) {
          // A full plan fills the block exactly: only the last zone's spare block is left after it.
          const [start, end] = sorted[sorted.length - 1];
          assert.equal(end + (end - start + 1), vpcEnd, `${cidr} with ${zones} zones`);
        }
        assert.throws(() => planSubnets(cidr, capacity + 1), RangeError, `${cidr} holds ${capacity}`);
      }),
    );
  });

  it("is stable when zones are added: existing subnets keep their CIDRs", () => {
    fc.assert(
      fc.property(
        planWithZones.filter(({ cidr, zones }) => zones < zoneCapacity(cidr)),
        ({ cidr, zones }) => {
          const before = planSubnets(cidr, zones);
          const after = planSubnets(cidr, zones + 1);
          assert.deepEqual(after.slice(0, before.length), before);
        },
      ),
    );
  });

  it("fits six zones in any /16 to /23 and four in a /24", () => {
    assert.equal(zoneCapacity("10.0.0.0/16") >= 6, true);
    assert.equal(zoneCapacity("10.0.0.0/23") >= 6, true);
    assert.equal(zoneCapacity("10.0.0.0/24"), 4);
    assert.throws(() => planSubnets("10.0.0.0/24", 5), /holds at most 4 zones/);
  });

  it("lays out a /16 as /21 blocks, zone by zone", () => {
    assert.deepEqual(
      planSubnets("10.0.0.0/16", 2).map((b) => `${b.tier}-${b.zoneIndex + 1} ${b.cidr}`),
      [
        "public-1 10.0.0.0/21",
        "private-1 10.0.8.0/21",
        "isolated-1 10.0.16.0/21",
        "public-2 10.0.32.0/21",
        "private-2 10.0.40.0/21",
        "isolated-2 10.0.48.0/21",
      ],
    );
  });
});
