import type { ServiceSchedule } from "../../stacks/schema/schedule";
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import type { Transform } from "../transform";

export interface AwsComputeArgs {
  /** Region of the provider the component is given; names the log driver's region. */
  readonly region: string;
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets hold the load balancer. */
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** Private subnets hold the tasks, which get no public IP (Checkov CKV_AWS_333). */
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The stack's KMS key for log groups. */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** Retention of the services' log groups and of the load balancer's access logs. */
  readonly logRetentionDays: number;
  /** @default - dev mostly Fargate Spot, prod on-demand only (from the preset) */
  readonly capacityProviders: { readonly fargate: number; readonly fargateSpot: number };
  /** With a domain, HTTPS on a DNS-validated certificate and HTTP redirected; without, plain HTTP. */
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  /** @default - deletion protection and access logs in prod (from the preset) */
  readonly loadBalancer: { readonly deletionProtection: boolean; readonly accessLogs: boolean };
  /** protect + retainOnDelete on the access-log bucket and ECR repositories; secrets get a recovery window. */
  readonly protect: boolean;
  /** Working hours: every service scales to zero outside them; around the clock when unset. */
  readonly schedule?: ServiceSchedule;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: {
    readonly loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
    readonly taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
    readonly service?: Transform<aws.ecs.ServiceArgs>;
    readonly targetGroup?: Transform<aws.lb.TargetGroupArgs>;
  };
}

/** What every aws builder function needs. */
export interface AwsCtx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly naming: Naming;
  readonly args: AwsComputeArgs;
  readonly accountId: pulumi.Output<string>;
}

export function awsTags(
  ctx: AwsCtx,
  role: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return ctx.naming.tags("compute", { Name: ctx.naming.physicalName(role, 255), ...extra });
}

/** An IAM policy document; statements may hold outputs (ARNs). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource: pulumi.Input<string> | pulumi.Input<string>[];
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}
