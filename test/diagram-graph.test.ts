import { strict as assert } from "node:assert";
import { diagramOf, toMermaid } from "../tools/diagram/render";
import type { Diagram } from "../tools/diagram/model";
import { runStack, type Graph } from "./support/harness";

const labels = (d: Diagram) => d.nodes.map((n) => n.label);
const edge = (d: Diagram, from: string, to: string) => d.edges.find((e) => e.from === from && e.to === to);

/** Every edge joins declared boxes, and every subgraph is closed: what Mermaid rejects otherwise. */
function assertWellFormed(mermaid: string) {
  const lines = mermaid.trim().split("\n");
  assert.equal(lines[0], "flowchart LR");
  const declared = new Set(lines.map((l) => /^\s*([A-Za-z0-9_]+)[[(]/.exec(l)?.[1]).filter(Boolean));
  for (const line of lines.filter((l) => /-->|-\.->/.test(l))) {
    const [, from, to] = /^\s*(\S+) -\.?->(?:\|"[^"]*"\|)? (\S+)$/.exec(line) ?? [];
    assert.ok(declared.has(from) && declared.has(to), `edge to an undeclared box: ${line}`);
  }
  const opened = lines.filter((l) => /^\s*subgraph /.test(l)).length;
  assert.equal(lines.filter((l) => l.trim() === "end").length, opened);
}

describe("the architecture diagram, drawn from the resource graph", function () {
  this.timeout(60_000);
  let prod: Graph;
  before(async () => {
    prod = await runStack("prod");
  });

  it("prod on aws: WAF and CloudFront at the edge, the ALB, each service and what it calls, replicas, DR, alarms' destination", () => {
    const d = diagramOf(prod);
    assert.ok(edge(d, "waf", "cdn") && edge(d, "users", "cdn"));
    // The load balancer is internal: only CloudFront reaches it, through its VPC origin.
    assert.equal(edge(d, "users", "alb"), undefined, "no way in but the CDN");
    assert.equal(edge(d, "cdn", "alb")?.label, "/api (VPC origin)");
    assert.ok(edge(d, "alb", "svc-api"), "the ALB forwards to the public api");
    assert.equal(edge(d, "alb", "svc-worker"), undefined, "the worker is internal");
    assert.equal(edge(d, "svc-api", "svc-worker")?.label, "calls");
    assert.equal(edge(d, "svc-worker", "db-writer")?.label, "SQL");
    assert.equal(edge(d, "svc-worker", "cache-primary"), undefined, "the worker does not use the cache");
    assert.equal(d.nodes.filter((n) => n.label.startsWith("reader")).length, 1);
    assert.ok(labels(d).some((l) => l.includes("1 replica(s)")));
    assert.ok(labels(d).some((l) => /^DR vault<br\/>eu-central-1$/.test(l)));
    assert.ok(labels(d).some((l) => l === "AWS Backup vault<br/>eu-west-1"));
    assert.ok(labels(d).includes("email: ops@example.org"));
    assert.ok(labels(d).some((l) => l.includes("3 zones: eu-west-1a, eu-west-1b, eu-west-1c")));
    assertWellFormed(toMermaid(d));
  });

  it("follows the graph, not the configuration: a resource taken out of the graph leaves the picture", () => {
    const withoutWaf: Graph = {
      ...prod,
      resources: prod.resources.filter((r) => r.type !== "aws:wafv2/webAcl:WebAcl"),
    };
    assert.ok(labels(diagramOf(prod)).some((l) => l.startsWith("WAF")));
    assert.ok(!labels(diagramOf(withoutWaf)).some((l) => l.startsWith("WAF")));
  });

  it("dev on kubernetes: Ingresses to Deployments, the StatefulSets, the dump CronJob and its volume", async () => {
    const d = diagramOf(await runStack("dev", { target: "kubernetes" }));
    assert.ok(edge(d, "ingress-api", "deploy-api") && edge(d, "ingress-frontend", "deploy-frontend"));
    assert.equal(edge(d, "deploy-api", "sts-database")?.label, "SQL");
    assert.equal(edge(d, "deploy-api", "deploy-worker")?.label, "calls");
    assert.ok(edge(d, "sts-database", "job-database-backup"));
    assert.ok(d.groups.some(([, title]) => title === "Namespace strata-dev: workloads"));
    assertWellFormed(toMermaid(d));
  });
});
