import { strict as assert } from "node:assert";
import { parseAllDocuments } from "yaml";
import {
  GENERATED_NAME_ANNOTATION,
  REDACTED_ANNOTATION,
  generatedName,
  manifestObjects,
  manifestsYaml,
} from "../tools/export/manifests";
import { checkKubernetesSchema } from "../tools/harness/kube-schema";
import { mockGeneratedSecret } from "../tools/harness/mocks";
import type { GraphResource } from "../tools/harness/graph";
import { runStack, type Graph } from "./support/harness";
import { syntheticGraph } from "./support/policy";

type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string> };
  [key: string]: unknown;
};

/** The `name`s a pod spec uses to point at Secrets (env, envFrom and volumes). */
function secretNamesUsed(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => secretNamesUsed(v, into));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === "secretKeyRef" || key === "secretRef") && inner && typeof inner === "object") {
        into.push(String((inner as { name: unknown }).name));
      } else if (key === "secret" && inner && typeof inner === "object" && "secretName" in inner) {
        into.push(String((inner as { secretName: unknown }).secretName));
      } else secretNamesUsed(inner, into);
    }
  }
  return into;
}

describe("export: Kubernetes manifests", function () {
  this.timeout(120_000);
  const graphs: Record<string, Graph> = {};

  before(async () => {
    for (const stack of ["dev", "prod"]) graphs[stack] = await runStack(stack, { target: "kubernetes" });
  });

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: one YAML document per object, each valid against the Kubernetes schema`, () => {
      const graph = graphs[stack];
      const documents = parseAllDocuments(manifestsYaml(graph)).map((d) => d.toJS() as KubeObject);
      const objects = graph.resources.filter(
        (r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.endsWith("Patch"),
      );
      assert.equal(documents.length, objects.length);
      // Every type the stack uses is there, as the kind and apiVersion the type token names.
      const kinds = new Set(
        documents.map(
          (d) => `kubernetes:${d.apiVersion.includes("/") ? "" : "core/"}${d.apiVersion}:${d.kind}`,
        ),
      );
      assert.deepEqual(
        [...new Set(objects.map((o) => o.type))].filter((t) => !kinds.has(t)),
        [],
      );
      for (const document of documents) {
        assert.ok(document.metadata.name, `${document.kind} has a name`);
        const check = checkKubernetesSchema({
          inputs: document,
          secretInputs: [],
        } as unknown as GraphResource);
        assert.deepEqual(check.errors, [], `${document.kind}/${document.metadata.name}`);
      }
    });
  }

  it("merges each patch into the object it patches", () => {
    const documents = manifestObjects(graphs.prod) as KubeObject[];
    const patches = graphs.prod.resources.filter((r) => r.type === "kubernetes:core/v1:ServicePatch");
    assert.ok(patches.length > 0);
    for (const patch of patches) {
      const { name, namespace, annotations } = (patch.inputs as KubeObject).metadata;
      const services = documents.filter(
        (d) => d.kind === "Service" && d.metadata.name === name && d.metadata.namespace === namespace,
      );
      assert.equal(
        services.length,
        1,
        `one Service ${namespace}/${name}, the patch is not a document of its own`,
      );
      for (const [key, value] of Object.entries(annotations ?? {})) {
        assert.equal(services[0].metadata.annotations?.[key], value);
      }
      // What the Service had before the patch stays.
      assert.ok((services[0].spec as { ports: unknown[] }).ports.length > 0);
    }
  });

  it("leaves secret values out and says so; no generated password appears", () => {
    const yaml = manifestsYaml(graphs.prod);
    assert.ok(!yaml.includes(mockGeneratedSecret("database-password")));
    assert.ok(!yaml.includes(mockGeneratedSecret("cache-password")));
    const secrets = (manifestObjects(graphs.prod) as KubeObject[]).filter((d) => d.kind === "Secret");
    assert.ok(secrets.length > 0);
    for (const secret of secrets) {
      assert.equal(secret.stringData, undefined);
      assert.equal(secret.data, undefined);
      assert.equal(secret.metadata.annotations?.[REDACTED_ANNOTATION], "stringData");
    }
  });

  it("shows the names the engine would generate, and the pods point at them", () => {
    const documents = manifestObjects(graphs.prod) as KubeObject[];
    const generated = documents.filter((d) => d.metadata.annotations?.[GENERATED_NAME_ANNOTATION] === "true");
    assert.ok(generated.some((d) => d.kind === "Secret"));
    for (const d of generated) assert.match(d.metadata.name ?? "", /^[a-z0-9-]+-[0-9a-f]{8}$/);
    // The manifests' Secrets, and those an operator makes from a document: CloudNativePG's application
    // Secret `<cluster>-app` of each Cluster (CloudNativePG 1.29, "Connecting from an application").
    const secretNames = new Set([
      ...documents.filter((d) => d.kind === "Secret").map((d) => d.metadata.name),
      ...documents
        .filter((d) => d.kind === "Cluster" && d.apiVersion === "postgresql.cnpg.io/v1")
        .map((d) => `${d.metadata.name}-app`),
    ]);
    const used = secretNamesUsed(documents.filter((d) => d.kind !== "Secret"));
    assert.ok(used.length > 0);
    assert.deepEqual(
      used.filter((n) => !secretNames.has(n)),
      [],
    );
  });

  it("a generated name is stable for a resource and differs between resources", () => {
    const graph = syntheticGraph("dev", [
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "a",
        inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: {} },
      },
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "b",
        inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: {} },
      },
    ]);
    const names = (manifestObjects(graph) as KubeObject[]).map((d) => d.metadata.name);
    assert.deepEqual(names, graph.resources.map(generatedName));
    assert.notEqual(names[0], names[1]);
    assert.deepEqual(
      (manifestObjects(graph) as KubeObject[]).map((d) => d.metadata.name),
      names,
    );
  });

  it("a patch of an object the program does not create stays a document of its own", () => {
    const patch = {
      type: "kubernetes:core/v1:ServicePatch",
      name: "p",
      inputs: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "ingress-nginx", namespace: "ingress" },
      },
    };
    const documents = manifestObjects(syntheticGraph("dev", [patch])) as KubeObject[];
    assert.deepEqual(documents, [patch.inputs]);
  });
});
