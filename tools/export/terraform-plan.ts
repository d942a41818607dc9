import { SECRET_MARK, type Graph, type GraphResource } from "../harness/graph";
import { isPlainObject } from "../../stacks/merge";
import { resourceSchema, terraformType, type Field, type Schema } from "./aws-schema";
import { ReferenceIndex } from "./references";

/**
 * The AWS part of the offline plan as `terraform show -json` prints a plan (format 1.2), so that Checkov
 * (`--framework terraform_plan`), Trivy and KICS can judge it. Every resource is a create.
 */
export const PLAN_FORMAT_VERSION = "1.2";
const PROVIDER_NAME = "registry.terraform.io/hashicorp/aws";

type Json = unknown;

/** One value in three views: what is known, what is unknown until apply, and how the configuration says it. */
interface Converted {
  /** Undefined when the value is unknown at plan time. */
  readonly value: Json;
  /** `true`, or a structure of booleans; undefined when nothing inside is unknown. */
  readonly unknown: Json;
  readonly expression: Json;
}

interface Context {
  readonly index: ReferenceIndex;
  readonly self: string;
}

function convertLeaf(value: Json, context: Context): Converted {
  const reference = context.index.find(value, context.self);
  if (reference) {
    return {
      value: undefined,
      unknown: true,
      expression: { references: [`${reference.address}.${reference.attribute}`, reference.address] },
    };
  }
  return { value, unknown: undefined, expression: { constant_value: value } };
}

/**
 * A list: unknown elements are null in `values` and true in `after_unknown`, as Terraform prints them. A block
 * list's configuration is one expression object a block; an attribute's is one expression for the whole value.
 */
function convertList(items: Json[], item: (v: Json) => Converted, blocks: boolean): Converted {
  const converted = items.map(item);
  const anyUnknown = converted.some((c) => c.unknown !== undefined);
  const value = converted.map((c) => (c.value === undefined ? null : c.value));
  return {
    value,
    unknown: anyUnknown ? converted.map((c) => c.unknown ?? false) : undefined,
    expression: blocks ? converted.map((c) => c.expression) : attributeExpression(converted, value),
  };
}

/** One attribute's expression: its references when it reads other resources, else its constant value. */
function attributeExpression(parts: Converted[], value: Json): Json {
  const references = parts.flatMap((p) => (p.expression as { references?: string[] }).references ?? []);
  return references.length > 0 ? { references } : { constant_value: value };
}

function convertObject(
  inputs: Record<string, Json>,
  schema: Schema | undefined,
  context: Context,
): Converted {
  const value: Record<string, Json> = {};
  const unknown: Record<string, Json> = {};
  const expression: Record<string, Json> = {};
  for (const [input, raw] of Object.entries(inputs)) {
    if (raw === undefined || raw === null) continue;
    const field: Field = schema?.fields.get(input) ?? { kind: "scalar", tf: input };
    const converted = namedReference(input, raw, context) ?? convertField(field, raw, context);
    if (converted.value !== undefined) value[field.tf] = converted.value;
    if (converted.unknown !== undefined) unknown[field.tf] = converted.unknown;
    expression[field.tf] = converted.expression;
  }
  return { value, unknown: Object.keys(unknown).length > 0 ? unknown : undefined, expression };
}

/** A `…Name` input that names another resource of the plan: a known value that is still a reference. */
function namedReference(input: string, raw: Json, context: Context): Converted | undefined {
  if (!input.endsWith("Name")) return undefined;
  const reference = context.index.findByName(raw, context.self);
  if (!reference) return undefined;
  return {
    value: raw,
    unknown: undefined,
    expression: { references: [`${reference.address}.${reference.attribute}`, reference.address] },
  };
}

function convertField(field: Field, raw: Json, context: Context): Converted {
  switch (field.kind) {
    case "block": {
      // A block with at most one element is an object in Pulumi and a one-element list in Terraform.
      const inner = convertObject(isPlainObject(raw) ? raw : {}, field.schema, context);
      return {
        value: [inner.value],
        unknown: inner.unknown === undefined ? undefined : [inner.unknown],
        expression: [inner.expression],
      };
    }
    case "object":
      // A single nested block (a Plugin Framework resource's `timeouts`) is an object in Terraform too.
      return convertObject(isPlainObject(raw) ? raw : {}, field.schema, context);
    case "blocks": {
      const list = Array.isArray(raw) ? raw : [raw];
      return convertList(
        list,
        (item) => convertObject(isPlainObject(item) ? item : {}, field.schema, context),
        true,
      );
    }
    case "list":
      return convertList(Array.isArray(raw) ? raw : [raw], (item) => convertLeaf(item, context), false);
    case "map": {
      // Map keys (tag names) are data, not attribute names: they keep their spelling.
      if (!isPlainObject(raw)) return convertLeaf(raw, context);
      const inner = Object.fromEntries(Object.keys(raw).map((k) => [k, { kind: "scalar", tf: k } as Field]));
      const converted = convertObject(raw, { fields: new Map(Object.entries(inner)) }, context);
      const parts = Object.values(converted.expression as Record<string, Converted["expression"]>);
      const asParts = parts.map((expression) => ({ value: undefined, unknown: undefined, expression }));
      return { ...converted, expression: attributeExpression(asParts, converted.value) };
    }
    default:
      return convertLeaf(assetPath(raw), context);
  }
}

