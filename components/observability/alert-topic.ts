import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import { KEY_LIFECYCLE, keyPolicy } from "../shared/aws/key-policy";

export interface AlertTopicSpec {
  readonly naming: Naming;
  /** `alerts`, or `edge-alerts` for the us-east-1 copy CloudFront's alarms need. */
  readonly role: string;
  readonly emails: readonly string[];
  /** The topic's key outlives a destroy in prod, like the logs key. */
  readonly protect: boolean;
}

/**
 * An SNS topic encrypted with its own KMS key (the AWS-managed `alias/aws/sns` key cannot be opened to
 * CloudWatch, whose alarms would then fail to publish), and one email subscription per address.
 */
export function createAlertTopic(
  name: string,
  spec: AlertTopicSpec,
  opts: pulumi.CustomResourceOptions,
): aws.sns.Topic {
  const { naming, role } = spec;
  const account = aws.getCallerIdentityOutput({}, { parent: opts.parent, provider: opts.provider }).accountId;
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: `Encrypts the alert topic of ${naming.project}-${naming.stack}`,
      ...KEY_LIFECYCLE,
      policy: keyPolicy(account, {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      }),
      tags: naming.tags("observability", { Name: naming.physicalName(role) }),
    },
    { ...opts, protect: spec.protect, retainOnDelete: spec.protect },
  );
  const topic = new aws.sns.Topic(
    name,
    {
      name: naming.physicalName(role, 256),
      kmsMasterKeyId: key.arn,
      tags: naming.tags("observability", { Name: naming.physicalName(role, 255) }),
    },
    opts,
  );
  spec.emails.forEach((email, i) => {
    new aws.sns.TopicSubscription(
      `${name}-email-${i + 1}`,
      { topic: topic.arn, protocol: "email", endpoint: email },
      opts,
    );
  });
  return topic;
}
