import { z } from "zod";
import { flag, matching, oneOf, section } from "../stacks/schema/primitives";
import { problemsFromIssues } from "../stacks/schema-problems";
import { ConfigError, type ConfigProblem } from "../stacks/problems";
import type { ConfigSource } from "../stacks/source";

/** Names a main-program stack may not take: the deploy roles' IAM scopes (strata-<stack>-*) would cover them. */
export const RESERVED_STACK_NAMES = ["bootstrap", "ci"] as const;

const REGION = matching(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "an AWS region such as eu-west-1");

/**
 * Stack names become IAM role names (strata-ci-<stack>-deploy, 64 characters at most), GitHub environment
 * names and parts of the OIDC subject, which GitHub escapes when they hold a colon: so a short lower-case label.
 */
const STACK_NAME = matching(
  /^[a-z][a-z0-9-]{0,29}$/,
  "a stack name of at most 30 lower-case letters, digits and '-', starting with a letter",
).refine((name) => !(RESERVED_STACK_NAMES as readonly string[]).includes(name), {
  error: `a stack name other than ${RESERVED_STACK_NAMES.join(" or ")} (the CI roles' IAM scopes would overlap)`,
});

const stackSection = section({
  /** Regions the stack's deploy role may act in: the stack's region and its backup copy region. */
  regions: z
    .array(REGION, { error: "a list of AWS regions" })
    .min(1, { error: "a list of at least one AWS region" }),
});

const githubSection = section({
  /** The repository whose workflows may assume the roles, as owner/name. */
  repository: matching(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "a GitHub repository as owner/name"),
  /** The default branch: the nightly drift check runs on it, and assumes the read-only roles from it. */
  branch: matching(/^[A-Za-z0-9._/-]+$/, "a branch name").default("main"),
  /** The account's existing GitHub OIDC provider (one per account); created when unset. */
  oidcProviderArn: matching(
    /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
    "the ARN of an IAM OIDC provider for token.actions.githubusercontent.com",
  ).optional(),
});

const bootstrapSchema = section({
  /** The region of the state bucket and the secrets keys. */
  region: REGION,
  /** The main program's project name (its Pulumi.yaml): the state's paths and the IAM scopes use it. */
  project: matching(/^[a-z][a-z0-9-]{0,19}$/, "a project name of lower-case letters, digits and '-'").default(
    "strata",
  ),
  /** s3: a self-managed backend (a bucket, a KMS key per stack); cloud: Pulumi Cloud keeps state and secrets. */
  backend: oneOf(["s3", "cloud"]).default("s3"),
  /** protect + retainOnDelete on the bucket and the keys: losing either loses every stack's state or secrets. */
  protect: flag.default(true),
  stacks: z
    .record(STACK_NAME, stackSection, { error: "a map of stack names to their settings" })
    .refine((stacks) => Object.keys(stacks).length > 0, { error: "a map of at least one stack" }),
  github: githubSection.optional(),
});

export type BootstrapConfig = z.output<typeof bootstrapSchema> & { readonly stackName: string };
export type GithubConfig = NonNullable<BootstrapConfig["github"]>;

/** The bootstrap stack's configuration, validated in full before any resource is registered. */
export function loadBootstrapConfig(source: ConfigSource): BootstrapConfig {
  const parsed = bootstrapSchema.safeParse(source.values);
  if (!parsed.success) {
    const problems: ConfigProblem[] = problemsFromIssues(
      parsed.error.issues,
      source.values,
      source.secretKeys,
    );
    throw new ConfigError(source.stack, problems);
  }
  return { ...parsed.data, stackName: source.stack };
}
