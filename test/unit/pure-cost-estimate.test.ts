import { strict as assert } from "node:assert";
import { AWS_RULES, FREE_AWS_TYPES } from "../../tools/cost/aws-rules";
import { HOURS_PER_MONTH, numberInput, type Charge } from "../../tools/cost/charges";
import { estimateCost, priceCharges, type Unpriced } from "../../tools/cost/estimate";
import { lookupPrice } from "../../tools/cost/prices";
import { requestedByLayer } from "../../tools/cost/kubernetes";
import { GraphIndex } from "../../tools/harness/graph-index";
import { costSection } from "../../stacks/schema/cost";
import type { Graph, GraphResource } from "../../tools/harness/graph";
import { graphResource } from "../support/graph-resource";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
/** The table's value, read rather than copied, so that a price update does not break these tests. */
const usd = (id: string, region: string) => lookupPrice(id, region)!.regional.usd;

const resource = (type: string, name: string, inputs: Record<string, unknown> = {}, custom = true) =>
  graphResource(type, name, inputs, { custom });

const graphOf = (resources: GraphResource[], target = "aws"): Graph => ({
  stack: "t",
  target,
  resources,
  outputs: {},
});

describe("cost: a resource input read as a number", () => {
  it("takes numbers and numeric text, and the fallback for anything else", () => {
    const r = (value: unknown) => resource("aws:x/y:Z", "r", { value });
    assert.equal(numberInput(r(3), "value"), 3);
    assert.equal(numberInput(r("512"), "value", 7), 512);
    assert.equal(numberInput(r("0.25"), "value", 7), 0.25);
    assert.equal(numberInput(r(0), "value", 7), 0);
    for (const bad of [undefined, null, true, "abc", Infinity, "Infinity", NaN, {}, [2]])
      assert.equal(numberInput(r(bad), "value", 7), 7, String(bad));
    assert.equal(numberInput(r(undefined), "value"), 0, "the fallback is 0 when unset");
    assert.equal(numberInput(resource("aws:x/y:Z", "r"), "missing", 4), 4);
  });
});

describe("cost: pricing one resource's charges", () => {
  const base = { layer: "network", type: "aws:ec2/natGateway:NatGateway", name: "nat" };
  const charge = (extra: Partial<Charge> = {}): Charge => ({
    item: "data processed",
    kind: "usage",
    quantity: 100,
    priceId: "nat.gb",
    ...extra,
  });

  it("prices in the forced region, else the charge's own, else the resource's", () => {
    const unpriced: Unpriced[] = [];
    const regions = (forced: string | undefined, own: string | undefined) =>
      priceCharges([charge(own ? { region: own } : {})], base, "eu-west-1", forced, unpriced).map((l) => [
        l.region,
        l.unitPrice,
      ]);
    assert.deepEqual(regions(undefined, undefined), [["eu-west-1", usd("nat.gb", "eu-west-1")]]);
    assert.deepEqual(regions(undefined, "us-east-1"), [["us-east-1", usd("nat.gb", "us-east-1")]]);
    assert.deepEqual(regions("eu-central-1", "us-east-1"), [["eu-central-1", usd("nat.gb", "eu-central-1")]]);
    assert.deepEqual(regions("eu-central-1", undefined), [["eu-central-1", usd("nat.gb", "eu-central-1")]]);
    assert.deepEqual(unpriced, []);
  });

  it("writes the whole line: the table's unit and basis, and quantity times the unit price", () => {
    const [line] = priceCharges([charge()], base, "us-east-1", undefined, []);
    const found = lookupPrice("nat.gb", "us-east-1")!;
    assert.deepEqual(line, {
      ...base,
      item: "data processed",
      kind: "usage",
      region: "us-east-1",
      quantity: 100,
      unit: found.price.unit,
      priceId: "nat.gb",
      unitPrice: found.regional.usd,
      basis: found.regional.basis,
      monthly: 100 * found.regional.usd,
    });
  });

  it("multiplies the unit price by the charge's factor and by its factor price", () => {
    const price = usd("nat.gb", "eu-west-1");
    const factor = usd("elasticache.valkey-node-factor", "eu-west-1");
    const [half, scaled, both] = priceCharges(
      [
        charge({ factor: 0.5 }),
        charge({ factorPriceId: "elasticache.valkey-node-factor" }),
        charge({ factor: 0.5, factorPriceId: "elasticache.valkey-node-factor" }),
      ],
      base,
      "eu-west-1",
      undefined,
      [],
    );
    assert.ok(close(half.unitPrice, price * 0.5) && close(half.monthly, 100 * price * 0.5));
    assert.ok(close(scaled.unitPrice, price * factor), `${scaled.unitPrice}`);
    assert.ok(close(both.unitPrice, price * 0.5 * factor));
    assert.notEqual(factor, 1, "the factor must change the price for this test to mean anything");
  });

  it("reports a charge whose price or factor price the table lacks, and prices the others", () => {
    const unpriced: Unpriced[] = [];
    const lines = priceCharges(
      [
        charge({ item: "a", priceId: "no.such-price" }),
        charge({ item: "b", factorPriceId: "no.such-factor" }),
        charge({ item: "c" }),
      ],
      base,
      "eu-west-1",
      undefined,
      unpriced,
    );
    assert.deepEqual(
      lines.map((l) => l.item),
      ["c"],
    );
    assert.deepEqual(unpriced, [
      { ...base, reason: "a: no price no.such-price in eu-west-1" },
      { ...base, reason: "b: no price no.such-factor in eu-west-1" },
    ]);
  });
});

