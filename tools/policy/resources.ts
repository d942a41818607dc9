import type { PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import { SECRET_MARK, type Graph, type GraphResource } from "../harness/graph";
import { MOCK_ACCOUNT_ID } from "../harness/mocks";

/** @pulumi/policy's own preview proxy: reading a value unknown during preview throws UnknownValueError. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  readonly unknownStringValue: string;
};

/**
 * The properties a policy sees, as the engine sends them: the inputs, wrapped in the same proxy. A secret is
 * redacted in the offline graph, so it is given to rules as a value they cannot read (unknown), like a computed
 * value during `pulumi preview`; the engine would show them the plaintext.
 */
export function propsOf(resource: GraphResource): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource.inputs)) {
    if (value === undefined) continue;
    props[key] =
      value === SECRET_MARK && resource.secretInputs.includes(key) ? proxy.unknownStringValue : value;
  }
  return proxy.unknownCheckingProxy(structuredClone(props));
}

/** The resource options the engine passes (PolicyResourceOptions); the offline graph knows protect and parent. */
export function optionsOf(resource: GraphResource): PolicyResourceOptions {
  return {
    protect: resource.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

/** The engine's `isType`: the class's type token (`__pulumiType`) against the resource's, else `isInstance`. */
export function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = (resourceClass as { __pulumiType?: string }).__pulumiType;
  if (token) return token === type;
  const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

const MOCK_ARN = new RegExp(`^arn:aws:([^:]+):[^:]*:${MOCK_ACCOUNT_ID}:(.+)$`);

function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, found));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stringsIn(v, found));
  return found;
}

/** The references the mocks give a resource: its id `<name>-id`, and its ARN `arn:aws:<service>:…:<name>`. */
function referencesOf(resource: GraphResource): string[] {
  if (!resource.custom) return [];
  const [pkg, module] = resource.type.split(":");
  const refs = [`${resource.name}-id`];
  if (pkg === "aws") refs.push(`arn:${(module ?? "").split("/")[0]}:${resource.name}`);
  return refs;
}

/**
 * The engine tells a stack policy which resources each input came from (propertyDependencies). The offline
 * graph records only values, so they are recovered from the mocks' deterministic ids and ARNs. Two resources
 * of one service with one name share a mocked ARN: a dependency may then be over-approximated, never missed.
 */
function propertyDependencyUrns(graph: Graph): Map<string, Record<string, string[]>> {
  const byReference = new Map<string, string[]>();
  for (const r of graph.resources) {
    for (const ref of referencesOf(r)) byReference.set(ref, [...(byReference.get(ref) ?? []), r.urn]);
  }
  const result = new Map<string, Record<string, string[]>>();
  for (const r of graph.resources) {
    const deps: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(r.inputs)) {
      const urns = new Set<string>();
      for (const s of stringsIn(value)) {
        const arn = MOCK_ARN.exec(s);
        const ref = arn ? `arn:${arn[1]}:${arn[2]}` : s;
        (byReference.get(ref) ?? []).filter((urn) => urn !== r.urn).forEach((urn) => urns.add(urn));
      }
      if (urns.size) deps[key] = [...urns];
    }
    result.set(r.urn, deps);
  }
  return result;
}

/** The stack's resources as a stack policy receives them: props, options, parent, dependencies, typing helpers. */
export function stackResourcesOf(graph: Graph): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const propertyDeps = propertyDependencyUrns(graph);
  const resources = graph.resources.map((r) => {
    const props = propsOf(r);
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(r.type, resourceClass),
      asType: ((resourceClass: unknown) =>
        isTypeOf(r.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
    };
    byUrn.set(r.urn, resource);
    return resource;
  });
  graph.resources.forEach((r, i) => {
    const resource = resources[i];
    const lookup = (urns: string[]) => urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
    if (r.parent && byUrn.has(r.parent)) resource.parent = byUrn.get(r.parent);
    const deps = propertyDeps.get(r.urn) ?? {};
    resource.propertyDependencies = Object.fromEntries(
      Object.entries(deps).map(([k, urns]) => [k, lookup(urns)]),
    );
    resource.dependencies = lookup([...new Set([...r.dependsOn, ...Object.values(deps).flat()])]);
  });
  return resources;
}
