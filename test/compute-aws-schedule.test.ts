import { strict as assert } from "node:assert";
import fc from "fast-check";
import { byType, configErrorOf, findResource, runStack, stackFile, type Graph } from "./support/harness";
import { parseScheduleCron, scheduleCron, weeklyHours } from "../components/shared/working-hours";
import { WEEKDAYS, type Weekday } from "../stacks/schema/schedule";
import { estimateStack } from "../tools/cost/stack";

const ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const TARGET = "aws:appautoscaling/target:Target";

function actions(graph: Graph): unknown[][] {
  return byType(graph, ACTION).map((a) => [
    a.name,
    a.inputs.resourceId,
    a.inputs.schedule,
    a.inputs.timezone,
    a.inputs.scalableTargetAction,
  ]);
}

describe("compute on aws: working hours (compute.aws.schedule)", () => {
  let dev: Graph;
  let prod: Graph;
  before(async () => {
    dev = await runStack("dev");
    prod = await runStack("prod");
  });

  it("scales every dev service to zero at 18:00 and back to its configured bounds at 08:00, weekdays, Dublin time", () => {
    assert.deepEqual(actions(dev), [
      [
        "compute-api-start",
        "service/strata-dev-cluster/api",
        "cron(0 8 ? * MON,TUE,WED,THU,FRI *)",
        "Europe/Dublin",
        { minCapacity: 1, maxCapacity: 3 },
      ],
      [
        "compute-api-stop",
        "service/strata-dev-cluster/api",
        "cron(0 18 ? * MON,TUE,WED,THU,FRI *)",
        "Europe/Dublin",
        { minCapacity: 0, maxCapacity: 0 },
      ],
      [
        "compute-worker-start",
        "service/strata-dev-cluster/worker",
        "cron(0 8 ? * MON,TUE,WED,THU,FRI *)",
        "Europe/Dublin",
        { minCapacity: 1, maxCapacity: 1 },
      ],
      [
        "compute-worker-stop",
        "service/strata-dev-cluster/worker",
        "cron(0 18 ? * MON,TUE,WED,THU,FRI *)",
        "Europe/Dublin",
        { minCapacity: 0, maxCapacity: 0 },
      ],
    ]);
  });

  it("restores the minimum the stack sets: the start action follows replicas, not the preset", async () => {
    const file = stackFile("dev");
    const services = (file.values.services as { name: string; replicas: unknown }[]).map((s) =>
      s.name === "api" ? { ...s, replicas: { min: 2, max: 5 } } : s,
    );
    const graph = await runStack("dev", { override: { services } });
    const start = findResource(graph, ACTION, "compute-api-start");
    assert.deepEqual(start.inputs.scalableTargetAction, { minCapacity: 2, maxCapacity: 5 });
  });

  it("keeps the schedule's bounds and the running count out of later deploys, and creates one action at a time", () => {
    for (const target of byType(dev, TARGET))
      assert.deepEqual(target.ignoreChanges, ["minCapacity", "maxCapacity"]);
    for (const service of byType(dev, "aws:ecs/service:Service")) {
      assert.deepEqual(service.ignoreChanges, ["desiredCount"]);
    }
    // Application Auto Scaling rejects concurrent updates of one target: start waits for the policies, stop for start.
    const urn = (name: string, type: string) => findResource(dev, type, name).urn;
    const start = findResource(dev, ACTION, "compute-api-start");
    assert.deepEqual(start.dependsOn, [
      urn("compute-api", TARGET),
      urn("compute-api-cpu", "aws:appautoscaling/policy:Policy"),
      urn("compute-api-requests", "aws:appautoscaling/policy:Policy"),
    ]);
    assert.deepEqual(findResource(dev, ACTION, "compute-api-stop").dependsOn, [
      urn("compute-api", TARGET),
      start.urn,
    ]);
  });

  it("is off in prod: its services run around the clock, and its worker's fixed bounds stay the engine's", () => {
    assert.deepEqual(actions(prod), []);
    for (const target of byType(prod, TARGET)) assert.equal(target.ignoreChanges, undefined);
  });

  it("counts only the working hours of the tasks in the idle estimate, and says so", () => {
    const lines = estimateStack(stackFile("dev"), dev).lines.filter(
      (l) => l.type === "aws:ecs/service:Service",
    );
    const vcpu = lines.filter((l) => l.priceId === "fargate.vcpu-hour");
    // 50 hours a week: 50 x 730 / 168 hours a month, a quarter of a vCPU each.
    for (const line of vcpu)
      assert.ok(Math.abs(line.quantity - (0.25 * 50 * 730) / 168) < 1e-9, String(line.quantity));
    assert.match(
      String(vcpu[0].assumption),
      /runs 50 h a week \(MON,TUE,WED,THU,FRI 08:00-18:00 Europe\/Dublin\), 217 of 730 h a month/,
    );
    const prodLines = estimateStack(stackFile("prod"), prod).lines.filter(
      (l) => l.type === "aws:ecs/service:Service" && l.priceId === "fargate.vcpu-hour",
    );
    for (const line of prodLines) assert.equal(line.assumption, undefined);
  });

  it("writes cron expressions it reads back, and counts the hours of any schedule", () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    const days = fc.subarray([...WEEKDAYS] as Weekday[], { minLength: 1 });
    fc.assert(
      fc.property(days, time, (d, t) => {
        assert.deepEqual(parseScheduleCron(scheduleCron(d, t)), { days: d, time: t });
      }),
    );
    assert.equal(
      weeklyHours({ days: ["MON", "TUE", "WED", "THU", "FRI"], start: "07:00", stop: "19:00" }),
      60,
    );
    assert.equal(weeklyHours({ days: ["SAT"], start: "09:30", stop: "12:00" }), 2.5);
    assert.equal(parseScheduleCron("rate(1 hour)"), undefined);
  });

  it("refuses a stop that is not after the start, an unknown time zone, a bad time and an unknown day", async () => {
    const schedule = { days: ["MON", "FUN"], start: "8am", stop: "18:00", timezone: "Europe/Dublin" };
    const bad = await configErrorOf("dev", { override: { compute: { aws: { schedule } } } });
    assert.match(
      bad.error.message,
      /compute\.aws\.schedule\.days\[1\]: expected one of MON, TUE, WED, THU, FRI, SAT, SUN, found "FUN"/,
    );
    assert.match(
      bad.error.message,
      /compute\.aws\.schedule\.start: expected a time of day as HH:MM \(24 hours\)/,
    );
    const order = await configErrorOf("dev", {
      override: {
        compute: { aws: { schedule: { start: "19:00", stop: "07:00", timezone: "Mars/Olympus" } } },
      },
    });
    assert.match(
      order.error.message,
      /compute\.aws\.schedule\.stop: expected a time later on the same day than start \(19:00\), found 07:00/,
    );
    assert.match(order.error.message, /compute\.aws\.schedule\.timezone: expected an IANA time zone/);
  });
});
