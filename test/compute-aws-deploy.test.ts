import { strict as assert } from "node:assert";
import fc from "fast-check";
import { byType, configErrorOf, runStack, type Graph } from "./support/harness";
import { computeProblems } from "../stacks/compute-checks";

/**
 * What only a real `pulumi up` on aws would show: settings ECS or CloudFront refuse, updates the provider
 * fails, and a way around the CDN. Each check is a property of the plan, over the shipped stacks.
 */
const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const ALB = "aws:lb/loadBalancer:LoadBalancer";

const arm = (fargateSpot: number) => ({
  target: "aws",
  compute: { aws: { capacityProviders: { fargate: 1, fargateSpot } } },
  services: [
    { name: "api", image: "ghcr.io/example/api:1.0.0", port: 8080, aws: { cpuArchitecture: "ARM64" } },
  ],
});

/** CloudFront's path patterns: `*` any characters, `?` one, case-sensitive, the whole path. */
function matches(pattern: string, uri: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(uri);
}

/** The origin CloudFront sends a path to: the first ordered behavior that matches, else the default. */
function originOf(graph: Graph, uri: string): string {
  const d = byType(graph, "aws:cloudfront/distribution:Distribution")[0].inputs;
  const ordered = (d.orderedCacheBehaviors ?? []) as { pathPattern: string; targetOriginId: string }[];
  return (
    ordered.find((b) => matches(b.pathPattern, uri))?.targetOriginId ??
    (d.defaultCacheBehavior as { targetOriginId: string }).targetOriginId
  );
}

