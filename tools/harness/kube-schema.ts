import type { GraphResource } from "./graph";
import { cnpgSchemaErrors } from "../../components/database/cnpg-schema";

type ModelClass = new (data: unknown) => { validate(): void };

/** `apps/v1` → `kubernetes-models/apps/v1`; the core group `v1` → `kubernetes-models/v1`. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`kubernetes-models/${apiVersion}`) as Record<string, unknown>;
    const model = module[kind];
    return typeof model === "function" ? (model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

export interface SchemaCheck {
  /** False when the kind has no schema in kubernetes-models (custom resources such as ServiceMonitor). */
  readonly known: boolean;
  readonly errors: string[];
}

/**
 * Validates a Kubernetes object of the graph against the Kubernetes OpenAPI schema, offline. Secret inputs are
 * left out: they are redacted in the graph, and their shape is the SDK's to check.
 */
export function checkKubernetesSchema(resource: GraphResource): SchemaCheck {
  const { apiVersion, kind } = resource.inputs as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== "string" || typeof kind !== "string") return { known: false, errors: [] };
  const object = Object.fromEntries(
    Object.entries(resource.inputs).filter(([key]) => !resource.secretInputs.includes(key)),
  );
  // CloudNativePG's kinds: the project's own schema of the fields it sets, from the operator's API reference.
  const cnpg = cnpgSchemaErrors(object);
  if (cnpg) return { known: true, errors: cnpg };
  const Model = modelFor(apiVersion, kind);
  if (!Model) return { known: false, errors: [] };
  try {
    new Model(object).validate();
    return { known: true, errors: [] };
  } catch (error) {
    return { known: true, errors: [(error as Error).message] };
  }
}

export function isKubernetesObject(resource: GraphResource): boolean {
  return (
    resource.custom && resource.type.startsWith("kubernetes:") && !resource.type.startsWith("kubernetes:helm")
  );
}
