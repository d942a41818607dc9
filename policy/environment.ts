import type { PolicyConfigSchema, PolicyResource, ResourceValidationArgs } from "@pulumi/policy";

/**
 * Which stacks are production. A rule knows the stack from the URN (`urn:pulumi:<stack>::<project>::…`), which
 * every resource carries under the real engine and offline alike; Kubernetes objects have no tags, and stack
 * tags are not available on every backend. It is not inferred from `protect`: a prod stack that forgot to
 * protect its data is exactly what the reliability rule must catch. A user whose production stack has another
 * name lists it in the pack's config: `{ "<rule>": { "productionStacks": ["live"] } }`.
 */
export const DEFAULT_PRODUCTION_STACKS = ["prod", "production"];

export const productionConfigSchema: PolicyConfigSchema = {
  properties: {
    productionStacks: {
      type: "array",
      items: { type: "string" },
      default: DEFAULT_PRODUCTION_STACKS,
      description: "Stack names this rule treats as production.",
    },
  },
};

export interface ProductionConfig {
  readonly productionStacks?: string[];
}

export function stackOfUrn(urn: string): string {
  // Stryker disable next-line Regex: the first part of a URN always starts with urn:pulumi:, so the anchor changes nothing
  return urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

export function isProductionUrn(urn: string, config: ProductionConfig): boolean {
  return (config.productionStacks ?? DEFAULT_PRODUCTION_STACKS).includes(stackOfUrn(urn));
}

export function isProductionStack(resources: PolicyResource[], config: ProductionConfig): boolean {
  return resources.length > 0 && isProductionUrn(resources[0].urn, config);
}

/** Ends a resource rule as not applicable unless the resource's stack is production. */
export function requireProduction(args: ResourceValidationArgs): void {
  if (!isProductionUrn(args.urn, args.getConfig<ProductionConfig>()))
    args.notApplicable("not a production stack");
}
