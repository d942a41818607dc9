import * as pulumi from "@pulumi/pulumi";
import * as aws from "./sdk";
import type { Naming } from "../../naming";
import { keyPolicy } from "./key-policy";
import { createDataKey } from "./data-key";

export interface LogsKeyArgs {
  readonly naming: Naming;
  /** The region whose CloudWatch Logs service may use the key. */
  readonly region: string;
  /** protect + retainOnDelete: without the key, the logs it encrypted cannot be read. */
  readonly protect: boolean;
}

/**
 * One customer-managed KMS key for every log group of the stack (Checkov CKV_AWS_158), with yearly
 * rotation (CKV_AWS_7). Its policy lets CloudWatch Logs use it only for this account's log groups.
 */
export class LogsKey extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: LogsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:observability:LogsKey", name, {}, opts);
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const key = createDataKey(
      `${name}-key`,
      {
        naming: args.naming,
        layer: "observability",
        role: "logs",
        description: `Encrypts the CloudWatch log groups of ${args.naming.project}-${args.naming.stack}`,
        protect: args.protect,
        policy: keyPolicy(account, {
          Sid: "CloudWatchLogsUsesForThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: `logs.${args.region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${args.region}:${account}:log-group:*`,
            },
          },
        }),
      },
      this,
    );
    this.arn = key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
