import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { estimateStack } from "../tools/cost/stack";
import type { CostEstimate } from "../tools/cost/estimate";
import { configErrorOf, runStack, stackFile } from "./support/harness";
import { previewInProcess } from "./support/preview";

describe("the cost estimate of the shipped stacks", function () {
  this.timeout(120_000);

  it("takes usage from the stack's cost: setting and prints the assumptions it used", async () => {
    const run = { override: { cost: { requestsPerMonth: 50_000_000, cdnGbPerMonth: 200 } } };
    const graph = await runStack("dev", run);
    const base = estimateStack(stackFile("dev"), graph);
    const busy = estimateStack(stackFile("dev", run), graph);
    assert.equal(busy.assumptions.requestsPerMonth, 50_000_000);
    const cdn = (e: CostEstimate, item: string) =>
      e.lines.find((l) => l.name === "cdn-distribution" && l.item.startsWith(item))?.monthly ?? NaN;
    assert.ok(Math.abs(cdn(busy, "HTTPS requests") - 5000 * 0.012) < 1e-9);
    assert.ok(Math.abs(cdn(busy, "data to viewers") - 200 * 0.085) < 1e-9);
    // Usage does not change what an idle stack pays.
    assert.equal(busy.totals.fixed, base.totals.fixed);
  });

  it("rejects a bad cost: setting with one clear error naming it, before any resource", async () => {
    const { error, graph } = await configErrorOf("dev", {
      override: { cost: { spotDiscount: 2, requestz: 1 } },
    });
    assert.match(error.message, /cost\.spotDiscount: expected a number from 0 to 0\.95, found 2/);
    assert.match(error.message, /cost\.requestz: expected one of the known settings \(requestsPerMonth, /);
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
  });

  it("sums what Kubernetes pods request per layer, priced only when the stack gives prices", async () => {
    const graph = await runStack("prod", { target: "kubernetes" });
    // prod: api and worker at 2 replicas each of 0.5 vCPU (the services' cpu 512); the database is CloudNativePG's
    // 3 instances (cloudnativePg.instances) of 1 vCPU each (database.kubernetes.cpu).
    const unpriced = estimateStack(stackFile("prod"), graph);
    assert.equal(unpriced.kubernetes?.database.vCpu, 3);
    assert.equal(unpriced.kubernetes?.database.monthly, undefined);
    assert.ok((unpriced.kubernetes?.database.storageGb ?? 0) >= 150);
    const prices = { cost: { kubernetes: { vCpuHour: 0.04, memoryGbHour: 0.005, storageGbMonth: 0.1 } } };
    const priced = estimateStack(stackFile("prod", { override: prices }), graph);
    const db = priced.kubernetes?.database;
    assert.ok(
      db &&
        Math.abs(
          (db.monthly ?? 0) - (db.vCpu * 730 * 0.04 + db.memoryGb * 730 * 0.005 + db.storageGb * 0.1),
        ) < 1e-9,
    );
  });

  // In process: test/preview-cli.test.ts runs `npm start` as a real process, and the flags are parsed the same way.
  it("npm start ends with the estimate, writes it with --cost and compares stacks with --compare", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "strata-cost-")), "cost.json");
    const { code, stdout } = await previewInProcess("--stack", "dev", "--cost", file, "--compare", "prod");
    assert.equal(code, 0);
    assert.match(stdout, /Monthly cost estimate: stack dev, target aws/);
    assert.match(
      stdout,
      /Assumptions \(override any under cost: in the stack file\): requestsPerMonth=1000000/,
    );
    assert.match(stdout, /Monthly cost, dev against prod/);
    const written = JSON.parse(readFileSync(file, "utf8")) as CostEstimate;
    assert.equal(written.stack, "dev");
    assert.ok(written.lines.length > 10);
    const total = stdout.match(/^ {2}total +[\d.]+ +[\d.]+ +([\d.]+)$/m)?.[1];
    assert.equal(total, written.totals.total.toFixed(2));
  });
});
