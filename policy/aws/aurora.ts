import type * as aws from "../../components/shared/aws/sdk";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { asArray, ifKnown, isSet, known, parseJson, resourceRule, stackRule } from "../rule";
import { productionConfigSchema, requireProduction } from "../environment";

type Cluster = Unwrap<aws.rds.ClusterArgs>;
type Instance = Unwrap<aws.rds.ClusterInstanceArgs>;

const CLUSTERS = ["aws:rds/cluster:Cluster"];
const INSTANCES = ["aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"];
const PARAMETER_GROUPS = ["aws:rds/clusterParameterGroup:ClusterParameterGroup"];
const TASK_DEFINITIONS = ["aws:ecs/taskDefinition:TaskDefinition"];

/** The enhanced-monitoring intervals RDS accepts besides 0 (off): Checkov CKV_AWS_118's list. */
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** RDS names the secrets it manages for master users `rds!<kind>-<id>`; an ARN naming one is a master secret. */
const RDS_MANAGED_SECRET = /:secret:rds!/;

/** The cluster parameter group a cluster uses: by dependency (known in preview), or by name. */
function parameterGroupOf(cluster: PolicyResource, resources: PolicyResource[]): PolicyResource | undefined {
  const groups = resources.filter((r) => PARAMETER_GROUPS.includes(r.type));
  const byDependency = asArray(cluster.propertyDependencies.dbClusterParameterGroupName).map((d) => d.urn);
  const name = ifKnown<string>(cluster.props, "dbClusterParameterGroupName");
  return groups.find(
    (g) => byDependency.includes(g.urn) || (name !== undefined && ifKnown<string>(g.props, "name") === name),
  );
}

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
  stackRule(
    {
      id: "CKV2_AWS_27",
      description:
        "Aurora PostgreSQL clusters log statements: their cluster parameter group sets log_statement and log_min_duration_statement.",
      fix: "Give the cluster a cluster parameter group with log_statement (e.g. ddl) and log_min_duration_statement (e.g. 1000 ms).",
    },
    (resources, args, fail) => {
      const clusters = resources.filter(
        (r) => CLUSTERS.includes(r.type) && ifKnown(r.props, "engine") === "aurora-postgresql",
      );
      if (clusters.length === 0) return args.notApplicable("no Aurora PostgreSQL cluster in the stack");
      for (const cluster of clusters) {
        const group = parameterGroupOf(cluster, resources);
        const names = asArray(ifKnown<{ name: string }[]>(group?.props, "parameters")).map((p) => p.name);
        const missing = ["log_statement", "log_min_duration_statement"].filter((n) => !names.includes(n));
        if (group === undefined) fail(`Cluster ${cluster.name} has no cluster parameter group.`, cluster.urn);
        else if (missing.length > 0)
          fail(`Cluster ${cluster.name} does not set ${missing.join(" or ")}.`, cluster.urn);
      }
    },
  ),
  stackRule(
    {
      // No Checkov rule covers it; AWS Well-Architected SEC03 (least privilege) does.
      id: "AWS-WellArchitected-SEC03-master-secret-admin-only",
      description:
        "No ECS task reads an RDS-managed master secret: RDS rotates it under running tasks, and the master user is for administrators.",
      fix: "Give services their own database login (IAM database authentication as an application user, docs/data.md).",
    },
    (resources, args, fail) => {
      const tasks = resources.filter((r) => TASK_DEFINITIONS.includes(r.type));
      if (tasks.length === 0) return args.notApplicable("no ECS task definition in the stack");
      for (const task of tasks) {
        const containers = asArray(
          parseJson<{ name?: string; secrets?: { valueFrom?: string }[] }[]>(
            ifKnown(task.props, "containerDefinitions"),
          ),
        );
        for (const container of containers) {
          const secrets = asArray(container.secrets).flatMap((s) => asArray(s.valueFrom));
          if (secrets.some((arn) => RDS_MANAGED_SECRET.test(arn))) {
            fail(
              `Container ${container.name ?? "?"} of ${task.name} reads an RDS-managed master secret.`,
              task.urn,
            );
          }
        }
      }
    },
  ),
  resourceRule<Instance>(
    {
      id: "CKV_AWS_118",
      description:
        "Database instances have enhanced monitoring (monitoringInterval of 1 to 60 seconds, and its role).",
      fix: "Set monitoringInterval (e.g. 60) and monitoringRoleArn to a role that monitoring.rds.amazonaws.com may assume.",
    },
    INSTANCES,
    (instance, _args, fail) => {
      const interval = known<number>(instance, "monitoringInterval") ?? 0;
      if (!MONITORING_INTERVALS.includes(interval))
        fail(`Enhanced monitoring is off (interval ${interval}).`);
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
