import { strict as assert } from "node:assert";
import { estimateStack } from "../tools/cost/stack";
import { supportsAutoPause } from "../components/database/serverless-scaling";
import { configErrorOf, findResource, runStack, stackFile } from "./support/harness";

/** The presets' cost goals (issue 12), measured with the estimate; the README's figures come from here. */
describe("the presets' cost goals", function () {
  this.timeout(120_000);

  it("prod stays within about 700 USD a month with the HA function", async () => {
    const graph = await runStack("prod");
    const estimate = estimateStack(stackFile("prod"), graph);
    assert.ok(estimate.totals.total <= 700, `prod costs ${estimate.totals.total.toFixed(2)} USD a month`);
    // The HA function: a writer and a reader in two zones, a cache replica with failover, a NAT per zone, WAF,
    // two tasks per service.
    const instances = graph.resources.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance");
    assert.deepEqual(
      instances.map((i) => i.inputs.availabilityZone),
      ["eu-west-1a", "eu-west-1b"],
    );
    const cache = findResource(
      graph,
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "cache-replication-group",
    );
    assert.equal(cache.inputs.numCacheClusters, 2);
    assert.equal(cache.inputs.automaticFailoverEnabled, true);
    assert.equal(graph.resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 3);
    assert.equal(graph.resources.filter((r) => r.type === "aws:wafv2/webAcl:WebAcl").length, 1);
    for (const service of graph.resources.filter((r) => r.type === "aws:ecs/service:Service")) {
      assert.equal(service.inputs.desiredCount, 2);
    }
  });

  it("dev pauses its database when idle: nothing of Aurora's compute is fixed, and no endpoint is public", async () => {
    const graph = await runStack("dev");
    const estimate = estimateStack(stackFile("dev"), graph);
    const acu = estimate.lines.filter((l) => l.priceId === "aurora.acu-hour");
    assert.equal(
      acu.filter((l) => l.kind === "fixed").reduce((s, l) => s + l.quantity, 0),
      0,
    );
    // 220 active hours of half an ACU, the preset's assumption of a team's daytime use.
    assert.equal(
      acu.reduce((s, l) => s + l.quantity, 0),
      110,
    );
    for (const instance of graph.resources.filter(
      (r) => r.type === "aws:rds/clusterInstance:ClusterInstance",
    )) {
      assert.equal(instance.inputs.publiclyAccessible, false);
    }
    for (const group of graph.resources.filter(
      (r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup",
    )) {
      // In the private subnets, with TLS and an auth token: no public cache endpoint.
      assert.equal(group.inputs.transitEncryptionEnabled, true);
      assert.equal(group.inputs.authToken, "[secret]");
    }
  });

  it("dev idles at 45 USD a month or less with the same function: services, database, cache, CDN and alarms", async () => {
    const graph = await runStack("dev");
    const estimate = estimateStack(stackFile("dev"), graph);
    assert.ok(estimate.totals.fixed <= 45, `dev idles at ${estimate.totals.fixed.toFixed(2)} USD a month`);
    const count = (type: string) => graph.resources.filter((r) => r.type === type).length;
    assert.equal(count("aws:ecs/service:Service"), 2);
    assert.equal(count("aws:rds/clusterInstance:ClusterInstance"), 1);
    assert.equal(count("aws:elasticache/replicationGroup:ReplicationGroup"), 1);
    assert.equal(count("aws:cloudfront/distribution:Distribution"), 1);
    assert.equal(count("aws:cloudwatch/metricAlarm:MetricAlarm"), 17);
    // The private subnets still reach the internet (image pulls), through the NAT instance.
    assert.equal(count("aws:ec2/instance:Instance"), 1);
    assert.equal(
      graph.resources.filter((r) => r.type === "aws:ec2/route:Route" && r.inputs.networkInterfaceId).length,
      2,
    );
  });

  it("knows which Aurora versions pause at 0 ACU, and refuses 0 ACU on one that cannot", async () => {
    assert.equal(supportsAutoPause("postgres", "16.4"), true);
    assert.equal(supportsAutoPause("postgres", "16.3"), true);
    assert.equal(supportsAutoPause("postgres", "16.2"), false);
    assert.equal(supportsAutoPause("postgres", "15.7"), true);
    assert.equal(supportsAutoPause("postgres", "14.11"), false);
    assert.equal(supportsAutoPause("mysql", "8.0.mysql_aurora.3.08.0"), true);
    assert.equal(supportsAutoPause("mysql", "8.0.mysql_aurora.3.07.1"), false);
    const { error } = await configErrorOf("dev", { override: { database: { engineVersion: "16.2" } } });
    assert.match(
      error.message,
      /database\.serverless\.minCapacity: expected 0\.5 or more with engine version 16\.2/,
    );
  });
});
