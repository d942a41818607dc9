import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { hasPromtool, promtool, writeRuleFiles } from "./support/promtool";
import { registeredBy, named } from "./support/component";
import { Observability } from "../components/observability";
import { Naming } from "../components/naming";
import { PRESETS } from "../stacks/presets";
import type { Thresholds } from "../stacks/schema/observability";

const t = PRESETS.prod.observability!.thresholds as Thresholds;
const NS = "strata-prod";

/** The alert scenarios: series as Prometheus would scrape them, and which alerts must fire when. */
const SCENARIOS = {
  rule_files: ["rules.yaml"],
  evaluation_interval: "1m",
  tests: [
    {
      interval: "1m",
      input_series: [
        // 10% of the api's responses are 5xx (prod fires above 2%).
        {
          series: `nginx_ingress_controller_requests{exported_namespace="${NS}",exported_service="api",status="500"}`,
          values: "0+10x30",
        },
        {
          series: `nginx_ingress_controller_requests{exported_namespace="${NS}",exported_service="api",status="200"}`,
          values: "0+90x30",
        },
        // 0.5% for the worker: below the threshold.
        {
          series: `nginx_ingress_controller_requests{exported_namespace="${NS}",exported_service="worker",status="503"}`,
          values: "0+1x30",
        },
        {
          series: `nginx_ingress_controller_requests{exported_namespace="${NS}",exported_service="worker",status="200"}`,
          values: "0+199x30",
        },
        // One restart a minute.
        {
          series: `kube_pod_container_status_restarts_total{namespace="${NS}",pod="api-1",container="api"}`,
          values: "0+1x30",
        },
        // The database StatefulSet has 0 of 1 replicas ready; the cache is healthy.
        {
          series: `kube_statefulset_status_replicas_ready{namespace="${NS}",statefulset="database-postgres"}`,
          values: "0x30",
        },
        {
          series: `kube_statefulset_replicas{namespace="${NS}",statefulset="database-postgres"}`,
          values: "1x30",
        },
        {
          series: `kube_statefulset_status_replicas_ready{namespace="${NS}",statefulset="cache-redis"}`,
          values: "1x30",
        },
        { series: `kube_statefulset_replicas{namespace="${NS}",statefulset="cache-redis"}`, values: "1x30" },
      ],
      alert_rule_test: [
        {
          eval_time: "15m",
          alertname: "HighErrorRate",
          exp_alerts: [
            {
              exp_labels: { severity: "critical", service: "api" },
              exp_annotations: {
                summary: `More than ${t.loadBalancer5xxPercent}% of api's responses are 5xx`,
              },
            },
          ],
        },
        {
          eval_time: "15m",
          alertname: "PodRestarting",
          exp_alerts: [
            {
              exp_labels: { severity: "warning", namespace: NS, pod: "api-1", container: "api" },
              exp_annotations: {
                summary: `Container api of api-1 restarted ${t.podRestarts}+ times in 15 minutes`,
              },
            },
          ],
        },
        {
          eval_time: "15m",
          alertname: "DatabaseUnavailable",
          exp_alerts: [
            {
              exp_labels: { severity: "critical", namespace: NS, statefulset: "database-postgres" },
              exp_annotations: {
                summary: "The database StatefulSet database-postgres has fewer ready replicas than wanted",
              },
            },
          ],
        },
        { eval_time: "15m", alertname: "CacheUnavailable", exp_alerts: [] },
        // `for: 5m`: not yet firing two minutes in.
        { eval_time: "2m", alertname: "DatabaseUnavailable", exp_alerts: [] },
      ],
    },
  ],
};

/**
 * The PrometheusRule the component makes, checked and unit-tested by Prometheus's own promtool when the
 * machine has it (CI without it skips): the PromQL parses, and each alert fires on the series it watches.
 */
describe("the PrometheusRule's alerts, run by promtool", function () {
  let dir: string;

  before(async function () {
    if (!hasPromtool) this.skip();
    const registered = await registeredBy(() => {
      new Observability("observability", {
        target: "kubernetes",
        naming: new Naming("strata", "prod"),
        kubernetes: {
          namespace: NS,
          namespaceName: NS,
          prometheusOperator: true,
          selectorLabels: {},
          monitoringNamespace: "monitoring",
          thresholds: t,
          services: [
            { name: "api", serviceName: "api", port: "http", labels: {} },
            { name: "worker", serviceName: "worker", port: "http", labels: {} },
          ],
          database: true,
          cache: true,
        },
      });
    });
    const rule = named(registered, "observability-rules").inputs as { spec: unknown };
    dir = writeRuleFiles("strata-promtool-", rule.spec, SCENARIOS);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("parses: every expression is valid PromQL and every alert name valid", () => {
    const result = promtool(dir, "check", "rules", "rules.yaml");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /SUCCESS: 8 rules found/);
  });

  it("fires on a high error rate, restarts and an unready database, and stays quiet otherwise", () => {
    const result = promtool(dir, "test", "rules", "tests.yaml");
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});
