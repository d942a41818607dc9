import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { serviceTrustPolicy } from "../shared/aws/trust-policy";
import type { Naming } from "../naming";
import type { ServiceSchedule } from "../../stacks/schema/schedule";
import { scheduleCron, shiftTime } from "../shared/working-hours";

/** The NAT instance is up this long before the services start (their images come through it) and after they stop. */
export const NAT_LEAD_MINUTES = 15;

export interface NatScheduleArgs {
  readonly naming: Naming;
  readonly instance: aws.ec2.Instance;
  /** The key of the instance's root volume: starting an instance with it needs a grant. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly schedule: ServiceSchedule;
}

/**
 * The services' working hours for the NAT instance: EventBridge Scheduler stops it after the services have
 * scaled to zero and starts it before they return. A stopped instance pays for its volume only: its public
 * address is released on stop (a new one comes on start), and with it the address's hourly charge.
 */
export function scheduleNatInstance(name: string, args: NatScheduleArgs, parent: pulumi.Resource): void {
  const role = createSchedulerRole(name, args, parent);
  const { days, timezone } = args.schedule;
  const when = {
    start: shiftTime(args.schedule.start, -NAT_LEAD_MINUTES),
    stop: shiftTime(args.schedule.stop, NAT_LEAD_MINUTES),
  };
  for (const action of ["start", "stop"] as const) {
    new aws.scheduler.Schedule(
      `${name}-nat-instance-${action}`,
      {
        name: args.naming.physicalName(`nat-instance-${action}`, 64),
        description: `${action === "start" ? "Starts" : "Stops"} the NAT instance for the services' working hours`,
        scheduleExpression: scheduleCron(days, when[action]),
        scheduleExpressionTimezone: timezone,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          // A universal target: EventBridge Scheduler calls the EC2 API itself, no function in between.
          arn: `arn:aws:scheduler:::aws-sdk:ec2:${action}Instances`,
          roleArn: role.arn,
          input: pulumi.jsonStringify({ InstanceIds: [args.instance.id] }),
        },
      },
      { parent },
    );
  }
}

/** The scheduler may start and stop this one instance, and nothing else; only for this account's schedules. */
function createSchedulerRole(name: string, args: NatScheduleArgs, parent: pulumi.Resource): aws.iam.Role {
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const role = new aws.iam.Role(
    `${name}-nat-instance-scheduler`,
    {
      name: args.naming.physicalName("nat-instance-scheduler", 64),
      assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": account },
      }),
      tags: args.naming.tags("network", { Name: args.naming.physicalName("nat-instance-scheduler", 255) }),
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-nat-instance-scheduler`,
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["ec2:StartInstances", "ec2:StopInstances"],
            Resource: args.instance.arn,
          },
          {
            // StartInstances of an instance whose volume a customer key encrypts creates a grant for EC2.
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: args.kmsKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
          },
        ],
      }),
    },
    { parent },
  );
  return role;
}
