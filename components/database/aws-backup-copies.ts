import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { serviceTrustPolicy } from "../shared/aws/trust-policy";
import type { Naming } from "../naming";
import { createBackupVault } from "./backup-vault";
import { awsBackupSchedule } from "./backup-schedule";

export interface BackupCopiesSpec {
  readonly naming: Naming;
  readonly clusterArn: pulumi.Input<string>;
  /** The database's key, for the primary vault. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Days each copy is kept, in both regions: the database's backup retention. */
  readonly retentionDays: number;
  /** `database.backup.schedule`, five-field cron in UTC (validated by stacks/data-checks.ts). */
  readonly schedule: string;
  /** The vault in the second region (BackupCopyVault). */
  readonly copyVaultArn: pulumi.Input<string>;
  readonly protect: boolean;
}

/** The managed policy that lets AWS Backup snapshot and copy RDS/Aurora resources. */
const BACKUP_SERVICE_POLICY = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup";

/**
 * Cross-region copies of the cluster's backups. RDS's own cross-region automated-backup replication
 * (aws.rds.InstanceAutomatedBackupsReplication) takes a DB *instance* ARN and does not support Aurora
 * clusters, and the provider has no cluster equivalent; AWS Backup is the Aurora way: a daily backup of the
 * cluster into a vault here, copied to the vault in the second region, both kept `retentionDays` days.
 */
export function createBackupCopies(name: string, spec: BackupCopiesSpec, parent: pulumi.Resource): void {
  const vault = createBackupVault(
    `${name}-backup-vault`,
    { naming: spec.naming, role: "database-backups", kmsKeyArn: spec.kmsKeyArn, protect: spec.protect },
    parent,
  );
  const role = new aws.iam.Role(
    `${name}-backup-role`,
    {
      name: spec.naming.physicalName("database-backup", 64),
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
      tags: spec.naming.tags("database"),
    },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-backup-role-policy`,
    { role: role.name, policyArn: BACKUP_SERVICE_POLICY },
    { parent },
  );
  const lifecycle = { deleteAfter: spec.retentionDays };
  const schedule = awsBackupSchedule(spec.schedule);
  if ("problem" in schedule) throw new Error(`database.backup.schedule: ${schedule.problem}`);
  const plan = new aws.backup.Plan(
    `${name}-backup-plan`,
    {
      name: spec.naming.physicalName("database", 50),
      rules: [
        {
          ruleName: "daily-with-dr-copy",
          targetVaultName: vault.name,
          schedule: schedule.expression,
          startWindow: 60,
          completionWindow: 360,
          lifecycle,
          copyActions: [{ destinationVaultArn: spec.copyVaultArn, lifecycle }],
          recoveryPointTags: spec.naming.tags("database"),
        },
      ],
      tags: spec.naming.tags("database"),
    },
    { parent },
  );
  new aws.backup.Selection(
    `${name}-backup-selection`,
    {
      name: spec.naming.physicalName("database", 50),
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: [spec.clusterArn],
    },
    { parent },
  );
}
