import type * as pulumi from "@pulumi/pulumi";
import * as aws from "./shared/aws/sdk";
import type { StackConfig } from "../stacks/config";
import { MYSQL_BACKTRACK_HOURS } from "../stacks/presets";
import type { Naming } from "./naming";
import type { Network } from "./network";
import { Database } from "./database";
import type { KubernetesDatabaseArgs } from "./database/kubernetes";
import { BackupCopyVault } from "./database/backup-copy-vault";
import { Cache } from "./cache";

export interface DataLayerInputs {
  readonly config: StackConfig;
  readonly naming: Naming;
  readonly network: Network;
  /** The stack's logs key (aws). */
  readonly logsKmsKeyArn?: pulumi.Output<string>;
  /** The target's provider, for the primary region. */
  readonly provider: pulumi.ProviderResource;
}

/** The stack's database and cache, built after the network, from the stack's settings. */
export function buildDataLayer(inputs: DataLayerInputs): { database: Database; cache: Cache } {
  const { config, naming, network } = inputs;
  const opts = { providers: [inputs.provider] };
  const database = new Database(
    "database",
    {
      target: config.target,
      naming,
      mode: config.database.mode,
      engine: config.database.engine,
      databaseName: config.database.name,
      username: config.database.username,
      backupRetentionDays: config.database.backup.retentionDays,
      restore: config.database.restore,
      protect: config.protect,
      externalUrl: secretNamed(config, config.database.urlSecret),
      namespace: network.kubernetes?.namespace,
      aws: network.aws ? awsDatabaseArgs(inputs) : undefined,
      kubernetes: network.kubernetes
        ? kubernetesDatabaseArgs(config, network.kubernetes.namespace)
        : undefined,
    },
    opts,
  );
  const cache = new Cache(
    "cache",
    {
      target: config.target,
      naming,
      mode: config.cache.mode,
      engine: config.cache.engine,
      engineVersion: config.cache.engineVersion,
      // Each target sizes its own replicas: aws nodes cost by the hour, and Sentinel needs three pods.
      replicas: config.target === "kubernetes" ? config.cache.kubernetes.replicas : config.cache.replicas,
      protect: config.protect,
      externalUrl: secretNamed(config, config.cache.urlSecret),
      namespace: network.kubernetes?.namespace,
      aws: network.aws
        ? {
            vpcId: network.aws.vpcId,
            subnetIds: network.aws.subnetIds.private,
            nodeType: config.cache.nodeType,
            failover: config.cache.failover,
            snapshotRetentionDays: config.cache.snapshotRetentionDays,
            snapshotWindow: config.cache.snapshotWindow,
            authTokenGeneration: config.cache.authTokenGeneration,
            authTokenUpdateStrategy: config.cache.authTokenUpdateStrategy,
            logsKmsKeyArn: inputs.logsKmsKeyArn!,
            logRetentionDays: config.logs.retentionDays,
            kmsKeyArn: config.cache.keyFromDatabase ? database.kmsKeyArn : undefined,
          }
        : undefined,
      kubernetes: network.kubernetes
        ? {
            namespace: network.kubernetes.namespace,
            storageClass: config.kubernetes.storageClass,
            image: config.cache.kubernetes.image,
            storageSize: config.cache.kubernetes.storageSize,
            memory: config.cache.kubernetes.memory,
            sentinel: config.cache.kubernetes.sentinel,
          }
        : undefined,
    },
    opts,
  );
  return { database, cache };
}

/** A stack secret named by a setting (validated to exist by the cross-checks). */
function secretNamed(config: StackConfig, name: string | undefined): pulumi.Output<string> | undefined {
  return name === undefined ? undefined : config.secrets[name];
}

function awsDatabaseArgs(inputs: DataLayerInputs) {
  const { config, naming } = inputs;
  const db = config.database;
  const awsNetwork = inputs.network.aws!;
  return {
    vpcId: awsNetwork.vpcId,
    subnetIds: awsNetwork.subnetIds.isolated,
    availabilityZones: awsNetwork.availabilityZones,
    engineVersion: db.engineVersion,
    allowMajorVersionUpgrade: db.allowMajorVersionUpgrade,
    appUsername: db.appUsername,
    instanceClass: db.instanceClass,
    serverless: db.serverless,
    readers: db.readers,
    backupWindow: db.backup.window,
    backupSchedule: db.backup.schedule,
    backtrackHours: db.backtrackHours ?? (db.engine === "mysql" ? MYSQL_BACKTRACK_HOURS[config.preset] : 0),
    deletionProtection: db.deletionProtection,
    finalSnapshot: db.finalSnapshot,
    logsKmsKeyArn: inputs.logsKmsKeyArn!,
    logRetentionDays: config.logs.retentionDays,
    backupCopyVaultArn:
      db.mode === "managed" && db.drRegion !== undefined
        ? backupCopyVault(config, naming, db.drRegion).arn
        : undefined,
  };
}

/**
 * The second region's vault. Its provider is created here, explicitly (convention 10), and reaches the
 * vault's children through this component's `opts.providers`: they inherit it from their parent, so nothing
 * in the primary region can land in the second one by mistake, and the database receives only an ARN.
 */
function backupCopyVault(config: StackConfig, naming: Naming, drRegion: string): BackupCopyVault {
  const drProvider = new aws.Provider("aws-dr", { region: drRegion as aws.Region });
  return new BackupCopyVault("database-dr", { naming, protect: config.protect }, { providers: [drProvider] });
}

function kubernetesDatabaseArgs(
  config: StackConfig,
  namespace: pulumi.Output<string>,
): KubernetesDatabaseArgs {
  const db = config.database;
  const backup = db.kubernetes.backup;
  const s3 = backup.s3;
  return {
    namespace,
    storageClass: config.kubernetes.storageClass,
    image: db.kubernetes.image,
    storageSize: db.kubernetes.storageSize,
    cpu: db.kubernetes.cpu,
    memory: db.kubernetes.memory,
    operator: db.kubernetes.operator,
    cloudnativePg: db.kubernetes.cloudnativePg,
    backup: {
      schedule: db.backup.schedule,
      storage: backup.storage,
      volumeSize: backup.volumeSize,
      s3: s3
        ? {
            endpoint: s3.endpoint,
            bucket: s3.bucket,
            accessKey: secretNamed(config, s3.accessKeySecret),
            secretKey: secretNamed(config, s3.secretKeySecret),
            // The stack checks allow exactly one of the two.
            egress: s3.egress.anyAddress === true ? { anyAddress: true } : { to: s3.egress.to! },
          }
        : undefined,
    },
  };
}
