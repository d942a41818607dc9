import { strict as assert } from "node:assert";
import { configErrorOf, findResource, runStack } from "./support/harness";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const ingressOf = async (stack: string, override: Obj) =>
  findResource(await runStack(stack, { target: "kubernetes", override }), INGRESS, "cdn-ingress")
    .inputs as Obj;

describe("the front end's certificate on kubernetes", () => {
  it("serves an existing Secret the stack names, with no cert-manager annotation", async () => {
    const ingress = await ingressOf("prod", {
      cdn: { domain: "www.example.org", kubernetes: { tlsSecretName: "site-cert" } },
    });
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["www.example.org"], secretName: "site-cert" }]);
    assert.equal(ingress.metadata.annotations, undefined);
  });

  it("has cert-manager issue frontend-tls with the services' ClusterIssuer", async () => {
    const graph = await runStack("prod", {
      target: "kubernetes",
      override: { cdn: { domain: "www.example.org" } },
    });
    const ingress = findResource(graph, INGRESS, "cdn-ingress").inputs as Obj;
    assert.deepEqual(ingress.metadata.annotations, { "cert-manager.io/cluster-issuer": "letsencrypt-prod" });
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["www.example.org"], secretName: "frontend-tls" }]);
    // The same issuer as the services' route, so one setting covers the whole host.
    const api = findResource(graph, INGRESS, "compute-api").inputs as Obj;
    assert.deepEqual(api.metadata.annotations, ingress.metadata.annotations);
    assert.equal((graph.outputs.cdn as Obj).url, "https://www.example.org");
  });

  it("in dev without either, serves plain HTTP and says so in the URL (no fake certificate)", async () => {
    const graph = await runStack("dev", {
      target: "kubernetes",
      override: { cdn: { domain: "dev.example.org" } },
    });
    assert.equal((findResource(graph, INGRESS, "cdn-ingress").inputs as Obj).spec.tls, undefined);
    assert.equal((graph.outputs.cdn as Obj).url, "http://dev.example.org");
  });

  it("refuses a prod stack with a domain and neither, naming the setting, before any resource", async () => {
    const { error, graph } = await configErrorOf("prod", {
      target: "kubernetes",
      override: { cdn: { domain: "www.example.org" } },
      remove: ["compute.kubernetes.tls"],
    });
    assert.deepEqual(error.problems, [
      {
        setting: "cdn.kubernetes.tlsSecretName",
        expected:
          "an existing TLS Secret for www.example.org, or compute.kubernetes.tls.clusterIssuer for cert-manager to issue one (a prod site is served over HTTPS only)",
        found: "neither",
      },
    ]);
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
    // Not on aws, where the certificate is ACM's.
    await runStack("prod", {
      target: "aws",
      override: { cdn: { domain: "www.example.org" } },
      remove: ["compute.kubernetes.tls"],
    });
  });
});
