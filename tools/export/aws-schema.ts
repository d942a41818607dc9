import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as ts from "typescript";

/**
 * What @pulumi/aws's own type definitions say about a resource's inputs, read from node_modules so the mapping
 * follows the installed provider version. @pulumi/aws is a bridge of the Terraform AWS provider: an input is the
 * camelCase form of a Terraform attribute, a Terraform block with at most one element is a plain object, and a
 * block list carries the bridge's plural name.
 */
const AWS_DIR = dirname(require.resolve("@pulumi/aws/package.json"));
const PROVIDER = (
  JSON.parse(readFileSync(join(AWS_DIR, "package.json"), "utf8")) as { pulumi: { name: string } }
).pulumi.name;

export type Field =
  | { readonly kind: "scalar" | "list" | "map"; readonly tf: string }
  | { readonly kind: "block" | "blocks" | "object"; readonly tf: string; readonly schema: Schema };

export interface Schema {
  readonly fields: ReadonlyMap<string, Field>;
}

/**
 * Terraform types whose name is not `<provider>_<module>_<snake name>`. The ec2 module holds the network
 * resources that Terraform names without a prefix; the others are renames the bridge made.
 */
const TYPE_EXCEPTIONS: Readonly<Record<string, string>> = {
  "aws:lb/loadBalancer:LoadBalancer": "aws_lb",
  "aws:alb/loadBalancer:LoadBalancer": "aws_alb",
  "aws:rds/subnetGroup:SubnetGroup": "aws_db_subnet_group",
  "aws:rds/instance:Instance": "aws_db_instance",
  "aws:rds/parameterGroup:ParameterGroup": "aws_db_parameter_group",
  "aws:s3/bucketObjectv2:BucketObjectv2": "aws_s3_object",
  "aws:s3/bucketV2:BucketV2": "aws_s3_bucket",
  "aws:ec2/tag:Tag": "aws_ec2_tag",
};

/** Modules whose Terraform prefix differs from the module's name. */
const MODULE_PREFIXES: Readonly<Record<string, string>> = { ec2: "", servicediscovery: "service_discovery" };

/**
 * Block lists whose Terraform name is not the singular of the bridge's plural (already plural in Terraform),
 * keyed by `<nested type>.<input>`.
 */
const BLOCK_NAME_EXCEPTIONS: Readonly<Record<string, string>> = {
  "ServiceDiscoveryServiceDnsConfig.dnsRecords": "dns_records",
  "ServiceDnsConfig.dnsRecords": "dns_records",
  "ResponseHeadersPolicyCustomHeadersConfig.items": "items",
  "ResponseHeadersPolicyRemoveHeadersConfig.items": "items",
  "DistributionOriginGroupMember.members": "member",
  "WebAclLoggingConfiguration.redactedFields": "redacted_fields",
};

/**
 * Single nested blocks: an object in Terraform's JSON, not a one-element list. @pulumi/aws takes `timeouts` as
 * an input only on the provider's Plugin Framework resources (aws_cloudfront_vpc_origin), whose `timeouts` is
 * the framework's `timeouts.Block`, a single nested block; the SDK resources' timeouts are Pulumi's
 * customTimeouts, no input at all.
 */
const SINGLE_BLOCKS: ReadonlySet<string> = new Set(["timeouts"]);

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The bridge pluralised a block list's singular Terraform name; this undoes it. */
export function singular(name: string): string {
  if (/ies$/.test(name)) return name.replace(/ies$/, "y");
  if (/(ss|x|ch|sh|as)es$/.test(name)) return name.replace(/es$/, "");
  if (/[^s]s$/.test(name)) return name.slice(0, -1);
  return name;
}

/** `aws:rds/cluster:Cluster` → `aws_rds_cluster`. */
export function terraformType(token: string): string {
  const exception = TYPE_EXCEPTIONS[token];
  if (exception) return exception;
  const match = /^([a-z0-9-]+):([a-z0-9]+)\/[a-zA-Z0-9]+:([A-Za-z0-9]+)$/.exec(token);
  if (!match) throw new Error(`not a provider resource type token: ${token}`);
  const [, provider, module, name] = match;
  if (provider !== PROVIDER) throw new Error(`${token} is not an ${PROVIDER} resource`);
  const prefix = MODULE_PREFIXES[module] ?? module;
  return [provider, prefix, snakeCase(name)].filter(Boolean).join("_");
}

