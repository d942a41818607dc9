import type * as aws from "../../components/shared/aws/sdk";
import type { Unwrap } from "@pulumi/pulumi";
import { isSet, known, resourceRule } from "../rule";

type LogGroup = Unwrap<aws.cloudwatch.LogGroupArgs>;

const LOG_GROUPS = ["aws:cloudwatch/logGroup:LogGroup"];

export const logPolicies = [
  resourceRule<LogGroup>(
    {
      id: "CKV_AWS_66",
      description: "CloudWatch log groups have a retention period.",
      fix: "Set retentionInDays (Strata: logs.retentionDays in the stack file).",
    },
    LOG_GROUPS,
    (group, _args, fail) => {
      // 0 or unset means "never expire".
      if (!((known<number>(group, "retentionInDays") ?? 0) > 0)) fail("Logs are kept forever.");
    },
  ),
  resourceRule<LogGroup>(
    {
      id: "CKV_AWS_158",
      description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
      fix: "Set kmsKeyId to the stack's logs key (components/shared/aws/log-group.ts does).",
    },
    LOG_GROUPS,
    (group, _args, fail) => {
      if (!isSet(group, "kmsKeyId")) fail("The log group has no KMS key.");
    },
  ),
];
