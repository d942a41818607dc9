import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../tools/harness/run";
import { byType, runStack, sharedPlan, stackFile, STACK_MATRIX, type Graph } from "./support/harness";
import { withoutStackTraces } from "./support/traces";
import { pauseSdkBookkeeping } from "../tools/harness/sdk-bookkeeping";
import { ec2, ssm } from "../components/shared/aws/sdk";

const SUBNET = "aws:ec2/subnet:Subnet";
// The SDK's bookkeeping that runs pause (tools/harness/sdk-bookkeeping.ts): internal, so typed here.
const SDK_RESOURCE = pulumi.Resource as unknown as { callsites(): unknown[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(promise: Promise<T>, context: string): Promise<T>;
};
const sourcePositions = () => JSON.stringify(SDK_RESOURCE.callsites());
/** Whether the SDK wraps and tracks a promise it is given (for its leak report at exit). */
function tracked(): boolean {
  const promise = Promise.resolve();
  return debuggable.debuggablePromise(promise, "probe") !== promise;
}

describe("the test harness's shared plans", () => {
  for (const { stack, target } of STACK_MATRIX) {
    it(`${stack} on ${target}: the shared plan is what a fresh run of the program builds`, async () => {
      // Sharing is only sound if a run leaves nothing behind that changes the next one.
      const fresh = await withoutStackTraces(() => runProgram(stackFile(stack), { target }));
      assert.deepEqual(await sharedPlan(stack, target), fresh);
    });
  }

  it("is the graph a run with the SDK's bookkeeping on builds: pausing it changes nothing registered", async function () {
    // prod on aws has the most resources, several registered inside apply callbacks, where timing could show.
    // This run keeps every promise's trace and leak tracking and every resource's source position.
    this.timeout(120_000);
    const kept = await runProgram(stackFile("prod"), { target: "aws" });
    assert.deepEqual(await sharedPlan("prod", "aws"), kept);
  });

  it("reads a stack file once, and gives each run a copy whose removals do not leak into the next", () => {
    // No override: the removal reaches the stack file's own nested map, not a merged one.
    const removed = stackFile("prod", { remove: ["aws.region"] });
    assert.equal((removed.values.aws as Record<string, unknown>).region, undefined);
    assert.deepEqual(stackFile("prod").values.aws, { region: "eu-west-1", vpcCidr: "10.20.0.0/16" });
  });

  it("can keep the SDK's promise tracking while pausing source positions, as npm start does", () => {
    // npm start runs once and exits: the SDK's leak report still fails it on a promise left unresolved.
    const resume = pauseSdkBookkeeping({ keepLeakReport: true });
    try {
      assert.deepEqual(
        { sourcePositions: sourcePositions(), tracked: tracked() },
        { sourcePositions: "[]", tracked: true },
      );
    } finally {
      resume();
    }
    assert.match(sourcePositions(), /harness\.test\.ts/);
  });

  it("is frozen all the way down, so a test cannot change what other tests read", async () => {
    const plan = await sharedPlan("dev", "aws");
    const vpc = byType(plan, "aws:ec2/vpc:Vpc")[0];
    assert.throws(() => plan.resources.pop(), TypeError);
    assert.throws(() => {
      (vpc.inputs as Record<string, unknown>).cidrBlock = "192.168.0.0/16";
    }, TypeError);
    assert.equal((await sharedPlan("dev", "aws")).resources.length, plan.resources.length);
  });

  it("gives runStack a copy of its own, which the next runStack does not see", async () => {
    const mine = await runStack("dev", { target: "aws" });
    const count = mine.resources.length;
    mine.resources.length = 0;
    assert.equal((await runStack("dev")).resources.length, count, "dev's own target is the same plan");
  });

  it("builds a fresh plan whenever a test overrides the stack file, and leaves the shared one alone", async () => {
    const zones = (graph: Graph) => byType(graph, SUBNET).length / 3;
    const overridden = await runStack("dev", { override: { aws: { zones: 3 } } });
    assert.equal(zones(overridden), 3);
    assert.equal(zones(await runStack("dev")), 2);
    // A second, different override is a plan of its own too; four zones need a region that has them
    // (eu-west-1, dev's region, has three: stacks/regions.ts).
    const fourZones = await runStack("dev", { override: { aws: { region: "us-west-2", zones: 4 } } });
    assert.equal(zones(fourZones), 4);
    assert.equal(zones(await runStack("dev")), 2);
  });

  it("turns stack traces off only while a program runs", async function () {
    if (process.env.STRATA_TRACE === "1") this.skip();
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    let during: { limit: number; sourcePositions: string; tracked: boolean } | undefined;
    await withoutStackTraces(async () => {
      during = { limit: Error.stackTraceLimit, sourcePositions: sourcePositions(), tracked: tracked() };
      await runStack("dev", { override: { aws: { zones: 3 } } });
    });
    assert.deepEqual(during, { limit: 0, sourcePositions: "[]", tracked: false });
    assert.equal(Error.stackTraceLimit, limit);
    assert.equal(Error.prepareStackTrace, prepare);
    assert.match(String(new Error("after").stack), /harness\.test\.ts/);
    assert.match(sourcePositions(), /harness\.test\.ts/, "resources read their source position again");
    assert.ok(tracked(), "the SDK tracks its promises again");
  });
});

describe("the offline engine's data-source answers", () => {
  it("fail a run on a call they do not answer, naming the call and where to add it", async () => {
    const program = async () => {
      await ec2.getVpc({ default: true });
    };
    await assert.rejects(
      withoutStackTraces(() => runProgram(stackFile("dev"), { target: "aws", program })),
      /no answer for the call aws:ec2\/getVpc:getVpc; add one in tools\/harness\/mocks\.ts/,
    );
  });

  it("fail a call they cannot answer with the reason, naming the call", async () => {
    const program = async () => {
      await ssm.getParameter({ name: "/strata/dev/not-public" });
    };
    await assert.rejects(
      withoutStackTraces(() => runProgram(stackFile("dev"), { target: "aws", program })),
      /aws:ssm\/getParameter:getParameter: the offline engine has no value for the SSM parameter \/strata\/dev\/not-public/,
    );
  });
});
