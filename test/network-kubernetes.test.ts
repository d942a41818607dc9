import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { byType, findResource, promiseOf, runStack, type Graph } from "./support/harness";
import { checkKubernetesSchema, isKubernetesObject } from "../tools/harness/kube-schema";
import { allowIngress } from "../components/network/allow";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

describe("network on kubernetes", () => {
  for (const stack of ["dev", "prod"] as const) {
    describe(stack, () => {
      let graph: Graph;
      before(async () => {
        graph = await runStack(stack, { target: "kubernetes" });
      });

      it("creates the stack's namespace, enforcing the restricted Pod Security Standard", () => {
        const namespace = findResource(graph, NAMESPACE, "network-namespace");
        const metadata = namespace.inputs.metadata as { name: string; labels: Record<string, string> };
        assert.equal(metadata.name, `strata-${stack}`);
        assert.equal(metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(metadata.labels["pod-security.kubernetes.io/warn"], "restricted");
        assert.equal(metadata.labels["app.kubernetes.io/managed-by"], "pulumi");
      });

      it("denies all ingress to every pod by default", () => {
        const policy = findResource(graph, POLICY, "network-default-deny-ingress");
        assert.deepEqual(policy.inputs.spec, { podSelector: {}, policyTypes: ["Ingress"] });
        assert.equal((policy.inputs.metadata as { namespace: string }).namespace, `strata-${stack}`);
      });

      it(`${stack === "prod" ? "protects" : "does not protect"} the namespace, whose deletion deletes its volumes`, () => {
        const namespace = findResource(graph, NAMESPACE, "network-namespace");
        assert.equal(namespace.protect, stack === "prod");
        assert.equal(namespace.retainOnDelete, stack === "prod");
      });

      it("uses a kubernetes provider and no AWS resource", () => {
        assert.equal(byType(graph, "pulumi:providers:kubernetes").length, 1);
        assert.deepEqual(
          graph.resources.filter((r) => r.type.startsWith("aws:")),
          [],
        );
      });

      it("produces only objects valid against the Kubernetes OpenAPI schemas", () => {
        const objects = graph.resources.filter(isKubernetesObject);
        assert.ok(objects.length >= 2);
        for (const object of objects) {
          const check = checkKubernetesSchema(object);
          assert.equal(check.known, true, `${object.type} has no schema`);
          assert.deepEqual(check.errors, [], `${object.type} ${object.name}`);
        }
      });
    });
  }

  it("the schema check catches an invalid object", () => {
    const check = checkKubernetesSchema({
      type: POLICY,
      name: "bad",
      urn: "urn:bad",
      parent: null,
      inputs: {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        spec: { podSelector: {}, policyTypes: "Ingress" },
      },
      secretInputs: [],
      protect: false,
      retainOnDelete: false,
      dependsOn: [],
      custom: true,
    });
    assert.equal(check.known, true);
    assert.equal(check.errors.length, 1);
    assert.match(check.errors[0], /policyTypes/);
  });

  describe("allowIngress opens exactly one path through the default deny", () => {
    let inputs: Record<string, unknown> = {};
    before(async () => {
      await pulumi.runtime.setMocks(
        {
          newResource: (args) => {
            inputs = args.inputs;
            return { id: `${args.name}-id`, state: args.inputs };
          },
          call: () => ({}),
        },
        "strata",
        "unit",
        false,
      );
      const policy = allowIngress(
        "api-from-ingress",
        {
          namespace: "strata-dev",
          to: { "app.kubernetes.io/name": "api" },
          from: [{ namespace: "ingress-nginx" }, { pods: { "app.kubernetes.io/name": "worker" } }],
          ports: [8080],
        },
        {},
      );
      await promiseOf(policy.urn);
    });

    it("selects the receiving pods, the sources and the port", () => {
      assert.deepEqual(inputs.spec, {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
              { podSelector: { matchLabels: { "app.kubernetes.io/name": "worker" } } },
            ],
            ports: [{ protocol: "TCP", port: 8080 }],
          },
        ],
      });
    });
  });
});
