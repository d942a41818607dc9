import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { ServicePlan } from "./plan";
import { awsTags, type AwsCtx } from "./aws-context";

export interface StackSecrets {
  /** Stack secret name → its Secrets Manager secret's ARN. */
  readonly arns: ReadonlyMap<string, pulumi.Output<string>>;
  /** The key the secrets are encrypted with; set when there is any secret. */
  readonly keyArn?: pulumi.Output<string>;
}

/**
 * One Secrets Manager secret per stack secret that a service reads, holding its value (a Pulumi secret
 * from birth), encrypted with a key of the stack's own (Checkov CKV_AWS_149). Tasks read it at start; only
 * the execution roles of the services that name it may.
 */
export function createStackSecrets(
  ctx: AwsCtx,
  plans: readonly ServicePlan[],
  values: Readonly<Record<string, pulumi.Output<string>>>,
): StackSecrets {
  const used = [...new Set(plans.flatMap((plan) => Object.values(plan.spec.secrets)))].sort();
  if (used.length === 0) return { arns: new Map() };
  const key = createSecretsKey(ctx);
  const arns = new Map<string, pulumi.Output<string>>();
  for (const secretName of used) {
    const name = `${ctx.name}-secret-${secretName}`;
    const secret = new aws.secretsmanager.Secret(
      name,
      {
        name: ctx.naming.physicalName(`secret-${secretName}`, 512),
        description: `Stack secret ${secretName}, read by the services that name it`,
        kmsKeyId: key.arn,
        // Deleted secrets stay recoverable in prod; dev frees the name at once for a recreate.
        recoveryWindowInDays: ctx.args.protect ? 30 : 0,
        tags: awsTags(ctx, `secret-${secretName}`),
      },
      { parent: ctx.parent },
    );
    new aws.secretsmanager.SecretVersion(
      name,
      { secretId: secret.id, secretString: values[secretName] },
      { parent: ctx.parent },
    );
    arns.set(secretName, secret.arn);
  }
  return { arns, keyArn: key.arn };
}

/** The account administers the key; services decrypt through Secrets Manager under their own grants. */
function createSecretsKey(ctx: AwsCtx): aws.kms.Key {
  return new aws.kms.Key(
    `${ctx.name}-secrets-key`,
    {
      description: `Encrypts the service secrets of ${ctx.naming.project}-${ctx.naming.stack}`,
      // Yearly rotation (Checkov CKV_AWS_7).
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            // The default key policy: IAM policies of the account decide who may use the key.
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ctx.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
          },
        ],
      }),
      tags: awsTags(ctx, "secrets-key"),
    },
    { parent: ctx.parent, protect: ctx.args.protect, retainOnDelete: ctx.args.protect },
  );
}
