/** The offline preview's graph. Its JSON form is a stable format: users' own checks and later tools read it. */
export interface GraphResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The parent's URN; null for the stack itself. */
  readonly parent: string | null;
  /** The inputs the engine received; top-level inputs that carry a secret are "[secret]". */
  readonly inputs: Record<string, unknown>;
  /** The top-level inputs that carry a secret, shown as "[secret]" in `inputs`. */
  readonly secretInputs: string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Inputs whose changes the engine ignores after creation (`ignoreChanges`); absent when none. */
  readonly ignoreChanges?: string[];
  /** URNs of explicit dependencies (`dependsOn`). */
  readonly dependsOn: string[];
  /**
   * URNs of the resources whose outputs the inputs read (the engine's implicit dependencies); a component
   * stands for all its children. Absent in graphs written before this field existed.
   */
  readonly inputDependencies?: string[];
  /** URN of the provider that manages a custom resource (its region, for AWS); null when the default one. */
  readonly provider?: string | null;
  /** False for component resources, which only group their children. */
  readonly custom: boolean;
}

export interface Graph {
  readonly stack: string;
  readonly target: string;
  readonly resources: GraphResource[];
  /** The stack outputs, secrets shown as "[secret]". */
  readonly outputs: Record<string, unknown>;
}

export const SECRET_MARK = "[secret]";

export function byType(graph: Graph, type: string): GraphResource[] {
  return graph.resources.filter((r) => r.type === type);
}

export function childrenOf(graph: Graph, parent: GraphResource): GraphResource[] {
  return graph.resources.filter((r) => r.parent === parent.urn);
}

/** The one resource of this type and name; throws when there is none or more than one. */
export function findResource(graph: Graph, type: string, name: string): GraphResource {
  const matches = graph.resources.filter((r) => r.type === type && r.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
  return matches[0];
}
