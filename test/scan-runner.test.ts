import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAccepted, type Accepted } from "../tools/scan/accepted";
import type { CheckResult } from "../tools/scan/findings";
import { judge, readAllAccepted, renderTable } from "../tools/scan/scan";
import { checkovEnv } from "../tools/scan/tools";

const result = (overrides: Partial<CheckResult>): CheckResult => ({
  tool: "checkov",
  stack: "prod",
  target: "aws",
  check: "CKV_AWS_18",
  resource: "aws_s3_bucket.cdn-logs",
  passed: false,
  ...overrides,
});
const entry = (overrides: Partial<Accepted>): Accepted => ({
  check: "CKV_AWS_18",
  resource: "aws_s3_bucket.c*-logs",
  stacks: ["prod"],
  target: "aws",
  reason: "a log destination bucket; logging it would need another bucket, and so on",
  ...overrides,
});

describe("scan: judging findings against the accepted-findings files", () => {
  it("counts passed, failed and accepted per tool, stack and target", () => {
    const report = judge(
      [
        result({ passed: true, check: "CKV_AWS_1" }),
        result({}),
        result({ resource: "aws_s3_bucket.cdn-bucket" }),
        result({ stack: "dev" }),
        result({
          tool: "kube-score",
          target: "kubernetes",
          check: "pod-networkpolicy",
          resource: "Deployment/x/api",
        }),
      ],
      { checkov: [entry({})], "kube-score": [] },
    );
    assert.deepEqual(report.rows, [
      { tool: "checkov", stack: "prod", target: "aws", passed: 1, failed: 1, accepted: 1 },
      { tool: "checkov", stack: "dev", target: "aws", passed: 0, failed: 1, accepted: 0 },
      { tool: "kube-score", stack: "prod", target: "kubernetes", passed: 0, failed: 1, accepted: 0 },
    ]);
    // Only the bucket the entry names, only on the stack it names: the same check elsewhere still fails.
    assert.deepEqual(
      report.failures.map((f) => `${f.tool} ${f.stack} ${f.resource}`),
      [
        "checkov prod aws_s3_bucket.cdn-bucket",
        "checkov dev aws_s3_bucket.cdn-logs",
        "kube-score prod Deployment/x/api",
      ],
    );
    assert.deepEqual(report.stale, []);
  });

  it("an entry that matches no finding any more is stale (the finding is gone, so must the entry be)", () => {
    const gone = entry({ check: "CKV_AWS_144" });
    const report = judge([result({ passed: true })], { checkov: [gone] });
    assert.deepEqual(report.stale, [{ tool: "checkov", entry: gone }]);
    // An entry for a stack that was not scanned is not judged.
    assert.deepEqual(judge([result({ passed: true, stack: "dev" })], { checkov: [gone] }).stale, []);
  });

  it("prints the table: tool, stack, target, passed, failed, accepted", () => {
    const table = renderTable([
      { tool: "checkov", stack: "prod", target: "aws", passed: 600, failed: 2, accepted: 30 },
    ]);
    assert.deepEqual(table.split("\n"), [
      "tool     stack  target  passed  failed  accepted",
      "checkov  prod   aws        600       2        30",
    ]);
  });

  it("refuses an entry without a reason a reviewer can judge", () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-accepted-"));
    try {
      writeFileSync(
        join(dir, "checkov.yaml"),
        "- check: CKV_AWS_18\n  resource: x\n  stacks: [prod]\n  target: aws\n  reason: n/a\n",
      );
      assert.throws(() => readAccepted("checkov", dir), /reason: a reason a reviewer can judge/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the shipped files parse, name real check IDs, and list each finding once", () => {
    const accepted = readAllAccepted();
    for (const e of accepted.checkov) assert.match(e.check, /^CKV2?_(AWS|K8S)_\d+$/);
    for (const e of accepted["kube-score"]) assert.match(e.check, /^[a-z-]+$/);
    for (const [tool, entries] of Object.entries(accepted)) {
      const keys = entries.map((e) => `${e.check} ${e.resource} ${e.target}`);
      assert.equal(new Set(keys).size, keys.length, `${tool}: an entry is listed twice`);
    }
  });

  it("Checkov runs with no API key and no download of its vendor's mapping", () => {
    process.env.BC_API_KEY = "should-not-reach-checkov";
    try {
      const env = checkovEnv();
      assert.equal(env.BC_API_KEY, undefined);
      assert.equal(env.BC_SKIP_MAPPING, "TRUE");
      assert.equal(env.CKV_SKIP_PACKAGE_UPDATE_CHECK, "TRUE");
      // Checkov's own default (forked workers: npm run scan has the cores to itself); none when asked for one process.
      assert.equal(env.CHECKOV_PARALLELIZATION_TYPE, process.env.CHECKOV_PARALLELIZATION_TYPE);
      assert.equal(checkovEnv(true).CHECKOV_PARALLELIZATION_TYPE, "none");
    } finally {
      delete process.env.BC_API_KEY;
    }
  });
});
