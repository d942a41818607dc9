import { strict as assert } from "node:assert";
import fc from "fast-check";
import { configErrorOf } from "./support/harness";
import { crossCheckProblems } from "../stacks/cross-checks";
import { REGION_ZONES, ZONES_READ_ON } from "../stacks/regions";
import { MAX_ZONES, MIN_ZONES } from "../stacks/schema/network";

describe("network on aws: zones the region really has", () => {
  it("rejects aws.zones 6 in eu-west-1, which has 3, before anything is registered", async () => {
    const { error, graph } = await configErrorOf("dev", { override: { aws: { zones: 6 } } });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.expected, p.found]),
      [
        [
          "aws.zones",
          `at most 3, the Availability Zones of eu-west-1 (AWS's figure of ${ZONES_READ_ON})`,
          "6",
        ],
      ],
    );
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
  });

  it("rejects a region the table does not know, naming the setting", async () => {
    const { error } = await configErrorOf("dev", { override: { aws: { region: "eu-atlantis-1" } } });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.found]),
      [["aws.region", "eu-atlantis-1"]],
    );
  });

  it("accepts exactly the zone counts each supported region has, on aws only (property)", () => {
    const regions = Object.keys(REGION_ZONES);
    fc.assert(
      fc.property(
        // Zone counts across the schema's range, and often exactly the region's own count and one more.
        fc
          .constantFrom(...regions)
          .chain((region) =>
            fc
              .oneof(
                fc.constantFrom(
                  REGION_ZONES[region],
                  Math.min(REGION_ZONES[region] + 1, MAX_ZONES),
                  MIN_ZONES,
                  MAX_ZONES,
                ),
                fc.integer({ min: MIN_ZONES, max: MAX_ZONES }),
              )
              .map((zones) => [region, zones] as const),
          ),
        fc.constantFrom("aws", "kubernetes"),
        ([region, zones], target) => {
          const problems = crossCheckProblems({ target, aws: { region, zones, vpcCidr: "10.0.0.0/16" } });
          const flagged = problems.some((p) => p.setting === "aws.zones");
          assert.equal(flagged, target === "aws" && zones > REGION_ZONES[region]);
        },
      ),
    );
  });

  it("holds AWS's figures: every region has at least three zones, none more than the network spans", () => {
    for (const [region, zones] of Object.entries(REGION_ZONES)) {
      assert.ok(zones >= 3 && zones <= MAX_ZONES, `${region}: ${zones}`);
    }
    assert.equal(REGION_ZONES["eu-west-1"], 3);
    assert.equal(REGION_ZONES["us-east-1"], 6);
  });
});
