import * as pulumi from "@pulumi/pulumi";
import * as aws from "../components/shared/aws/sdk";
import { Naming } from "../components/naming";
import type { GithubConfig } from "./config";
import {
  ACCESSES,
  ciRoleName,
  deployPolicy,
  GITHUB_OIDC_URL,
  previewPolicy,
  READ_ONLY_POLICY_ARN,
  SESSION_SECONDS,
  STS_AUDIENCE,
  trustedSubjects,
  trustPolicy,
  type Access,
  type StackScope,
} from "./policies";

export interface GithubOidcArgs {
  readonly github: GithubConfig;
  readonly project: string;
  /** Each stack CI deploys, with the regions its deploy role may act in. */
  readonly stacks: Readonly<Record<string, { readonly regions: readonly string[] }>>;
  /** The self-managed backend's bucket and keys; absent with Pulumi Cloud. */
  readonly state?: {
    readonly bucket: pulumi.Input<string>;
    readonly secretsKeyArns: Readonly<Record<string, pulumi.Input<string>>>;
  };
  readonly protect: boolean;
}

/**
 * The AWS side of GitHub Actions' OIDC: the account's identity provider for GitHub's tokens (or an existing
 * one), and for each stack a deploy role and a read-only role that only this repository's workflows can
 * assume, each from where it must run (see trustedSubjects).
 */
export class GithubOidc extends pulumi.ComponentResource {
  public readonly providerArn: pulumi.Output<string>;
  /** Per stack and access, the role's ARN. */
  public readonly roleArns: Record<string, Record<Access, pulumi.Output<string>>> = {};

  constructor(name: string, args: GithubOidcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:bootstrap:GithubOidc", name, {}, opts);
    this.providerArn = this.createProvider(name, args);
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    for (const [stack, settings] of Object.entries(args.stacks)) {
      const scope = pulumi
        .all([account, args.state?.bucket, args.state ? pulumi.all(args.state.secretsKeyArns) : undefined])
        .apply(
          ([accountId, bucket, keys]): StackScope => ({
            account: accountId,
            project: args.project,
            stack,
            regions: settings.regions,
            state:
              bucket && keys
                ? { bucket, secretsKeyArn: keys[stack], allSecretsKeyArns: Object.values(keys).sort() }
                : undefined,
          }),
        );
      const arns = {} as Record<Access, pulumi.Output<string>>;
      for (const access of ACCESSES) arns[access] = this.createRole(name, stack, access, scope, args);
      this.roleArns[stack] = arns;
    }
    this.registerOutputs({ providerArn: this.providerArn, roleArns: this.roleArns });
  }

  private createProvider(name: string, args: GithubOidcArgs): pulumi.Output<string> {
    if (args.github.oidcProviderArn) return pulumi.output(args.github.oidcProviderArn);
    // No thumbprints: for GitHub, IAM verifies the token's certificate against its own trusted CAs.
    const provider = new aws.iam.OpenIdConnectProvider(
      `${name}-provider`,
      {
        url: GITHUB_OIDC_URL,
        clientIdLists: [STS_AUDIENCE],
        tags: new Naming(args.project, "ci").tags("bootstrap"),
      },
      { parent: this, protect: args.protect },
    );
    return provider.arn;
  }

  private createRole(
    name: string,
    stack: string,
    access: Access,
    scope: pulumi.Output<StackScope>,
    args: GithubOidcArgs,
  ): pulumi.Output<string> {
    const subjects = trustedSubjects(args.github.repository, args.github.branch, stack, access);
    const role = new aws.iam.Role(
      `${name}-${stack}-${access}`,
      {
        name: ciRoleName(stack, access),
        description: `GitHub Actions of ${args.github.repository}: ${access} of the stack ${stack}`,
        assumeRolePolicy: this.providerArn.apply((arn) => JSON.stringify(trustPolicy(arn, subjects))),
        maxSessionDuration: SESSION_SECONDS[access],
        tags: new Naming(args.project, stack).tags("bootstrap"),
      },
      { parent: this },
    );
    const policy = access === "deploy" ? deployPolicy : previewPolicy;
    new aws.iam.RolePolicy(
      `${name}-${stack}-${access}-policy`,
      { role: role.name, policy: scope.apply((s) => JSON.stringify(policy(s))) },
      { parent: this },
    );
    if (access === "preview") {
      new aws.iam.RolePolicyAttachment(
        `${name}-${stack}-${access}-read-only`,
        { role: role.name, policyArn: READ_ONLY_POLICY_ARN },
        { parent: this },
      );
    }
    return role.arn;
  }
}