describe("compute on aws: what a real deploy would refuse", () => {
  let dev: Graph;
  let prod: Graph;
  before(async () => {
    dev = await runStack("dev");
    prod = await runStack("prod");
  });

  it("rejects ARM64 with Fargate Spot weight, naming the service and both settings (property)", () => {
    // Spot weights at both ends of the schema's 0 to 1,000, and the first that counts.
    const spotWeight = fc.oneof(fc.constantFrom(0, 1, 1000), fc.integer({ min: 0, max: 5 }));
    fc.assert(
      fc.property(spotWeight, fc.constantFrom("X86_64", "ARM64"), (spot, arch) => {
        const stack = arm(spot);
        stack.services[0].aws.cpuArchitecture = arch;
        const problems = computeProblems(stack).filter((p) => p.setting.endsWith("cpuArchitecture"));
        assert.equal(problems.length, arch === "ARM64" && spot > 0 ? 1 : 0);
        for (const p of problems) {
          assert.equal(p.setting, "services[0].aws.cpuArchitecture");
          assert.match(p.expected, /service api/);
          assert.match(p.expected, /compute\.aws\.capacityProviders\.fargateSpot/);
          assert.equal(p.found, `ARM64 with compute.aws.capacityProviders.fargateSpot ${spot}`);
        }
      }),
    );
  });

  it("stops the dev preset's 3:1 Spot weighting with an ARM64 service before anything is registered", async () => {
    const { error, graph } = await configErrorOf("dev", {
      override: {
        services: [
          { name: "api", image: "ghcr.io/example/api:1.0.0", port: 8080, aws: { cpuArchitecture: "ARM64" } },
        ],
      },
    });
    assert.deepEqual(
      error.problems.map((p) => p.setting),
      ["services[0].aws.cpuArchitecture"],
    );
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
  });

  it("never plans an ARM64 task on FARGATE_SPOT (property of the shipped plans)", () => {
    for (const graph of [dev, prod]) {
      for (const service of byType(graph, SERVICE)) {
        const task = byType(graph, TASK).find(
          (t) => `arn:aws:ecs:eu-west-1:123456789012:${t.name}` === service.inputs.taskDefinition,
        )!;
        const arch = (task.inputs.runtimePlatform as { cpuArchitecture: string }).cpuArchitecture;
        const spot = (
          (service.inputs.capacityProviderStrategies ?? []) as { capacityProvider: string }[]
        ).some((s) => s.capacityProvider === "FARGATE_SPOT");
        assert.ok(!(arch === "ARM64" && spot), `${service.name}: ARM64 on FARGATE_SPOT`);
      }
    }
  });

  it("sets forceNewDeployment on every service with a capacity-provider strategy, so changing weights can update it", async () => {
    const reweighted = await runStack("prod", {
      override: { compute: { aws: { capacityProviders: { fargate: 1, fargateSpot: 1 } } } },
    });
    for (const graph of [dev, prod, reweighted]) {
      const services = byType(graph, SERVICE);
      assert.ok(services.length > 0);
      for (const service of services) {
        if (service.inputs.capacityProviderStrategies === undefined) continue;
        assert.equal(service.inputs.forceNewDeployment, true, service.name);
      }
    }
  });

  it("registers internal services in Cloud Map without the deprecated custom health check block", () => {
    const registries = byType(dev, "aws:servicediscovery/service:Service");
    assert.ok(registries.length > 0);
    for (const registry of registries) assert.equal(registry.inputs.healthCheckCustomConfig, undefined);
  });

  it("has no internet-facing load balancer, and lets only CloudFront's origin-facing servers reach it", () => {
    for (const graph of [dev, prod]) {
      const lbs = byType(graph, ALB);
      assert.ok(lbs.length > 0);
      for (const lb of lbs) assert.equal(lb.inputs.internal, true, lb.name);
      const ingress = byType(graph, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
        (r) => r.inputs.securityGroupId === "compute-alb-id",
      );
      assert.equal(ingress.length, 1);
      assert.equal(
        ingress[0].inputs.prefixListId,
        "pl-offline-com.amazonaws.global.cloudfront.origin-facing",
      );
      for (const rule of byType(graph, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
        assert.notEqual(rule.inputs.cidrIpv4, "0.0.0.0/0", `${rule.name} is open to the internet`);
      }
      // A plain HTTP listener exists only without a domain, inside the VPC; prod has HTTPS and nothing else.
      const listeners = byType(graph, "aws:lb/listener:Listener").map((l) => l.inputs.protocol);
      assert.deepEqual(listeners, graph === prod ? ["HTTPS"] : ["HTTP"]);
    }
  });

  it("sends /api itself, and everything under it, to the API; nothing else (CloudFront's first match)", () => {
    for (const graph of [dev, prod]) {
      for (const uri of ["/api", "/api/", "/api/users/7"]) assert.equal(originOf(graph, uri), "api", uri);
      for (const uri of ["/", "/apix", "/about", "/index.html", "/assets/app.js"])
        assert.equal(originOf(graph, uri), "site", uri);
    }
  });

  it("with no public service builds no load balancer, listener, VPC origin or load-balancer alarm: nothing to pay for", async () => {
    for (const services of [[], [{ name: "worker", image: "ghcr.io/example/worker:1.0.0", port: 9000 }]]) {
      const graph = await runStack("dev", { override: { services } });
      assert.equal(byType(graph, ALB).length, 0);
      assert.equal(byType(graph, "aws:lb/listener:Listener").length, 0);
      assert.equal(byType(graph, "aws:cloudfront/vpcOrigin:VpcOrigin").length, 0);
      const alarms = byType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.ok(alarms.length > 0);
      for (const alarm of alarms)
        assert.doesNotMatch(JSON.stringify(alarm.inputs), /AWS\/ApplicationELB/, alarm.name);
      assert.equal(originOf(graph, "/api"), "site");
    }
  });

  it("rejects a host route or a whole-site route on aws: the one distribution routes by path", async () => {
    const { error } = await configErrorOf("dev", {
      override: {
        services: [
          {
            name: "api",
            image: "ghcr.io/example/api:1.0.0",
            port: 8080,
            route: { host: "api.example.org", path: "/api" },
          },
          { name: "web", image: "ghcr.io/example/web:1.0.0", port: 3000, route: { path: "/" } },
        ],
      },
    });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.found]),
      [
        ["services[0].route.host", "api.example.org"],
        ["services[1].route.path", "/"],
      ],
    );
    // The same services are fine on kubernetes, whose ingress routes by host.
    assert.deepEqual(
      computeProblems({
        target: "kubernetes",
        services: [{ name: "api", image: "ghcr.io/e/a:1.0.0", port: 1, route: { host: "a.example.org" } }],
      }),
      [],
    );
  });
});
