import { strict as assert } from "node:assert";
import { PRICES, PRICE_REGIONS } from "../tools/cost/prices";
import { AWS_RULES, FREE_AWS_TYPES } from "../tools/cost/aws-rules";
import { estimateStack } from "../tools/cost/stack";
import { runStack, stackFile } from "./support/harness";

const SHIPPED = [
  ["dev", "aws"],
  ["prod", "aws"],
  ["dev", "kubernetes"],
  ["prod", "kubernetes"],
] as const;

describe("the price table (tools/cost/prices.ts)", () => {
  it("gives every price a unit, an AWS pricing page, the day it was read and a figure for every stack region", () => {
    const ids = new Set<string>();
    for (const price of PRICES) {
      assert.ok(!ids.has(price.id), `${price.id} appears twice`);
      ids.add(price.id);
      assert.match(price.unit, /\S/, price.id);
      assert.match(
        price.page,
        /^https:\/\/aws\.amazon\.com\/[a-z0-9-]+(\/[a-z0-9-]+)*\/pricing\/$/,
        price.id,
      );
      assert.match(price.read, /^\d{4}-\d{2}-\d{2}$/, price.id);
      assert.ok(!Number.isNaN(Date.parse(price.read)), price.id);
      assert.deepEqual(
        price.regions.map((r) => r.region),
        [...PRICE_REGIONS],
        `${price.id} must have exactly one figure per region`,
      );
      for (const r of price.regions) {
        assert.ok(Number.isFinite(r.usd) && r.usd >= 0, `${price.id} ${r.region}`);
        // A figure read elsewhere than AWS's page names the page it was read on.
        if (r.basis === "third-party")
          assert.match(r.takenFrom ?? "", /^https:\/\//, `${price.id} ${r.region}`);
      }
    }
  });

  it("prices every AWS resource type the shipped stacks create, or lists it as free, in every stack region", async function () {
    this.timeout(120_000);
    for (const [stack, target] of SHIPPED) {
      const graph = await runStack(stack, { target });
      for (const r of graph.resources.filter((r) => r.custom && /^awsx?:/.test(r.type))) {
        assert.ok(
          AWS_RULES[r.type] !== undefined || FREE_AWS_TYPES.has(r.type),
          `${stack}/${target}: ${r.type} has neither a price rule nor a place in the free list`,
        );
      }
      for (const region of PRICE_REGIONS) {
        const estimate = estimateStack(stackFile(stack), graph, { region });
        assert.deepEqual(estimate.unpriced, [], `${stack}/${target} in ${region}`);
        if (target === "aws") assert.ok(estimate.totals.fixed > 0);
      }
    }
  });

  it("prices each resource in its provider's region: the web ACL in us-east-1, the DR copies in eu-central-1", async function () {
    this.timeout(60_000);
    const graph = await runStack("prod");
    const estimate = estimateStack(stackFile("prod"), graph);
    const regions = (name: string) => [
      ...new Set(estimate.lines.filter((l) => l.name === name).map((l) => l.region)),
    ];
    assert.deepEqual(regions("cdn-web-acl"), ["us-east-1"]);
    assert.deepEqual(regions("database-dr-key"), ["eu-central-1"]);
    assert.deepEqual(regions("database-cluster"), ["eu-west-1"]);
    const copies = estimate.lines.find((l) => l.item.startsWith("copies in the other region"));
    assert.equal(copies?.region, "eu-central-1");
  });
});
