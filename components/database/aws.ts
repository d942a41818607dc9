import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import type { ServiceConnection } from "../connections";
import { transformed, type Transform } from "../transform";
import { createDataKey } from "../shared/aws/data-key";
import { createAccessGroups } from "../shared/aws/access-groups";
import { createLogGroup } from "../shared/aws/log-group";
import { ENGINES, type EngineProfile } from "./engines";
import { restoreSuffix, type RestoreSource } from "./restore";
import { createBackupCopies } from "./aws-backup-copies";
import { createMonitoringRole, MONITORING_INTERVAL_SECONDS } from "./aws-monitoring";
import { connectStatement } from "./aws-iam-auth";
import type { DatabaseEngine } from "../../stacks/schema/database";
import { serverlessScaling } from "./serverless-scaling";

export interface AwsDatabaseArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The isolated subnets (no route out), one per zone. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The zones of those subnets, in order: instance i is placed in zone i mod n. */
  readonly availabilityZones: pulumi.Input<string[]>;
  /** The version a cluster is created with; PostgreSQL's names the major only. @default - 16 for postgres, 8.0.mysql_aurora.3.08.0 for mysql */
  readonly engineVersion?: string;
  /** Let a new major in engineVersion upgrade the cluster in place. @default false */
  readonly allowMajorVersionUpgrade?: boolean;
  /** The user services log in as, with IAM database authentication; created once by an administrator (docs/data.md). */
  readonly appUsername: string;
  /** An instance class, or `db.serverless` with `serverless` capacity. */
  readonly instanceClass: string;
  readonly serverless?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Reader instances besides the writer. */
  readonly readers: number;
  /** Daily UTC window of automated backups. */
  readonly backupWindow: string;
  /** The five-field cron schedule of the daily AWS Backup copied to the second region (with backupCopyVaultArn). */
  readonly backupSchedule: string;
  /** MySQL only; 0 turns backtrack off. */
  readonly backtrackHours: number;
  readonly deletionProtection: boolean;
  readonly finalSnapshot: boolean;
  /** The stack's logs key and retention, for the log groups RDS exports to. */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  /** A backup vault in the second region; when set, AWS Backup copies each daily backup there. */
  readonly backupCopyVaultArn?: pulumi.Input<string>;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: {
    readonly cluster?: Transform<aws.rds.ClusterArgs>;
    readonly instance?: Transform<aws.rds.ClusterInstanceArgs>;
  };
}

/** The neutral settings the aws builder shares with the kubernetes one. */
export interface DatabaseCommon {
  readonly engine: DatabaseEngine;
  readonly databaseName: string;
  readonly username: string;
  readonly backupRetentionDays: number;
  readonly restore?: RestoreSource;
  readonly protect: boolean;
  readonly naming: Naming;
}

export interface AwsDatabase {
  readonly connection: ServiceConnection;
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly instanceIdentifiers: pulumi.Output<string>[];
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  /** The key of the Aurora storage; a dev cache may share it (cache.keyFromDatabase). */
  readonly kmsKeyArn: pulumi.Output<string>;
}

interface Ctx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly common: DatabaseCommon;
  readonly args: AwsDatabaseArgs;
  readonly engine: EngineProfile;
  readonly version: string;
  /** The cluster's physical identifier; a restore gets a new one (restore.ts). */
  readonly identifier: string;
}

/**
 * An Aurora cluster in the isolated subnets: encrypted with its own rotating key, TLS forced, the master
 * password kept by RDS in Secrets Manager, IAM auth, Performance Insights, logs exported, automated backups
 * (point-in-time restore) and, when a second-region vault is given, daily copies there.
 */
export function buildAwsDatabase(
  name: string,
  common: DatabaseCommon,
  args: AwsDatabaseArgs,
  parent: pulumi.Resource,
): AwsDatabase {
  const engine = ENGINES[common.engine];
  const ctx: Ctx = {
    name,
    parent,
    common,
    args,
    engine,
    version: args.engineVersion ?? engine.defaultVersion,
    identifier: common.naming.physicalName(`database${restoreSuffix(common.restore)}`, 63),
  };
  const key = createDataKey(
    `${name}-key`,
    {
      naming: common.naming,
      layer: "database",
      role: "database",
      description: `Encrypts the Aurora storage, snapshots and Performance Insights of ${common.naming.project}-${common.naming.stack}`,
      protect: common.protect,
    },
    parent,
  );
  const subnetGroup = createSubnetGroup(ctx);
  const groups = createAccessGroups(
    name,
    { naming: common.naming, layer: "database", vpcId: args.vpcId, port: engine.port },
    parent,
  );
  const parameterGroup = createParameterGroup(ctx);
  const logGroups = createLogGroups(ctx);
  const cluster = createCluster(ctx, {
    key,
    subnetGroup,
    securityGroup: groups.server,
    parameterGroup,
    logGroups,
  });
  const monitoringRole = createMonitoringRole(name, common.naming, parent);
  const instances = createInstances(ctx, cluster, key, monitoringRole);
  if (args.backupCopyVaultArn !== undefined) {
    createBackupCopies(
      name,
      {
        naming: common.naming,
        clusterArn: cluster.arn,
        kmsKeyArn: key.arn,
        retentionDays: common.backupRetentionDays,
        schedule: args.backupSchedule,
        copyVaultArn: args.backupCopyVaultArn,
        protect: common.protect,
      },
      parent,
    );
  }
  return {
    connection: connectionOf(ctx, cluster, groups.client.id),
    clusterIdentifier: cluster.clusterIdentifier,
    instanceIdentifiers: instances.map((instance) => instance.identifier),
    endpoint: cluster.endpoint,
    readerEndpoint: cluster.readerEndpoint,
    kmsKeyArn: key.arn,
  };
}

