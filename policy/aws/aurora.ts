import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { isSet, known, resourceRule } from "../rule";
import { productionConfigSchema, requireProduction } from "../environment";

type Cluster = Unwrap<aws.rds.ClusterArgs>;
type Instance = Unwrap<aws.rds.ClusterInstanceArgs>;

const CLUSTERS = ["aws:rds/cluster:Cluster"];
const INSTANCES = ["aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"];

export const MIN_BACKUP_DAYS = 7;

export const auroraPolicies = [
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_96",
      description: "Aurora clusters encrypt their storage.",
      fix: "Set storageEncrypted: true.",
    },
    CLUSTERS,
    (cluster, _args, fail) => {
      if (known(cluster, "storageEncrypted") !== true) fail("Storage is not encrypted.");
    },
  ),
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_327",
      description: "Aurora clusters are encrypted with a customer-managed KMS key.",
      fix: "Set kmsKeyId to the ARN of a customer-managed aws.kms.Key (with rotation on).",
    },
    CLUSTERS,
    (cluster, _args, fail) => {
      if (!isSet(cluster, "kmsKeyId")) fail("The cluster uses the AWS-managed key (no kmsKeyId).");
    },
  ),
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_133",
      description: `Aurora clusters keep automated backups for at least ${MIN_BACKUP_DAYS} days (Checkov asks for a backup policy; Strata for a week).`,
      fix: `Set backupRetentionPeriod to ${MIN_BACKUP_DAYS} or more.`,
      configSchema: {
        properties: {
          minimumDays: { type: "integer", minimum: 1, maximum: 35, default: MIN_BACKUP_DAYS },
        },
      },
    },
    CLUSTERS,
    (cluster, args, fail) => {
      const minimum = args.getConfig<{ minimumDays?: number }>().minimumDays ?? MIN_BACKUP_DAYS;
      // Aurora keeps 1 day of backups when the setting is left out.
      const days = known<number>(cluster, "backupRetentionPeriod") ?? 1;
      if (days < minimum) fail(`Backups are kept ${days} day(s); at least ${minimum} are required.`);
    },
  ),
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_139",
      description: "Production Aurora clusters have deletion protection.",
      fix: "Set deletionProtection: true (Strata sets it from the stack's `protect`).",
      configSchema: productionConfigSchema,
    },
    CLUSTERS,
    (cluster, args, fail) => {
      requireProduction(args);
      if (known(cluster, "deletionProtection") !== true) fail("Deletion protection is off in production.");
    },
  ),
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_162",
      description: "Aurora clusters accept IAM database authentication.",
      fix: "Set iamDatabaseAuthenticationEnabled: true.",
    },
    CLUSTERS,
    (cluster, _args, fail) => {
      if (known(cluster, "iamDatabaseAuthenticationEnabled") !== true) fail("IAM authentication is off.");
    },
  ),
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_324",
      description: "Aurora clusters export their logs to CloudWatch Logs.",
      fix: 'Set enabledCloudwatchLogsExports, e.g. ["postgresql"] or ["audit", "error", "slowquery"] for MySQL.',
    },
    CLUSTERS,
    (cluster, _args, fail) => {
      if (!isSet(cluster, "enabledCloudwatchLogsExports")) fail("No log is exported.");
    },
  ),
  resourceRule<Instance>(
    {
      id: "CKV_AWS_17",
      description: "Database instances are not publicly accessible.",
      fix: "Remove publiclyAccessible (or set it to false) and place the instances in isolated subnets.",
    },
    INSTANCES,
    (instance, _args, fail) => {
      if (known(instance, "publiclyAccessible") === true) fail("The instance is publicly accessible.");
    },
  ),
];
