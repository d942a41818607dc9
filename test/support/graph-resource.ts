import type { GraphResource } from "../../tools/harness/graph";

/** A custom resource of a hand-built preview graph, with the engine's defaults; `extra` sets any other field. */
export function graphResource(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<GraphResource> = {},
): GraphResource {
  return {
    type,
    name,
    urn: `urn:${type}::${name}`,
    parent: null,
    inputs,
    secretInputs: [],
    protect: false,
    retainOnDelete: false,
    dependsOn: [],
    custom: true,
    ...extra,
  };
}
