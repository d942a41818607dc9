import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { serviceTrustPolicy } from "../shared/aws/trust-policy";
import { awsTags, type AwsCtx, type PolicyStatement } from "./aws-context";
import type { ServiceConnection } from "../connections";

export interface ExecutionGrants {
  /** The log group the task's log driver writes to. */
  readonly logGroupArn: pulumi.Input<string>;
  /** The private ECR repository of the task's image, when it comes from one. */
  readonly ecrRepositoryArn?: pulumi.Input<string>;
  /** Secrets Manager secret and SSM parameter ARNs the task's secrets come from. */
  readonly secretArns: readonly pulumi.Input<string>[];
  /** The key the stack's own secrets are encrypted with, when the task reads any of them. */
  readonly secretsKeyArn?: pulumi.Input<string>;
  /** The region whose Secrets Manager may decrypt with that key for the task. */
  readonly region: string;
  /** The backing layers the service uses: their secrets' keys, and what its task role may do on them. */
  readonly connections?: readonly ServiceConnection[];
}

export interface TaskRoles {
  readonly executionRole: aws.iam.Role;
  readonly taskRole: aws.iam.Role;
}

/**
 * Separate roles (Checkov CKV_AWS_249): the execution role ECS uses to start the task (pull the image, read
 * the secrets, write the logs), limited to this service's own resources; the task role the application
 * assumes, with only what its backing layers grant (rds-db:connect as the database's application user).
 */
export function createTaskRoles(ctx: AwsCtx, service: string, grants: ExecutionGrants): TaskRoles {
  const executionRole = createEcsTasksRole(ctx, `${service}-execution`);
  new aws.iam.RolePolicy(
    `${ctx.name}-${service}-execution`,
    { role: executionRole.id, policy: executionPolicy(grants) },
    { parent: ctx.parent },
  );
  const taskRole = createEcsTasksRole(ctx, `${service}-task`);
  const statements = (grants.connections ?? []).flatMap((c) => c.awsTaskStatements ?? []);
  if (statements.length > 0) {
    new aws.iam.RolePolicy(
      `${ctx.name}-${service}-task`,
      { role: taskRole.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
      { parent: ctx.parent },
    );
  }
  return { executionRole, taskRole };
}

function createEcsTasksRole(ctx: AwsCtx, role: string): aws.iam.Role {
  return new aws.iam.Role(
    `${ctx.name}-${role}`,
    {
      name: ctx.naming.physicalName(role, 64),
      // Only ECS acting for this account may assume it (confused-deputy protection).
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
      }),
      tags: awsTags(ctx, role),
    },
    { parent: ctx.parent },
  );
}

/** The execution role's statements: each names this service's resources, except what AWS allows only on `*`. */
export function executionPolicy(grants: ExecutionGrants): pulumi.Output<string> {
  return pulumi
    .all([
      pulumi.output(grants.logGroupArn),
      pulumi.output(grants.ecrRepositoryArn),
      pulumi.all([...grants.secretArns]),
      pulumi.output(grants.secretsKeyArn),
      pulumi.all(backingSecretKeys(grants.connections ?? [])),
    ])
    .apply(([logGroupArn, repositoryArn, secretArns, secretsKeyArn, backingKeys]) => {
      const statements: PolicyStatement[] = [
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroupArn}:log-stream:*`,
        },
      ];
      if (repositoryArn) {
        statements.push(
          // ecr:GetAuthorizationToken has no resource-level permissions: AWS requires "*".
          { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          {
            Sid: "PullOwnImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            Resource: repositoryArn,
          },
        );
      }
      const secretsManager = [...new Set(secretArns.filter((arn) => !arn.includes(":ssm:")))].sort();
      const parameters = [...new Set(secretArns.filter((arn) => arn.includes(":ssm:")))].sort();
      if (secretsManager.length > 0) {
        statements.push({
          Sid: "ReadOwnSecrets",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: secretsManager,
        });
      }
      if (parameters.length > 0) {
        statements.push({
          Sid: "ReadOwnParameters",
          Effect: "Allow",
          Action: "ssm:GetParameters",
          Resource: parameters,
        });
      }
      if (secretsKeyArn) {
        statements.push({
          Sid: "DecryptOwnSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: secretsKeyArn,
          // Only as Secrets Manager hands the task its secrets, never directly.
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${grants.region}.amazonaws.com` } },
        });
      }
      const keys = [...new Set(backingKeys)].sort();
      if (keys.length > 0) {
        statements.push({
          Sid: "DecryptBackingSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: keys,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${grants.region}.amazonaws.com` } },
        });
      }
      return JSON.stringify({ Version: "2012-10-17", Statement: statements });
    });
}

/** The customer-managed keys of the backing layers' secrets a service reads (the cache's auth token). */
function backingSecretKeys(connections: readonly ServiceConnection[]): pulumi.Input<string>[] {
  return connections.flatMap((c) =>
    Object.values(c.secrets).flatMap((reference) =>
      reference.aws?.kmsKeyArn ? [reference.aws.kmsKeyArn] : [],
    ),
  );
}
