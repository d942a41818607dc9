import * as pulumi from "@pulumi/pulumi";
import { recordingMocks, type RegisteredInputs } from "./mocks";
import { toRuntimeConfig, type StackFile } from "./stack-file";
import { SECRET_MARK, type Graph, type GraphResource } from "./graph";
import { isPlainObject } from "../../stacks/merge";

// The SDK drains its queue of pending registrations only through this runtime function, untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
// The resources an output was computed from: what the engine records as a resource's input dependencies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const outputs = require("@pulumi/pulumi/output") as {
  getAllResources(output: pulumi.Output<unknown>): Promise<Set<pulumi.Resource>>;
};

interface Seen {
  readonly resource: pulumi.Resource;
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.ResourceOptions;
  readonly props: pulumi.Inputs;
}

/** What went wrong in a run: the program's error, with whatever was registered before it. */
export class ProgramError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly graph: Graph,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramError";
  }
}

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Only an Output (or a promise, or a value holding one) can carry a secret; plain values are skipped fast. */
function holdsOutput(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return true;
  if (Array.isArray(value)) return value.some(holdsOutput);
  if (isPlainObject(value)) return Object.values(value).some(holdsOutput);
  return false;
}

/** The inputs that hold an output or a promise, each as one output: only those can be secret or depend on
 * another resource, and each is lifted once for both questions. */
function liftedInputs(props: pulumi.Inputs | undefined): [string, pulumi.Output<unknown>][] {
  return Object.entries(props ?? {})
    .filter(([, value]) => holdsOutput(value))
    .map(([key, value]) => [key, pulumi.output(value as pulumi.Input<unknown>)]);
}

type UrnOf = (resource: pulumi.Resource) => Promise<string>;

/** Reads each resource's URN once per run: parents, dependencies and providers ask for the same few. */
function urnReader(): UrnOf {
  const urns = new Map<pulumi.Resource, Promise<string>>();
  return (resource) => {
    let urn = urns.get(resource);
    if (!urn) {
      urn = promiseOf(resource.urn);
      urns.set(resource, urn);
    }
    return urn;
  };
}

async function dependencyUrns(opts: pulumi.ResourceOptions, urnOf: UrnOf): Promise<string[]> {
  const raw =
    opts.dependsOn === undefined
      ? []
      : await promiseOf(pulumi.output(opts.dependsOn as pulumi.Input<unknown>));
  const list = (Array.isArray(raw) ? raw : [raw]) as pulumi.Resource[];
  return Promise.all(list.filter(Boolean).map(urnOf));
}

async function inputDependencyUrns(
  lifted: readonly [string, pulumi.Output<unknown>][],
  urnOf: UrnOf,
): Promise<string[]> {
  const found = new Set<pulumi.Resource>();
  for (const [, output] of lifted) {
    for (const resource of await outputs.getAllResources(output)) found.add(resource);
  }
  return [...new Set(await Promise.all([...found].map(urnOf)))];
}

/** The provider the SDK chose for a custom resource (explicit, or inherited from its parent's `providers`). */
async function providerUrn(resource: pulumi.Resource, urnOf: UrnOf): Promise<string | null> {
  const provider = (resource as unknown as { __prov?: pulumi.ProviderResource }).__prov;
  return provider ? urnOf(provider) : null;
}

/** Not a type guard: an empty Archive's shape would narrow arrays away. */
function isAssetOrArchive(value: unknown): boolean {
  return pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value);
}

/** A promise, or an asset or archive (whose fields are promises), anywhere in a value: what plainData awaits. */
function holdsDeferred(value: unknown): boolean {
  if (value instanceof Promise || isAssetOrArchive(value)) return true;
  if (Array.isArray(value)) return value.some(holdsDeferred);
  if (isPlainObject(value)) return Object.values(value).some(holdsDeferred);
  return false;
}

/**
 * The engine's inputs as plain data, so the graph can be written as JSON and cloned: an asset or archive
 * (whose fields are promises) becomes `{ "asset": "file" | "string" | "remote", <its field> }`.
 */