function createSubnetGroup(ctx: Ctx): aws.rds.SubnetGroup {
  return new aws.rds.SubnetGroup(
    `${ctx.name}-subnets`,
    {
      name: ctx.common.naming.physicalName("database", 255),
      description: "The isolated subnets: no route to or from the internet",
      subnetIds: ctx.args.subnetIds,
      tags: ctx.common.naming.tags("database"),
    },
    { parent: ctx.parent },
  );
}

function createParameterGroup(ctx: Ctx): aws.rds.ClusterParameterGroup {
  return new aws.rds.ClusterParameterGroup(
    `${ctx.name}-parameters`,
    {
      name: ctx.common.naming.physicalName(
        `database-${ctx.engine.family(ctx.version).replace(".", "-")}`,
        255,
      ),
      family: ctx.engine.family(ctx.version),
      description:
        "TLS required for every connection; connections, schema changes and slow statements logged",
      parameters: ctx.engine.clusterParameters.map((p) => ({ ...p, applyMethod: "pending-reboot" })),
      tags: ctx.common.naming.tags("database"),
    },
    { parent: ctx.parent },
  );
}

/**
 * RDS writes exported logs to /aws/rds/cluster/<id>/<type>, creating the group without retention or
 * encryption when it does not exist; creating it first gives it the stack's retention and logs key.
 */
function createLogGroups(ctx: Ctx): aws.cloudwatch.LogGroup[] {
  return ctx.engine.logExports.map((type) =>
    createLogGroup(
      `${ctx.name}-log-${type}`,
      {
        naming: ctx.common.naming,
        layer: "database",
        role: `database-${type}`,
        physicalName: `/aws/rds/cluster/${ctx.identifier}/${type}`,
        retentionDays: ctx.args.logRetentionDays,
        kmsKeyArn: ctx.args.logsKmsKeyArn,
      },
      // Retained like the cluster: a restore renames the cluster, and the old cluster's logs must stay.
      { parent: ctx.parent, retainOnDelete: ctx.common.protect },
    ),
  );
}

interface ClusterParts {
  readonly key: aws.kms.Key;
  readonly subnetGroup: aws.rds.SubnetGroup;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly parameterGroup: aws.rds.ClusterParameterGroup;
  readonly logGroups: aws.cloudwatch.LogGroup[];
}

/** Where the data comes from: empty, a snapshot, or a point in time of another cluster. */
function restoreArgs(source: RestoreSource | undefined): Partial<aws.rds.ClusterArgs> {
  if (source?.snapshot !== undefined) return { snapshotIdentifier: source.snapshot };
  if (source?.pointInTime !== undefined) {
    const { sourceCluster, time } = source.pointInTime;
    return {
      restoreToPointInTime: {
        sourceClusterIdentifier: sourceCluster,
        restoreType: "full-copy",
        ...(time === undefined ? { useLatestRestorableTime: true } : { restoreToTime: time }),
      },
    };
  }
  return {};
}

