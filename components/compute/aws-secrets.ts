import type * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ServicePlan } from "./plan";
import { awsTags, type AwsCtx } from "./aws-context";

/**
 * One Secrets Manager secret per stack secret that a service reads, holding its value (a Pulumi secret
 * from birth). Tasks read it at start; only the execution roles of the services that name it may.
 */
export function createStackSecrets(
  ctx: AwsCtx,
  plans: readonly ServicePlan[],
  values: Readonly<Record<string, pulumi.Output<string>>>,
): Map<string, pulumi.Output<string>> {
  const used = [...new Set(plans.flatMap((plan) => Object.values(plan.spec.secrets)))].sort();
  const arns = new Map<string, pulumi.Output<string>>();
  for (const secretName of used) {
    const name = `${ctx.name}-secret-${secretName}`;
    const secret = new aws.secretsmanager.Secret(
      name,
      {
        name: ctx.naming.physicalName(`secret-${secretName}`, 512),
        description: `Stack secret ${secretName}, read by the services that name it`,
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
  return arns;
}