async function plainData(value: unknown): Promise<unknown> {
  if (!holdsDeferred(value)) return value;
  if (value instanceof Promise) return plainData(await value);
  if (isAssetOrArchive(value)) {
    const fields = value as unknown as Record<string, unknown>;
    const kind = "path" in fields ? "path" : "text" in fields ? "text" : "uri" in fields ? "uri" : "assets";
    const label = { path: "file", text: "string", uri: "remote", assets: "archive" }[kind];
    return { asset: label, [kind]: await plainData(fields[kind]) };
  }
  if (Array.isArray(value)) return Promise.all((value as unknown[]).map(plainData));
  if (isPlainObject(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await plainData(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function redact(
  inputs: Record<string, unknown>,
  secretKeys: Set<string>,
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(inputs).map(async ([key, value]) => [
      key,
      secretKeys.has(key) ? SECRET_MARK : await plainData(value),
    ]),
  );
  return Object.fromEntries(entries);
}

async function redactOutputs(outputs: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(outputs ?? {})) {
    const output = pulumi.output(value as pulumi.Input<unknown>);
    result[key] = (await pulumi.isSecret(output)) ? SECRET_MARK : await promiseOf(output);
  }
  return result;
}

/**
 * Joins what the transformation saw (options, parent, which inputs are secret) with what the mocked engine
 * received (the serialized inputs), resource by resource in registration order.
 */
async function assemble(seen: Seen[], registered: RegisteredInputs[]): Promise<GraphResource[]> {
  const queues = new Map<string, RegisteredInputs[]>();
  for (const entry of registered) {
    const key = `${entry.type}::${entry.name}`;
    queues.set(key, [...(queues.get(key) ?? []), entry]);
  }
  const protectedByUrn = new Map<string, boolean>();
  const resources: GraphResource[] = [];
  const urnOf = urnReader();
  for (const item of seen) {
    const urn = await urnOf(item.resource);
    const parent = item.opts.parent ? await urnOf(item.opts.parent) : null;
    const engineInputs = queues.get(`${item.type}::${item.name}`)?.shift();
    const secretKeys = new Set<string>();
    const lifted = liftedInputs(item.props);
    for (const [key, output] of lifted) {
      if (await pulumi.isSecret(output)) secretKeys.add(key);
    }
    // `protect` is inherited from the parent when a child does not set it, as the SDK does.
    const protect = item.opts.protect ?? (parent ? (protectedByUrn.get(parent) ?? false) : false);
    protectedByUrn.set(urn, protect);
    resources.push({
      type: item.type,
      name: item.name,
      urn,
      parent,
      inputs: await redact(engineInputs?.inputs ?? {}, secretKeys),
      secretInputs: [...secretKeys],
      protect,
      retainOnDelete: item.opts.retainOnDelete ?? false,
      ...(item.opts.ignoreChanges?.length ? { ignoreChanges: [...item.opts.ignoreChanges] } : {}),
      dependsOn: await dependencyUrns(item.opts, urnOf),
      inputDependencies: await inputDependencyUrns(lifted, urnOf),
      provider: await providerUrn(item.resource, urnOf),
      custom: engineInputs?.custom ?? item.resource instanceof pulumi.CustomResource,
    });
  }
  return resources;
}

export interface RunOptions {
  /** Replaces the stack file's target, as `--target` does. */
  readonly target?: string;
  /** The program to run instead of index.ts (the benchmark's bare floor). */
  readonly program?: () => Promise<unknown>;
}

function strataProgram(): Promise<unknown> {
  // Loaded on first use so that a config-only run does not pay for the providers' SDKs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../../index") as typeof import("../../index");
  return program();
}

/** The stack's AWS region, as the CLI would pass it to the default provider. */
export function regionOf(file: StackFile): string {
  const aws = file.values.aws;
  return isPlainObject(aws) && typeof aws.region === "string" ? aws.region : "us-east-1";
}

/**
 * Runs the real program (index.ts) for a stack with the engine mocked: no CLI, no plugins, no credentials.
 * Resolves to the recorded graph; rejects with a ProgramError carrying the program's own error.
 */
export async function runProgram(file: StackFile, options: RunOptions = {}): Promise<Graph> {
  const values = options.target ? { ...file.values, target: options.target } : file.values;
  const { config, secretKeys } = toRuntimeConfig({ ...file, values });
  pulumi.runtime.setAllConfig(config, secretKeys);
  const registered: RegisteredInputs[] = [];
  await pulumi.runtime.setMocks(recordingMocks(regionOf(file), registered), file.project, file.stack, false);

  const seen: Seen[] = [];
  let failure: unknown;
  let outputs: Record<string, unknown> | undefined;
  try {
    outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(({ resource, type, name, opts, props }) => {
        seen.push({ resource, type, name, opts, props });
        return undefined;
      });
      return (options.program ?? strataProgram)() as Promise<Record<string, unknown> | undefined>;
    });
    await settings.waitForRPCs();
  } catch (error) {
    failure = error;
  }
  const graph: Graph = {
    stack: file.stack,
    target: String(values.target),
    resources: await assemble(seen, registered),
    outputs: failure ? {} : await redactOutputs(outputs),
  };
  if (failure) throw new ProgramError(failure, graph);
  return graph;
}
