import { recordingMocks } from "../harness/mocks";
import type { Graph, GraphResource } from "../harness/graph";
import { snakeCase } from "./aws-schema";

/** An attribute of another resource that a value was read from: Terraform's `aws_kms_key.logs.arn`. */
export interface Reference {
  readonly address: string;
  readonly attribute: string;
}

/** ARNs carry the region of the provider that made them; the key leaves it out so any region matches. */
function key(value: string): string {
  return value.replace(/^arn:aws:([^:]*):[^:]*:/, "arn:aws:$1::");
}

/**
 * Values that only exist once a resource is created (ids, ARNs, DNS names), indexed by value. The offline engine
 * gives each one a distinctive placeholder, computed from the resource's inputs by the same mocks that ran the
 * program, so an input equal to one was read from that resource: in a real preview it is unknown, and in
 * Terraform it is a reference. Pulumi names are unique per type only, so a bucket and its policy may share a
 * mock id: a program can only read a resource it registered earlier, so the candidates are those registered
 * before the reader, and a value still shared by two of them is no evidence and stays a plain value.
 */
export class ReferenceIndex {
  private readonly byValue = new Map<string, (Reference & { order: number })[]>();
  private readonly orderOf = new Map<string, number>();
  private readonly computed = new Map<string, Set<string>>();
  private readonly byName = new Map<string, (Reference & { order: number })[]>();

  constructor(graph: Graph, region: string, addressOf: (resource: GraphResource) => string | undefined) {
    const mocks = recordingMocks(region, []);
    graph.resources.forEach((resource, order) => {
      const address = addressOf(resource);
      if (address === undefined) return;
      this.orderOf.set(address, order);
      const { id, state } = mocks.newResource({
        type: resource.type,
        name: resource.name,
        inputs: resource.inputs,
        custom: true,
      }) as { id: string; state: Record<string, unknown> };
      const attributes = new Map<string, unknown>([["id", id]]);
      for (const [name, value] of Object.entries(state)) {
        if (value !== resource.inputs[name]) attributes.set(snakeCase(name), value);
      }
      this.computed.set(address, new Set(attributes.keys()));
      const name = resource.inputs.name;
      if (typeof name === "string") {
        this.byName.set(name, [...(this.byName.get(name) ?? []), { address, attribute: "name", order }]);
      }
      for (const [attribute, value] of attributes) {
        if (typeof value !== "string") continue;
        const k = key(value);
        this.byValue.set(k, [...(this.byValue.get(k) ?? []), { address, attribute, order }]);
      }
    });
  }

  /** The reference a value stands for, unless it is the resource's own or could be either of two. */
  find(value: unknown, self: string): Reference | undefined {
    if (typeof value !== "string") return undefined;
    const before = this.orderOf.get(self) ?? Infinity;
    const candidates = (this.byValue.get(key(value)) ?? []).filter((c) => c.order < before);
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /**
   * The resource whose own `name` input a `…Name` input repeats (a cluster's `db_cluster_parameter_group_name`):
   * Strata gives its resources explicit physical names, known at preview, so the value is known and Terraform
   * still shows the reference in the configuration, which Checkov's connection checks follow.
   */
  findByName(value: unknown, self: string): Reference | undefined {
    if (typeof value !== "string") return undefined;
    const before = this.orderOf.get(self) ?? Infinity;
    const candidates = (this.byName.get(value) ?? []).filter((c) => c.order < before);
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** The attributes of a resource that are computed on create: unknown until then. */
  computedOf(address: string): string[] {
    return [...(this.computed.get(address) ?? [])];
  }
}
