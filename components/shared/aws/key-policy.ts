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