function resourceFile(token: string): { file: string; name: string } {
  const match = /^[a-z0-9-]+:([a-z0-9]+)\/([a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(token);
  if (!match) throw new Error(`not a provider resource type token: ${token}`);
  return { file: join(AWS_DIR, match[1], `${match[2]}.d.ts`), name: match[3] };
}

interface Span {
  readonly start: number;
  readonly end: number;
}

let inputTypes: { readonly text: string; readonly namespaces: ReadonlyMap<string, Span> } | undefined;

/**
 * @pulumi/aws's input types (5 MB), with where each `export declare namespace` starts and ends, found once:
 * searching the whole text for a namespace per nested type took seconds per plan.
 */
function inputDeclarations(): { readonly text: string; readonly namespaces: ReadonlyMap<string, Span> } {
  if (inputTypes) return inputTypes;
  const text = readFileSync(join(AWS_DIR, "types", "input.d.ts"), "utf8");
  const starts = [...text.matchAll(/^export declare namespace (\w+) \{/gm)];
  const namespaces = new Map<string, Span>();
  starts.forEach((match, i) => {
    namespaces.set(match[1], { start: match.index, end: starts[i + 1]?.index ?? text.length });
  });
  inputTypes = { text, namespaces };
  return inputTypes;
}

/** The text of one `interface NAME {...}` within `span`: it closes at the first `}` line indented as it opens. */
function interfaceText(source: string, name: string, span: Span | undefined, label: string): string {
  const at = span === undefined ? -1 : source.indexOf(`interface ${name} {`, span.start);
  if (span === undefined || at < 0 || at > span.end)
    throw new Error(`@pulumi/aws declares no interface ${label}`);
  const indent = /^\s*/.exec(source.slice(source.lastIndexOf("\n", at) + 1, at))?.[0] ?? "";
  const end = source.indexOf(`\n${indent}}`, at);
  return source.slice(at, end + indent.length + 2);
}

/** The Terraform name a deprecation note gives an input (`cors_rule is deprecated. Use ...`). */
function deprecatedName(member: ts.Node, text: string): string | undefined {
  const comment = text.slice(member.getFullStart(), member.getStart());
  return /@deprecated (\w+) is deprecated/.exec(comment)?.[1];
}

function unwrap(type: string): string {
  let inner = type.replace(/\s+/g, " ").trim();
  for (;;) {
    const next = inner.replace(/^pulumi\.Input<(.*)>$/, "$1").replace(/ \| undefined$/, "");
    if (next === inner) return inner;
    inner = next;
  }
}

const schemas = new Map<string, Schema>();

function parseInterface(text: string, owner: string): Schema {
  const file = ts.createSourceFile("x.d.ts", text, ts.ScriptTarget.Latest, true);
  const fields = new Map<string, Field>();
  const declaration = file.statements.find(ts.isInterfaceDeclaration);
  for (const member of declaration?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const input = member.name.getText(file);
    const type = unwrap(member.type.getText(file));
    const direct = deprecatedName(member, text) ?? snakeCase(input);
    const nested = /^inputs\.(\w+)\.(\w+)(\[\])?$/.exec(
      type.replace(/pulumi\.Input<(inputs\.[\w.]+)>\[\]$/, "$1[]"),
    );
    if (nested) {
      const [, namespace, name, many] = nested;
      const schema = nestedSchema(namespace, name);
      const tf = many ? (BLOCK_NAME_EXCEPTIONS[`${owner}.${input}`] ?? singular(direct)) : direct;
      const kind = many ? "blocks" : SINGLE_BLOCKS.has(input) ? "object" : "block";
      fields.set(input, { kind, tf, schema });
    } else if (type.startsWith("{")) {
      fields.set(input, { kind: "map", tf: direct });
    } else {
      fields.set(input, { kind: type.endsWith("[]") ? "list" : "scalar", tf: direct });
    }
  }
  return { fields };
}

function nestedSchema(namespace: string, name: string): Schema {
  const key = `${namespace}.${name}`;
  const cached = schemas.get(key);
  if (cached) return cached;
  // Recursive types (WAF statements) would loop: the entry is set before its fields are parsed.
  const fields = new Map<string, Field>();
  const schema: Schema = { fields };
  schemas.set(key, schema);
  const inputs = inputDeclarations();
  const text = interfaceText(inputs.text, name, inputs.namespaces.get(namespace), `${namespace}.${name}`);
  for (const [k, v] of parseInterface(text, name).fields) {
    fields.set(k, v);
  }
  return schema;
}

/** The inputs of a resource type, from its `<Name>Args` interface. */
export function resourceSchema(token: string): Schema {
  const cached = schemas.get(token);
  if (cached) return cached;
  const { file, name } = resourceFile(token);
  if (!existsSync(file)) throw new Error(`@pulumi/aws has no type definitions for ${token} (${file})`);
  const source = readFileSync(file, "utf8");
  const text = interfaceText(source, `${name}Args`, { start: 0, end: source.length }, `.${name}Args`);
  const schema = parseInterface(text, name);
  schemas.set(token, schema);
  return schema;
}
