import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { hasPromtool, promtool, writeRuleFiles } from "./support/promtool";
import { findResource, runStack } from "./support/harness";
import { inputsOf } from "./data-support";

const NS = "strata-prod";
const ready = (pod: string, values: string) => ({
  series: `kube_pod_status_ready{namespace="${NS}",condition="true",pod="${pod}"}`,
  values,
});
const FIRES = [
  {
    exp_labels: { severity: "critical" },
    exp_annotations: { summary: "The database Cluster has fewer than 3 ready instances" },
  },
];

/** The prod stack's database alert when the database is a CloudNativePG Cluster of 3 instances. */
const SCENARIOS = {
  rule_files: ["rules.yaml"],
  evaluation_interval: "1m",
  tests: [
    {
      // One instance of three unready; a Job's pod of the Cluster (ready) does not count as an instance.
      interval: "1m",
      input_series: [
        ready("database-1", "1x10"),
        ready("database-2", "1x10"),
        ready("database-3", "0x10"),
        ready("database-1-join-abcde", "1x10"),
      ],
      alert_rule_test: [{ eval_time: "8m", alertname: "DatabaseUnavailable", exp_alerts: FIRES }],
    },
    {
      // A restored Cluster's three instances, all ready.
      interval: "1m",
      input_series: ["1", "2", "3"].map((n) => ready(`database-r1a2b3c-${n}`, "1x10")),
      alert_rule_test: [{ eval_time: "8m", alertname: "DatabaseUnavailable", exp_alerts: [] }],
    },
    {
      // No instance pod at all (the Cluster is gone, or never came up).
      interval: "1m",
      input_series: [ready("compute-api-1", "1x10")],
      alert_rule_test: [{ eval_time: "8m", alertname: "DatabaseUnavailable", exp_alerts: FIRES }],
    },
  ],
};

describe("the database alert with CloudNativePG, run by promtool", function () {
  let dir: string;
  before(async function () {
    if (!hasPromtool) this.skip();
    const graph = await runStack("prod", {
      target: "kubernetes",
      override: { observability: { kubernetes: { prometheusOperator: true } } },
    });
    const rule = inputsOf(
      findResource(graph, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "observability-rules"),
    );
    dir = writeRuleFiles("strata-cnpg-alert-", rule.spec, SCENARIOS);
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fires when fewer than the 3 instances are ready, or none exist, and not for a healthy restored Cluster", () => {
    const result = promtool(dir, "test", "rules", "tests.yaml");
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});
