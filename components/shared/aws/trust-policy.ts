import * as pulumi from "@pulumi/pulumi";

/**
 * A role's trust policy: the AWS service (`ecs-tasks.amazonaws.com`, say) may assume the role, and only under
 * `condition` when one is given: the confused-deputy guards on `aws:SourceAccount` and `aws:SourceArn`.
 */
export function serviceTrustPolicy(
  service: string,
  condition?: Record<string, unknown>,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}
