import { strict as assert } from "node:assert";
import { byType, runStack, type Graph } from "./support/harness";

interface IngressSpec {
  rules: { host?: string; http: { paths: { path: string }[] } }[];
  tls?: { hosts?: string[] }[];
}

function hostsAndPaths(graph: Graph): [string | undefined, string][] {
  return byType(graph, "kubernetes:networking.k8s.io/v1:Ingress").flatMap((ingress) =>
    (ingress.inputs.spec as IngressSpec).rules.flatMap((rule) =>
      rule.http.paths.map((p): [string | undefined, string] => [rule.host, p.path]),
    ),
  );
}

describe("routing on kubernetes: the front end and the API share one host", () => {
  it("puts a route without a host of its own on the front end's domain (prod)", async () => {
    const graph = await runStack("prod", { target: "kubernetes" });
    // ingress-nginx merges the paths of one host; a host-less /api would only reach its catch-all server.
    assert.deepEqual(hostsAndPaths(graph).sort(), [
      ["www.example.org", "/"],
      ["www.example.org", "/api"],
    ]);
  });

  it("leaves both host-less when the stack has no domain (dev)", async () => {
    const graph = await runStack("dev", { target: "kubernetes" });
    assert.deepEqual(hostsAndPaths(graph).sort(), [
      [undefined, "/"],
      [undefined, "/api"],
    ]);
  });
});
