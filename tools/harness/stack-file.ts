import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { isPlainObject } from "../../stacks/merge";

/** The repository root: where Pulumi.yaml and the stack files live. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/**
 * `secure:` values are encrypted with the stack's secrets provider and cannot be read offline. They are
 * replaced by this placeholder, still marked secret, so the program runs as it would with the real value.
 */
export const SECRET_PLACEHOLDER = "offline-placeholder-secret";

/** A stack file as the CLI would hand it to the program: the project's keys, their values, which are secret. */
export interface StackFile {
  readonly project: string;
  readonly stack: string;
  /** Keys of the project's namespace, without the prefix; values as written in YAML. */
  readonly values: Record<string, unknown>;
  /** Keys of other namespaces (provider config such as `aws:region`), passed through untouched. */
  readonly foreign: Record<string, unknown>;
  readonly secretKeys: Set<string>;
}

function projectName(dir: string): string {
  const project = parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name?: unknown };
  if (typeof project.name !== "string") throw new Error(`${dir}/Pulumi.yaml has no project name`);
  return project.name;
}

function isSecure(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/** Replaces `secure:` leaves by the placeholder; reports whether there were any. */
function unseal(value: unknown): { value: unknown; secret: boolean } {
  if (isSecure(value)) return { value: SECRET_PLACEHOLDER, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(unseal);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, unseal(v)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      secret: entries.some(([, v]) => v.secret),
    };
  }
  return { value, secret: false };
}

/**
 * Reads `Pulumi.<stack>.yaml` the way the CLI does: the project from `projectDir`, the stack file from
 * `stackDir` (Pulumi.yaml's `stackConfigDir`, by default the project's own folder).
 */
export function readStackFile(
  stack: string,
  projectDir: string = PROJECT_DIR,
  stackDir: string = projectDir,
): StackFile {
  const project = projectName(projectDir);
  const file = path.join(stackDir, `Pulumi.${stack}.yaml`);
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the stack file ${file}: ${(error as Error).message}`);
  }
  const config = isPlainObject(document) && isPlainObject(document.config) ? document.config : {};
  const values: Record<string, unknown> = {};
  const foreign: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [key, raw] of Object.entries(config)) {
    const { value, secret } = unseal(raw);
    const [namespace, name] = key.includes(":") ? key.split(/:(.*)/s, 2) : [project, key];
    if (namespace !== project) {
      foreign[key] = value;
      continue;
    }
    values[name] = value;
    if (secret) secretKeys.add(name);
  }
  return { project, stack, values, foreign, secretKeys };
}

/** The CLI's form of a stack file: `<namespace>:<key>` to a string, objects and lists as JSON. */
export function toRuntimeConfig(file: StackFile): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const encode = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
  for (const [key, value] of Object.entries(file.foreign)) config[key] = encode(value);
  for (const [key, value] of Object.entries(file.values)) config[`${file.project}:${key}`] = encode(value);
  return { config, secretKeys: [...file.secretKeys].map((key) => `${file.project}:${key}`) };
}