describe("cost: the estimate of a whole graph", () => {
  const assumptions = costSection.parse({ natGbPerMonth: 120, logGbPerDay: 3 });

  it("shares the NAT traffic among the NAT gateways and the log volume among the log groups, counting custom resources of that type only", () => {
    const nats = [0, 1].map((i) => resource("aws:ec2/natGateway:NatGateway", `nat${i}`));
    const logs = [0, 1, 2].map((i) => resource("aws:cloudwatch/logGroup:LogGroup", `log${i}`));
    const others = [
      resource("aws:kms/key:Key", "key"),
      // Components of the same type string are not resources that cost anything, nor counted.
      resource("aws:ec2/natGateway:NatGateway", "not-a-nat", {}, false),
      resource("aws:cloudwatch/logGroup:LogGroup", "not-a-log", {}, false),
      resource("aws:kms/key:Key", "not-a-key", {}, false),
    ];
    const graph = graphOf([...nats, ...logs, ...others]);
    const e = estimateCost(graph, assumptions, "eu-west-1");
    const ctx = { index: new GraphIndex(graph), assumptions, logGroups: 3, natGateways: 2 };
    const expected = [...nats, ...logs, others[0]].flatMap((r) =>
      AWS_RULES[r.type](r, ctx).map((c) => [r.name, c.item, c.quantity]),
    );
    assert.deepEqual(
      e.lines.map((l) => [l.name, l.item, l.quantity]),
      expected,
    );
  });

  it("counts one NAT gateway and one log group when the graph has none, never dividing by 0", () => {
    const key = resource("aws:kms/key:Key", "key");
    const e = estimateCost(graphOf([key]), assumptions, "eu-west-1");
    assert.ok(e.lines.every((l) => Number.isFinite(l.monthly)));
    assert.equal(e.totals.total, usd("kms.key-month", "eu-west-1"));
  });

  it("reports unknown aws and awsx types, and skips free AWS types and other providers' resources", () => {
    const free = [...FREE_AWS_TYPES][0];
    const graph = graphOf([
      resource("aws:some/new:Thing", "aws-new"),
      resource("awsx:some:Thing", "awsx-new"),
      resource(free, "free"),
      resource("kubernetes:core/v1:Namespace", "ns"),
      resource("random:index/randomPassword:RandomPassword", "password"),
      resource("aws-native:s3:Bucket", "native"),
    ]);
    const e = estimateCost(graph, assumptions, "eu-west-1");
    assert.deepEqual(
      e.unpriced.map((u) => [u.name, u.reason]),
      [
        ["aws-new", "no price rule for this type"],
        ["awsx-new", "no price rule for this type"],
      ],
    );
    assert.deepEqual(e.lines, []);
  });

  it("describes the estimate: stack, target, stack region, USD, the hours of a month", () => {
    const e = estimateCost(graphOf([resource("aws:kms/key:Key", "key")]), assumptions, "us-east-1");
    assert.deepEqual(
      [e.stack, e.target, e.region, e.currency, e.hoursPerMonth, e.assumptions],
      ["t", "aws", "us-east-1", "USD", HOURS_PER_MONTH, assumptions],
    );
    assert.equal("kubernetes" in e, false, "an aws estimate has no Kubernetes requests");
  });

  describe("on the kubernetes target", () => {
    const workloads = () => {
      const app = { ...resource("strata:compute:Compute", "app"), custom: false };
      const deployment = {
        ...resource("kubernetes:apps/v1:Deployment", "web", {
          spec: {
            replicas: 2,
            template: { spec: { containers: [{ resources: { requests: { cpu: "1", memory: "2Gi" } } }] } },
          },
        }),
        parent: app.urn,
      };
      const claim = {
        ...resource("kubernetes:core/v1:PersistentVolumeClaim", "data", {
          spec: { resources: { requests: { storage: "10Gi" } } },
        }),
        parent: app.urn,
      };
      return graphOf([app, deployment, claim], "kubernetes");
    };
    const kubernetesOf = (prices: Record<string, number>) =>
      estimateCost(workloads(), costSection.parse({ kubernetes: prices }), "eu-west-1").kubernetes;

    it("shows what the pods request, without a price when the stack sets none", () => {
      assert.deepEqual(kubernetesOf({}), { compute: { vCpu: 2, memoryGb: 4, storageGb: 10 } });
      assert.deepEqual(kubernetesOf({}), requestedByLayer(new GraphIndex(workloads())));
    });

    it("prices each of CPU, memory and storage when it alone is set", () => {
      const monthly = (prices: Record<string, number>) => kubernetesOf(prices)!.compute.monthly!;
      assert.ok(close(monthly({ vCpuHour: 0.05 }), 2 * HOURS_PER_MONTH * 0.05));
      assert.ok(close(monthly({ memoryGbHour: 0.01 }), 4 * HOURS_PER_MONTH * 0.01));
      assert.ok(close(monthly({ storageGbMonth: 0.1 }), 10 * 0.1));
      assert.ok(
        close(
          monthly({ vCpuHour: 0.05, memoryGbHour: 0.01, storageGbMonth: 0.1 }),
          2 * HOURS_PER_MONTH * 0.05 + 4 * HOURS_PER_MONTH * 0.01 + 10 * 0.1,
        ),
      );
      assert.deepEqual(
        { ...kubernetesOf({ storageGbMonth: 0.1 })!.compute, monthly: undefined },
        { vCpu: 2, memoryGb: 4, storageGb: 10, monthly: undefined },
      );
    });
  });
});
