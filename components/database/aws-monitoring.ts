import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { serviceTrustPolicy } from "../shared/aws/trust-policy";
import type { Naming } from "../naming";

/** Seconds between enhanced-monitoring samples of each instance (Checkov CKV_AWS_118 accepts 1 to 60). */
export const MONITORING_INTERVAL_SECONDS = 60;

/** The managed policy that lets RDS publish OS metrics to CloudWatch Logs (RDSOSMetrics). */
const ENHANCED_MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

/**
 * The role RDS assumes to send the instances' operating-system metrics (enhanced monitoring, CKV_AWS_118).
 * Only RDS acting for this account may assume it: aws:SourceAccount is the confused-deputy guard.
 */
export function createMonitoringRole(name: string, naming: Naming, parent: pulumi.Resource): aws.iam.Role {
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const role = new aws.iam.Role(
    `${name}-monitoring-role`,
    {
      name: naming.physicalName("database-monitoring", 64),
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": account },
      }),
      tags: naming.tags("database"),
    },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-monitoring-role-policy`,
    { role: role.name, policyArn: ENHANCED_MONITORING_POLICY },
    { parent },
  );
  return role;
}
