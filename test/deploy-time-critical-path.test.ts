import { strict as assert } from "node:assert";
import fc from "fast-check";
import { estimateDeploy } from "../tools/deploy-time/critical-path";
import { creationTime } from "../tools/deploy-time/times";
import type { Graph, GraphResource } from "../tools/harness/graph";
import { findResource, runStack } from "./support/harness";

function node(
  name: string,
  type: string,
  deps: string[] = [],
  extra: Partial<GraphResource> = {},
): GraphResource {
  return {
    type,
    name,
    urn: `urn:${name}`,
    parent: null,
    inputs: {},
    secretInputs: [],
    protect: false,
    retainOnDelete: false,
    dependsOn: [],
    inputDependencies: deps.map((d) => `urn:${d}`),
    custom: true,
    ...extra,
  };
}

const graphOf = (resources: GraphResource[]): Graph => ({
  stack: "t",
  target: "aws",
  resources,
  outputs: {},
});

describe("the deploy-time estimate (critical path)", () => {
  it("is the longest chain of creation times through the dependencies, whatever the graph", () => {
    const types = [
      "aws:kms/key:Key",
      "aws:ec2/natGateway:NatGateway",
      "aws:rds/clusterInstance:ClusterInstance",
      "aws:s3/bucket:Bucket",
    ];
    fc.assert(
      fc.property(
        // Dependencies at random, or -1, the resource just before: now and then one long chain, the deepest path.
        fc.array(
          fc.record({
            type: fc.constantFrom(...types),
            deps: fc.oneof(fc.array(fc.nat(), { maxLength: 3 }), fc.constant<number[]>([-1])),
          }),
          {
            minLength: 1,
            maxLength: 25,
          },
        ),
        (specs) => {
          // Each resource depends only on earlier ones: a graph without cycles, as the engine requires.
          const resources = specs.map((s, i) =>
            node(`r${i}`, s.type, i === 0 ? [] : s.deps.map((d) => `r${(d + i) % i}`)),
          );
          const longest: number[] = [];
          resources.forEach((r, i) => {
            const deps = (r.inputDependencies ?? []).map((u) => Number(u.slice("urn:r".length)));
            longest[i] = creationTime(r).seconds + Math.max(0, ...deps.map((d) => longest[d]));
          });
          const estimate = estimateDeploy(graphOf(resources));
          assert.equal(estimate.totalSeconds, Math.max(...longest));
          const path = estimate.criticalPath;
          assert.equal(
            path.reduce((s, step) => s + step.seconds, 0),
            estimate.totalSeconds,
          );
          assert.equal(path[path.length - 1].doneAt, estimate.totalSeconds);
        },
      ),
    );
  });

  it("waits for every child of a component that a resource depends on", () => {
    const component = node("db", "strata:database:Database", [], { custom: false });
    const slow = node("instance", "aws:rds/clusterInstance:ClusterInstance", [], { parent: component.urn });
    const user = node("service", "aws:ecs/service:Service", ["db"]);
    const estimate = estimateDeploy(graphOf([component, slow, user]));
    assert.deepEqual(
      estimate.criticalPath.map((s) => s.name),
      ["instance", "service"],
    );
  });

  it("reports a dependency cycle instead of looping", () => {
    assert.throws(
      () =>
        estimateDeploy(graphOf([node("a", "aws:kms/key:Key", ["b"]), node("b", "aws:kms/key:Key", ["a"])])),
      /cycle/,
    );
  });

  describe("prod on aws", function () {
    this.timeout(60_000);
    let graph: Graph;
    before(async () => {
      graph = await runStack("prod");
    });

    it("records the engine's dependencies: input references and dependsOn", () => {
      const urnOf = (type: string, name: string) => findResource(graph, type, name).urn;
      const writer = findResource(graph, "aws:rds/clusterInstance:ClusterInstance", "database-instance-1");
      assert.ok(writer.inputDependencies?.includes(urnOf("aws:rds/cluster:Cluster", "database-cluster")));
      const api = findResource(graph, "aws:ecs/service:Service", "compute-api");
      assert.ok(
        api.inputDependencies?.includes(urnOf("aws:ecs/taskDefinition:TaskDefinition", "compute-api")),
      );
      assert.ok(api.dependsOn.length > 0, "the api service waits for its listener rule");
    });

    it("is no longer than the Aurora writer's path", () => {
      const estimate = estimateDeploy(graph);
      const writer = estimate.writerPath;
      assert.ok(writer, "prod has an Aurora writer");
      assert.equal(writer[writer.length - 1].name, "database-instance-1");
      assert.equal(writer[writer.length - 1].doneAt, estimate.totalSeconds);
    });
  });
});
