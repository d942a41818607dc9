import * as pulumi from "@pulumi/pulumi";

/**
 * The first statement of every key policy: the account keeps control of its key (the default key policy), so
 * IAM policies apply and a key can never be locked out of the account that pays for it.
 */
export function accountAdministers(account: pulumi.Input<string>): Record<string, unknown> {
  return {
    Sid: "AccountAdministers",
    Effect: "Allow",
    Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/** Rotated yearly (Checkov CKV_AWS_7), and a month to undo a deletion: the settings of every key of the stack. */
export const KEY_LIFECYCLE = { enableKeyRotation: true, deletionWindowInDays: 30 } as const;

/** A key policy: the account administers the key, then the services the statements let use it. */
export function keyPolicy(
  account: pulumi.Input<string>,
  ...statements: Record<string, unknown>[]
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [accountAdministers(account), ...statements],
  });
}
