import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { Naming } from "../components/naming";
import { createBucketPolicy, createPrivateBucket } from "../components/shared/aws/private-bucket";
import { createDataKey } from "../components/shared/aws/data-key";

export interface StateBackendArgs {
  /** The bootstrap's own naming: the bucket is the bootstrap stack's. */
  readonly naming: Naming;
  /** The main program's project: each stack's key is named and tagged as that stack's (<project>-<stack>-…). */
  readonly project: string;
  readonly stacks: readonly string[];
  readonly region: string;
  /** protect + retainOnDelete on the bucket and the keys. */
  readonly protect: boolean;
}

/**
 * A self-managed Pulumi backend: one private bucket for every stack's state (versioned, so an overwritten
 * checkpoint can be recovered; encrypted; all public access blocked; TLS only), and one KMS key per stack as
 * its secrets provider, so that one stack's CI role can decrypt its own secrets and no other stack's.
 */
export class StateBackend extends pulumi.ComponentResource {
  public readonly bucket: pulumi.Output<string>;
  /** `pulumi login` takes this URL. */
  public readonly backendUrl: pulumi.Output<string>;
  /** Per stack, what `pulumi stack init --secrets-provider` takes. */
  public readonly secretsProviders: Record<string, pulumi.Output<string>> = {};
  public readonly secretsKeyArns: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: StateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:bootstrap:StateBackend", name, {}, opts);
    const state = createPrivateBucket(
      `${name}-bucket`,
      { naming: args.naming, layer: "bootstrap", role: "pulumi-state", protect: args.protect },
      this,
    );
    createBucketPolicy(`${name}-bucket-policy`, state, [], this);
    this.bucket = state.bucket.bucket;
    this.backendUrl = pulumi.interpolate`s3://${state.bucket.bucket}?region=${args.region}`;
    for (const stack of args.stacks) this.createSecretsKey(name, stack, args);
    this.registerOutputs({
      bucket: this.bucket,
      backendUrl: this.backendUrl,
      secretsProviders: this.secretsProviders,
    });
  }

  private createSecretsKey(name: string, stack: string, args: StateBackendArgs): aws.kms.Key {
    const key = createDataKey(
      `${name}-secrets-${stack}`,
      {
        // Tagged Stack=<stack>: the other stacks' CI roles are denied anything tagged as another stack's.
        naming: new Naming(args.project, stack),
        layer: "bootstrap",
        role: "pulumi-secrets",
        description: `Pulumi secrets provider of the ${args.project} stack ${stack}`,
        protect: args.protect,
      },
      this,
    );
    // The key's id, not its alias: an alias can be moved to another key, a key id cannot.
    this.secretsProviders[stack] = pulumi.interpolate`awskms://${key.keyId}?region=${args.region}`;
    this.secretsKeyArns[stack] = key.arn;
    return key;
  }
}
