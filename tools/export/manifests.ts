import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { SECRET_MARK, type Graph, type GraphResource } from "../harness/graph";
import { deepMerge, isPlainObject } from "../../stacks/merge";

/** Marks an object whose secret fields were left out: the offline preview never holds their values. */
export const REDACTED_ANNOTATION = "strata.dev/redacted";
/** Marks a name the Pulumi engine would generate (its random suffix differs on every create). */
export const GENERATED_NAME_ANNOTATION = "strata.dev/generated-name";

type KubeObject = Record<string, unknown> & { metadata?: Record<string, unknown> };

const isPatch = (r: GraphResource) => /^kubernetes:[^:]+:[A-Za-z]+Patch$/.test(r.type);

function isObject(r: GraphResource): boolean {
  return r.custom && r.type.startsWith("kubernetes:") && !isPatch(r);
}

/** Pulumi's auto-name: the resource name, a hyphen and 8 random characters; here derived from the URN. */
export function generatedName(resource: GraphResource): string {
  return `${resource.name}-${createHash("sha256").update(resource.urn).digest("hex").slice(0, 8)}`;
}

function identity(object: KubeObject): string {
  const metadata = object.metadata ?? {};
  return `${String(object.kind)}/${String(metadata.namespace ?? "")}/${String(metadata.name)}`;
}

/** Rewrites `name`/`secretName`/`claimName` fields that point at an auto-named object to its generated name. */
function renameReferences(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => renameReferences(v, renames));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const renamed =
        typeof v === "string" && /^(name|secretName|claimName)$/.test(k) ? renames.get(v) : undefined;
      return [k, renamed ?? renameReferences(v, renames)];
    }),
  );
}

function redactSecrets(resource: GraphResource, object: KubeObject): KubeObject {
  const redacted = resource.secretInputs.filter((key) => object[key] === SECRET_MARK);
  if (redacted.length === 0) return object;
  const copy: KubeObject = { ...object };
  for (const key of redacted) delete copy[key];
  const metadata = copy.metadata ?? {};
  const annotations = { ...((metadata.annotations as Record<string, unknown>) ?? {}) };
  annotations[REDACTED_ANNOTATION] = redacted.join(",");
  return { ...copy, metadata: { ...metadata, annotations } };
}

/**
 * The Kubernetes objects of a graph, in registration order: patches merged into the objects they patch,
 * secret values left out (named in an annotation), engine-generated names shown.
 */
export function manifestObjects(graph: Graph): KubeObject[] {
  const renames = new Map<string, string>();
  const named = graph.resources.filter(isObject).map((resource) => {
    let object = resource.inputs as KubeObject;
    if (object.metadata?.name === undefined) {
      const name = generatedName(resource);
      // The offline engine answers an unnamed object's name with the resource name; others read that.
      renames.set(resource.name, name);
      const annotations = {
        ...((object.metadata?.annotations as object) ?? {}),
        [GENERATED_NAME_ANNOTATION]: "true",
      };
      object = { ...object, metadata: { ...object.metadata, name, annotations } };
    }
    return { resource, object: redactSecrets(resource, object) };
  });
  const objects = named.map(({ object }) => renameReferences(object, renames) as KubeObject);
  const byIdentity = new Map(objects.map((o, i) => [identity(o), i]));
  for (const patch of graph.resources.filter(isPatch)) {
    const target = byIdentity.get(identity(patch.inputs as KubeObject));
    // A patch of an object this program does not create (a cluster add-on's) stays a document of its own.
    if (target === undefined) objects.push(patch.inputs as KubeObject);
    else objects[target] = deepMerge(objects[target], patch.inputs) as KubeObject;
  }
  return objects;
}

/** One multi-document YAML, as `kubectl apply -f`, kube-score and kubeconform read it. */
export function manifestsYaml(graph: Graph): string {
  return manifestObjects(graph)
    .map((object) => stringify(object, { lineWidth: 0 }))
    .join("---\n");
}