function createCluster(ctx: Ctx, parts: ClusterParts): aws.rds.Cluster {
  const { args, common, engine } = ctx;
  const serverless = args.instanceClass === "db.serverless" ? args.serverless : undefined;
  const clusterArgs: aws.rds.ClusterArgs = {
    clusterIdentifier: ctx.identifier,
    engine: engine.auroraEngine,
    engineVersion: ctx.version,
    engineMode: "provisioned",
    databaseName: common.databaseName,
    masterUsername: common.username,
    // RDS generates the password and keeps it in Secrets Manager, rotated weekly: it never reaches the state,
    // and only administrators read it. Services log in as appUsername with IAM authentication instead.
    manageMasterUserPassword: true,
    port: engine.port,
    dbSubnetGroupName: parts.subnetGroup.name,
    vpcSecurityGroupIds: [parts.securityGroup.id],
    dbClusterParameterGroupName: parts.parameterGroup.name,
    storageEncrypted: true,
    kmsKeyId: parts.key.arn, // Checkov CKV_AWS_327
    iamDatabaseAuthenticationEnabled: true, // Checkov CKV_AWS_162; how the services log in
    // The Data API: how an administrator runs SQL (creating the application user) with no network path in.
    // The provider refuses it with snapshotIdentifier; a restored snapshot brings its users along anyway.
    enableHttpEndpoint: common.restore?.snapshot === undefined,
    allowMajorVersionUpgrade: args.allowMajorVersionUpgrade ?? false,
    backupRetentionPeriod: common.backupRetentionDays,
    preferredBackupWindow: args.backupWindow,
    copyTagsToSnapshot: true, // Checkov CKV_AWS_313
    deletionProtection: args.deletionProtection, // Checkov CKV_AWS_139
    skipFinalSnapshot: !args.finalSnapshot,
    finalSnapshotIdentifier: args.finalSnapshot ? `${ctx.identifier}-final` : undefined,
    // Automated backups outlive the cluster: a deleted cluster can still be restored to a point in time.
    deleteAutomatedBackups: false,
    backtrackWindow:
      common.engine === "mysql" && args.backtrackHours > 0 ? args.backtrackHours * 3600 : undefined,
    enabledCloudwatchLogsExports: [...engine.logExports], // Checkov CKV_AWS_324
    serverlessv2ScalingConfiguration: serverlessScaling(serverless),
    tags: common.naming.tags("database", { Name: ctx.identifier }),
    ...restoreArgs(common.restore),
  };
  return new aws.rds.Cluster(
    `${ctx.name}-cluster`,
    transformed(clusterArgs, `${ctx.name}-cluster`, args.transform?.cluster),
    {
      parent: ctx.parent,
      protect: common.protect,
      retainOnDelete: common.protect,
      dependsOn: parts.logGroups,
    },
  );
}

/** The writer (instance 1) and the readers, spread over the zones in turn. */
function createInstances(
  ctx: Ctx,
  cluster: aws.rds.Cluster,
  key: aws.kms.Key,
  monitoringRole: aws.iam.Role,
): aws.rds.ClusterInstance[] {
  const zones = pulumi.output(ctx.args.availabilityZones);
  return Array.from({ length: 1 + ctx.args.readers }, (_, i) => {
    const name = `${ctx.name}-instance-${i + 1}`;
    const instanceArgs: aws.rds.ClusterInstanceArgs = {
      // Cut without leaving a hyphen before the suffix: RDS rejects "--".
      identifier: `${ctx.identifier.slice(0, 59).replace(/-+$/, "")}-${i + 1}`,
      clusterIdentifier: cluster.id,
      engine: ctx.engine.auroraEngine,
      // No engineVersion: instances run the cluster's, which RDS upgrades (a pin here would plan downgrades).
      instanceClass: ctx.args.instanceClass,
      availabilityZone: zones.apply((names) => names[i % names.length]),
      // The writer fails over first to the reader in the next zone.
      promotionTier: i,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true, // Checkov CKV_AWS_226
      performanceInsightsEnabled: true, // Checkov CKV_AWS_353
      performanceInsightsKmsKeyId: key.arn, // Checkov CKV_AWS_354
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: MONITORING_INTERVAL_SECONDS, // Checkov CKV_AWS_118
      monitoringRoleArn: monitoringRole.arn,
      tags: ctx.common.naming.tags("database", { Name: `${ctx.identifier}-${i + 1}` }),
    };
    return new aws.rds.ClusterInstance(name, transformed(instanceArgs, name, ctx.args.transform?.instance), {
      parent: ctx.parent,
    });
  });
}

/**
 * Host, port, name and the application user as plain settings, and `DATABASE_AUTH: iam`: the service signs a
 * login token with its task role (rds-db:connect on that user). No password: the master secret stays with
 * administrators, and no rotation can break a running task.
 */
function connectionOf(
  ctx: Ctx,
  cluster: aws.rds.Cluster,
  clientGroupId: pulumi.Output<string>,
): ServiceConnection {
  return {
    env: {
      DATABASE_ENGINE: ctx.common.engine,
      DATABASE_HOST: cluster.endpoint,
      DATABASE_READER_HOST: cluster.readerEndpoint,
      DATABASE_PORT: String(ctx.engine.port),
      DATABASE_NAME: ctx.common.databaseName,
      DATABASE_USER: ctx.args.appUsername,
      DATABASE_AUTH: "iam",
    },
    secrets: {},
    awsTaskStatements: [connectStatement(cluster, ctx.args.appUsername)],
    awsClientSecurityGroupId: clientGroupId,
  };
}