/** A Pulumi asset (the graph's `{ asset, path | text | uri }`) is the file path or text Terraform takes. */
function assetPath(raw: Json): Json {
  if (!isPlainObject(raw) || typeof raw.asset !== "string") return raw;
  return raw.path ?? raw.text ?? raw.uri ?? raw;
}

export interface PlanResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly pulumiType: string;
  readonly pulumiUrn: string;
}

/** Terraform names may hold letters, digits, `_` and `-`, and start with a letter or `_`. */
function terraformName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** The resources the plan holds: AWS custom resources; providers, components and other packages are left out. */
export function planResources(graph: Graph): Map<string, PlanResource> {
  const taken = new Set<string>();
  const result = new Map<string, PlanResource>();
  for (const resource of graph.resources) {
    if (!resource.custom || !resource.type.startsWith("aws:")) continue;
    const type = terraformType(resource.type);
    let name = terraformName(resource.name);
    for (let i = 2; taken.has(`${type}.${name}`); i++) name = `${terraformName(resource.name)}_${i}`;
    taken.add(`${type}.${name}`);
    result.set(resource.urn, {
      address: `${type}.${name}`,
      type,
      name,
      pulumiType: resource.type,
      pulumiUrn: resource.urn,
    });
  }
  return result;
}

function sensitiveOf(resource: GraphResource, schema: Schema): Record<string, boolean> {
  return Object.fromEntries(
    resource.secretInputs.map((input) => [schema.fields.get(input)?.tf ?? input, true] as const),
  );
}

function providerConfig(graph: Graph, region: string): Record<string, Json> {
  const config: Record<string, Json> = {
    aws: { name: "aws", full_name: PROVIDER_NAME, expressions: { region: { constant_value: region } } },
  };
  for (const provider of graph.resources.filter((r) => r.type === "pulumi:providers:aws")) {
    const expressions: Record<string, Json> = {};
    if (typeof provider.inputs.region === "string") {
      expressions.region = { constant_value: provider.inputs.region };
    }
    config[`aws.${provider.name}`] = {
      name: "aws",
      full_name: PROVIDER_NAME,
      alias: provider.name,
      expressions,
    };
  }
  return config;
}

/** The plan document; `region` is the default provider's (the stack's `aws.region`). */
export function terraformPlan(graph: Graph, region: string): Record<string, Json> {
  const resources = planResources(graph);
  const index = new ReferenceIndex(graph, region, (r) => resources.get(r.urn)?.address);
  const planned: Json[] = [];
  const changes: Json[] = [];
  const configured: Json[] = [];
  for (const resource of graph.resources) {
    const entry = resources.get(resource.urn);
    if (!entry) continue;
    const schema = resourceSchema(resource.type);
    const converted = convertObject(resource.inputs, schema, { index, self: entry.address });
    const values = converted.value as Record<string, Json>;
    const unknown: Record<string, Json> = { ...((converted.unknown as Record<string, Json>) ?? {}) };
    for (const attribute of index.computedOf(entry.address)) {
      if (!(attribute in values)) unknown[attribute] = true;
    }
    const sensitive = sensitiveOf(resource, schema);
    const head = { address: entry.address, mode: "managed", type: entry.type, name: entry.name };
    planned.push({
      ...head,
      provider_name: PROVIDER_NAME,
      schema_version: 0,
      values,
      sensitive_values: sensitive,
    });
    changes.push({
      ...head,
      provider_name: PROVIDER_NAME,
      change: {
        actions: ["create"],
        before: null,
        after: values,
        after_unknown: unknown,
        before_sensitive: false,
        after_sensitive: sensitive,
      },
    });
    configured.push({
      ...head,
      provider_config_key: "aws",
      expressions: converted.expression,
      schema_version: 0,
      // Where the resource came from, for a reader of the plan: Terraform ignores unknown fields.
      pulumi: { type: resource.type, urn: resource.urn },
    });
  }
  return {
    format_version: PLAN_FORMAT_VERSION,
    terraform_version: "1.9.0",
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    configuration: { provider_config: providerConfig(graph, region), root_module: { resources: configured } },
    // Secrets stay "[secret]": the offline preview never holds their values.
    strata: { stack: graph.stack, target: graph.target, secret_placeholder: SECRET_MARK },
  };
}
