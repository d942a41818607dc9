import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** What every Strata rule carries: the public rule it mirrors, and how to fix a resource that breaks it. */
export interface RuleInfo {
  /** The public rule's ID (a Checkov ID, `CIS-AWS-<section>`, `kube-linter-<check>`…): the policy's name. */
  readonly id: string;
  /** One sentence: what a compliant resource looks like. */
  readonly description: string;
  /** How to fix a resource that breaks the rule; ends every violation message. */
  readonly fix: string;
  /** @default "mandatory"; a user overrides it in the pack's config (`{ "<id>": "advisory" }`). */
  readonly enforcementLevel?: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  /** Where the public rule is documented. */
  readonly url?: string;
}

/** Reports one violation; the rule's fix is appended, so every message says how to fix the resource. */
export type Fail = (problem: string, urn?: string) => void;

function policyFields(info: RuleInfo) {
  return {
    name: info.id,
    description: info.description,
    enforcementLevel: info.enforcementLevel ?? "mandatory",
    remediationSteps: info.fix,
    configSchema: info.configSchema,
    url: info.url,
  };
}

/** A rule on one resource at a time, for the given type tokens; other types are not applicable. */
export function resourceRule<Props = Record<string, unknown>>(
  info: RuleInfo,
  types: readonly string[],
  check: (props: Props, args: ResourceValidationArgs, fail: Fail) => void,
): ResourceValidationPolicy {
  return {
    ...policyFields(info),
    validateResource: (args, reportViolation) => {
      if (!types.includes(args.type)) return args.notApplicable(`applies to ${types.join(", ")}`);
      check(args.props as Props, args, (problem) => reportViolation(`${problem} Fix: ${info.fix}`));
    },
  };
}

/** A rule that needs to see several resources at once (a bucket and its settings, a Deployment and its PDB). */
export function stackRule(
  info: RuleInfo,
  check: (resources: PolicyResource[], args: StackValidationArgs, fail: Fail) => void,
): StackValidationPolicy {
  return {
    ...policyFields(info),
    validateStack: (args, reportViolation) =>
      check(args.resources, args, (problem, urn) => reportViolation(`${problem} Fix: ${info.fix}`, urn)),
  };
}

/** Type tokens of a few resource classes, so a rule can cover aliases (aws.lb and aws.alb) in one place. */
export function tokensOf(...classes: { __pulumiType: string }[]): string[] {
  return classes.map((c) => c.__pulumiType);
}

/** During `pulumi preview` a value computed from another resource is unknown and reading it throws this. */
export function isUnknownValueError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === "UnknownValueError";
}

/**
 * Whether a property is set. A value unknown during preview (an ARN of a key created in the same run) counts as
 * set: it will be, and reading it would abort the rule with "can't run during preview".
 */
export function isSet(object: unknown, key: string): boolean {
  if (object === null || typeof object !== "object" || !(key in object)) return false;
  try {
    const value = (object as Record<string, unknown>)[key];
    return (
      value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0)
    );
  } catch (error) {
    if (isUnknownValueError(error)) return true;
    throw error;
  }
}

/**
 * A property's value, or undefined when it (or the object) is absent. Reading a value unknown during preview
 * throws, so the engine reports the rule as unable to run during preview (advisory) and enforces it on
 * `pulumi up`, when the value is known: a computed value is never mistaken for a missing one.
 */
export function known<T = unknown>(object: unknown, key: string): T | undefined {
  if (object === null || typeof object !== "object" || !(key in object)) return undefined;
  return (object as Record<string, T>)[key];
}

/** A property's value, or undefined when it is absent or unknown: for matching resources, never for verdicts. */
export function ifKnown<T = unknown>(object: unknown, key: string): T | undefined {
  try {
    return known<T>(object, key);
  } catch (error) {
    if (isUnknownValueError(error)) return undefined;
    throw error;
  }
}

/** Values that may be a JSON string (as the AWS SDK sends policies and container definitions) or an object. */
export function parseJson<T>(value: unknown): T | undefined {
  if (typeof value !== "string") return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    // Not JSON: there is no document to read.
  }
  return undefined;
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
