import { strict as assert } from "node:assert";
import fc from "fast-check";
import { serverlessAcuHours, spotShare } from "../tools/cost/aws-rules";
import { HOURS_PER_MONTH } from "../tools/cost/charges";
import { cpuOf, gibOf } from "../tools/cost/kubernetes";
import { estimateCost } from "../tools/cost/estimate";
import { costSection } from "../stacks/schema/cost";
import type { Graph, GraphResource } from "../tools/harness/graph";
import { graphResource as resource } from "./support/graph-resource";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A number from [min, max], often exactly at either end (where a clamp or a division shows its edges). */
const between = (min: number, max: number, ...inside: number[]) =>
  fc.oneof(fc.constantFrom(min, max, ...inside), fc.double({ min, max, noNaN: true }));
const wholeUpTo = (max: number, ...inside: number[]) =>
  fc.oneof(fc.constantFrom(0, 1, max, ...inside), fc.nat(max));

describe("the cost estimate's arithmetic", () => {
  it("Serverless v2: the minimum is fixed, never negative usage, and the total is the average over the active hours", () => {
    fc.assert(
      fc.property(
        between(0, 128, 0.5),
        between(0, 128, 0.5),
        // The average: unset (the minimum, at least 0.5), anywhere, or exactly at the minimum or the maximum.
        fc.oneof(fc.constant(undefined), between(0, 256), fc.constantFrom("min", "max")),
        between(0, HOURS_PER_MONTH),
        (a, b, chosen, active) => {
          const [min, max] = a <= b ? [a, Math.max(b, 0.5)] : [b, Math.max(a, 0.5)];
          const average = chosen === "min" ? min : chosen === "max" ? max : chosen;
          const { fixed, usage } = serverlessAcuHours(min, max, average, active);
          assert.ok(close(fixed, min * HOURS_PER_MONTH));
          assert.ok(usage >= 0);
          const clamped = Math.min(max, Math.max(average ?? Math.max(min, 0.5), min));
          const hours = min > 0 ? HOURS_PER_MONTH : active;
          assert.ok(close(fixed + usage, Math.max(fixed, clamped * hours)));
        },
      ),
    );
  });

  it("Serverless v2 with a minimum of 0 costs nothing fixed and nothing at all with no active hours", () => {
    assert.deepEqual(serverlessAcuHours(0, 2, undefined, 0), { fixed: 0, usage: 0 });
    assert.deepEqual(serverlessAcuHours(0, 2, undefined, 100), { fixed: 0, usage: 50 });
  });

  it("Spot's share of the tasks is the Spot weight over all weights, within [0, 1]", () => {
    fc.assert(
      // ECS takes weights from 0 to 1,000; both 0 is the case without a share.
      fc.property(wholeUpTo(1000), wholeUpTo(1000), (onDemand, spot) => {
        const share = spotShare([
          { capacityProvider: "FARGATE", weight: onDemand },
          { capacityProvider: "FARGATE_SPOT", weight: spot },
        ]);
        assert.ok(share >= 0 && share <= 1);
        assert.ok(close(share, onDemand + spot === 0 ? 0 : spot / (onDemand + spot)));
      }),
    );
  });

  it("reads Kubernetes quantities: millicores and binary byte units", () => {
    fc.assert(
      fc.property(wholeUpTo(64_000, 999, 1000, 1001), (milli) => {
        assert.ok(close(cpuOf(`${milli}m`), milli / 1000));
        assert.ok(close(cpuOf(String(milli / 1000)), milli / 1000), "the same in cores");
      }),
    );
    const units: [string, number][] = [
      ["", 1],
      ["Ki", 2 ** 10],
      ["Mi", 2 ** 20],
      ["Gi", 2 ** 30],
      ["Ti", 2 ** 40],
      ["k", 1e3],
      ["M", 1e6],
      ["G", 1e9],
      ["T", 1e12],
    ];
    fc.assert(
      fc.property(wholeUpTo(4096, 1023, 1024, 1025), fc.constantFrom(...units), (n, [unit, bytes]) => {
        assert.ok(close(gibOf(`${n}${unit}`), (n * bytes) / 2 ** 30), `${n}${unit}`);
      }),
    );
    // A quantity with any character outside the notation (a space, a sign, a wrong-case unit) is no quantity.
    const stray = fc.constantFrom(" ", "-", "+", "e", "i", "m", "K", "g", "/", "é");
    fc.assert(
      fc.property(wholeUpTo(4096), fc.constantFrom(...units), stray, fc.boolean(), (n, [unit], c, before) => {
        const text = before ? `${c}${n}${unit}` : `${n}${unit}${c}`;
        // "i" after M, G or T makes a binary unit of a decimal one: a quantity still.
        if (before || c !== "i" || !["M", "G", "T"].includes(unit)) assert.equal(gibOf(text), 0, text);
        const cores = before ? `${c}${n}` : `${n}${c}`;
        if (before || c !== "m") assert.equal(cpuOf(cores), 0, cores);
      }),
    );
    assert.equal(gibOf("10Gi"), 10);
    assert.equal(cpuOf("2"), 2);
    assert.equal(cpuOf(undefined), 0);
  });

  it("the totals are the sum of the lines, per layer and per type, fixed and usage apart", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ keys: wholeUpTo(20), alarms: wholeUpTo(20), requests: wholeUpTo(1e9) }), {
          minLength: 1,
          maxLength: 4,
        }),
        (layers) => {
          const resources: GraphResource[] = [];
          layers.forEach((layer, l) => {
            const component = resource(`strata:layer${l}:Thing`, `layer${l}`, {}, { custom: false });
            resources.push(component);
            for (let i = 0; i < layer.keys; i++) {
              resources.push(resource("aws:kms/key:Key", `k${l}-${i}`, {}, { parent: component.urn }));
            }
            for (let i = 0; i < layer.alarms; i++) {
              resources.push(
                resource(
                  "aws:cloudwatch/metricAlarm:MetricAlarm",
                  `a${l}-${i}`,
                  {},
                  { parent: component.urn },
                ),
              );
            }
            resources.push(
              resource("aws:wafv2/webAcl:WebAcl", `w${l}`, { rules: [{}, {}] }, { parent: component.urn }),
            );
          });
          const graph: Graph = { stack: "t", target: "aws", resources, outputs: {} };
          const assumptions = costSection.parse({ requestsPerMonth: layers[0].requests });
          const e = estimateCost(graph, assumptions, "eu-west-1");
          const sum = e.lines.reduce((s, line) => s + line.monthly, 0);
          assert.ok(close(e.totals.total, sum));
          assert.ok(close(e.totals.total, e.totals.fixed + e.totals.usage));
          const byLayer = Object.values(e.byLayer).reduce((s, t) => s + t.total, 0);
          const byType = Object.values(e.byType).reduce((s, t) => s + t.total, 0);
          assert.ok(close(byLayer, sum) && close(byType, sum));
          layers.forEach((layer, l) => {
            // A key is 1 USD, an alarm metric 0.10, a web ACL 5 plus 1 a rule: all fixed; requests are usage.
            assert.ok(close(e.byLayer[`layer${l}`].fixed, layer.keys + 0.1 * layer.alarms + 7));
            assert.ok(close(e.byLayer[`layer${l}`].usage, (layers[0].requests / 1e6) * 0.6));
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("prices a Fargate service from its task definition, Spot's share discounted", () => {
    const task = resource("aws:ecs/taskDefinition:TaskDefinition", "t", { cpu: "512", memory: "1024" });
    const service = resource(
      "aws:ecs/service:Service",
      "s",
      {
        desiredCount: 2,
        capacityProviderStrategies: [
          { capacityProvider: "FARGATE", weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
      },
      { inputDependencies: [task.urn] },
    );
    const graph: Graph = { stack: "t", target: "aws", resources: [task, service], outputs: {} };
    const e = estimateCost(graph, costSection.parse({ spotDiscount: 0.6 }), "us-east-1");
    const factor = 1 - 0.75 * 0.6;
    const expected = 2 * HOURS_PER_MONTH * (0.5 * 0.04048 + 1 * 0.004445) * factor;
    assert.ok(close(e.totals.fixed, expected), `${e.totals.fixed} != ${expected}`);
  });

  it("reports a resource whose price is missing instead of costing it at 0", () => {
    const group = resource("aws:elasticache/replicationGroup:ReplicationGroup", "c", {
      nodeType: "cache.x99.huge",
      numCacheClusters: 2,
    });
    const unknown = resource("aws:some/new:Thing", "n", {});
    const graph: Graph = { stack: "t", target: "aws", resources: [group, unknown], outputs: {} };
    const e = estimateCost(graph, costSection.parse({}), "eu-west-1");
    assert.equal(e.totals.total, 0);
    assert.deepEqual(
      e.unpriced.map((u) => [u.name, u.reason]),
      [
        ["c", "2 x cache.x99.huge node hours: no price elasticache.cache.x99.huge.hour in eu-west-1"],
        ["n", "no price rule for this type"],
      ],
    );
  });
});
