import * as pulumi from "@pulumi/pulumi";
import type * as aws from "../components/shared/aws/sdk";
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
 * How long the state bucket keeps a checkpoint's replaced or deleted versions: a year, not the helper's quarter.
 * Those old versions are how a user undoes a bad checkpoint (a failed `pulumi up`, a hand edit, a wrong
 * `pulumi state delete`) or an accidental `pulumi stack rm`, and a corruption is often found long after it
 * happened, at the next update of a stack that changes rarely. Only replaced versions expire: the current
 * checkpoint of every stack, and Pulumi's own history and backup files beside it, are kept for ever. State
 * files are small, so a year of versions costs little, while a rule still bounds the bill and satisfies
 * Checkov CKV2_AWS_61; the same rule aborts incomplete multipart uploads after a week.
 */
export const STATE_NONCURRENT_VERSION_DAYS = 365;

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
      {
        naming: args.naming,
        layer: "bootstrap",
        role: "pulumi-state",
        protect: args.protect,
        noncurrentVersionDays: STATE_NONCURRENT_VERSION_DAYS,
      },
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
