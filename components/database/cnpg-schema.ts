import { z } from "zod";

/**
 * The fields of CloudNativePG's custom resources that Strata sets, and only those, as the operator's API
 * reference states them: CloudNativePG 1.29 (API reference `postgresql.cnpg.io/v1`, sections ClusterSpec,
 * BootstrapConfiguration, BootstrapInitDB, BootstrapRecovery, RecoveryTarget, ExternalCluster,
 * PluginConfiguration, StorageConfiguration, AffinityConfiguration, EphemeralVolumesSizeLimitConfiguration,
 * ServiceAccountTemplate, ScheduledBackupSpec, BackupPluginConfiguration) and the Barman Cloud plugin 0.14
 * (API reference `barmancloud.cnpg.io/v1`, ObjectStoreSpec and InstanceSidecarConfiguration, with barman-cloud's
 * BarmanObjectStoreConfiguration, S3Credentials, WalBackupConfiguration, DataBackupConfiguration).
 *
 * No registry serves the operator's CRDs, so the offline schema check (tools/harness/kube-schema.ts) uses
 * this one. Objects are strict: a field not listed here is an error, so a misspelt field cannot pass. The
 * admission webhook's rules on the fields used (the `required-together` and `mutually exclusive` ones)
 * are the refinements below.
 */

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a Kubernetes object name");
const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "a resource quantity");
const stringMap = z.record(z.string(), z.string());
const metadata = z.strictObject({
  name,
  namespace: z.string().min(1),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});
/** corev1.SecretKeySelector as barman-cloud's S3Credentials takes it: both fields required. */
const secretKeySelector = z.strictObject({ name, key: z.string().min(1) });

/** ClusterSpec.plugins[] and ExternalCluster.plugin (PluginConfiguration): name required. */
const pluginConfiguration = z.strictObject({
  name: z.string().min(1),
  enabled: z.boolean().optional(),
  isWALArchiver: z.boolean().optional(),
  parameters: stringMap.optional(),
});

/** RecoveryTarget: the targets except targetTLI are mutually exclusive; label-based targets need backupID. */
const recoveryTarget = z
  .strictObject({
    backupID: z
      .string()
      .regex(/^\d{8}T\d{6}$/, "a barman backup ID (YYYYMMDDTHHMMSS)")
      .optional(),
    targetTime: z.iso.datetime({ offset: true }).optional(),
    targetImmediate: z.boolean().optional(),
  })
  .refine((t) => [t.targetTime, t.targetImmediate].filter((v) => v !== undefined).length <= 1, {
    message: "recovery target options are mutually exclusive",
  })
  .refine((t) => t.targetImmediate === undefined || t.backupID !== undefined, {
    message: "BackupID is missing (targetImmediate needs backupID)",
  });

const initdb = z.strictObject({ database: z.string().min(1), owner: z.string().min(1) });
/** BootstrapRecovery: `source` names an external cluster (checked on the Cluster below). */
const recovery = z.strictObject({
  source: z.string().min(1),
  database: z.string().min(1),
  owner: z.string().min(1),
  recoveryTarget: recoveryTarget.optional(),
});

/** corev1.TopologySpreadConstraint, the fields used. */
const topologySpreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
  labelSelector: z.strictObject({ matchLabels: stringMap }),
});

const resources = z.strictObject({
  requests: z.record(z.enum(["cpu", "memory", "ephemeral-storage"]), quantity),
  limits: z.record(z.enum(["cpu", "memory", "ephemeral-storage"]), quantity),
});

const clusterSpec = z
  .strictObject({
    /** Minimum 1. */
    instances: z.number().int().min(1),
    imageName: z.string().min(1),
    /** Enum unsupervised, supervised. */
    primaryUpdateStrategy: z.enum(["unsupervised", "supervised"]),
    enablePDB: z.boolean(),
    enableSuperuserAccess: z.boolean(),
    storage: z.strictObject({ size: quantity, storageClass: z.string().min(1).optional() }),
    resources,
    ephemeralVolumesSizeLimit: z.strictObject({ shm: quantity, temporaryData: quantity }),
    affinity: z.strictObject({
      enablePodAntiAffinity: z.boolean(),
      topologyKey: z.string().min(1),
      /** "preferred" (default) or "required" (webhook). */
      podAntiAffinityType: z.enum(["preferred", "required"]),
    }),
    topologySpreadConstraints: z.array(topologySpreadConstraint).optional(),
    bootstrap: z
      .strictObject({ initdb: initdb.optional(), recovery: recovery.optional() })
      .refine((b) => (b.initdb === undefined) !== (b.recovery === undefined), {
        message: "only one bootstrap method can be specified at a time",
      }),
    externalClusters: z
      .array(z.strictObject({ name: z.string().min(1), plugin: pluginConfiguration }))
      .optional(),
    plugins: z.array(pluginConfiguration),
    serviceAccountTemplate: z
      .strictObject({ metadata: z.strictObject({ annotations: stringMap }) })
      .optional(),
  })
  .refine(
    (s) =>
      s.bootstrap.recovery === undefined ||
      (s.externalClusters ?? []).some((c) => c.name === s.bootstrap.recovery!.source),
    { message: "bootstrap.recovery.source: external cluster not found" },
  )
  .refine((s) => s.plugins.filter((p) => p.isWALArchiver === true).length <= 1, {
    message: "cannot enable more than one WAL archiver plugin",
  });

/** robfig/cron with a seconds field: six fields (the webhook warns on any other count; Strata requires six). */
const sixFieldCron = z.string().refine((s) => s.trim().split(/\s+/).length === 6, {
  message: "a cron schedule of six fields (seconds first)",
});

const scheduledBackupSpec = z
  .strictObject({
    schedule: sixFieldCron,
    cluster: z.strictObject({ name }),
    immediate: z.boolean().optional(),
    /** Enum none, self, cluster. */
    backupOwnerReference: z.enum(["none", "self", "cluster"]),
    /** Enum primary, prefer-standby. */
    target: z.enum(["primary", "prefer-standby"]),
    /** Enum barmanObjectStore, volumeSnapshot, plugin. */
    method: z.enum(["barmanObjectStore", "volumeSnapshot", "plugin"]),
    pluginConfiguration: z
      .strictObject({ name: z.string().min(1), parameters: stringMap.optional() })
      .optional(),
  })
  .refine((s) => s.method !== "plugin" || s.pluginConfiguration !== undefined, {
    message: "method plugin needs pluginConfiguration",
  });

/** S3Credentials: keys, or inheritFromIAMRole, not both. */
const s3Credentials = z.union([
  z.strictObject({ accessKeyId: secretKeySelector, secretAccessKey: secretKeySelector }),
  z.strictObject({ inheritFromIAMRole: z.literal(true) }),
]);

const objectStoreSpec = z.strictObject({
  configuration: z.strictObject({
    /** Required. */
    destinationPath: z.string().regex(/^s3:\/\/[^/]+\/.*$/, "an s3:// URL"),
    endpointURL: z.url().optional(),
    s3Credentials,
    /** Enum bzip2, gzip, lz4, snappy, xz, zstd. */
    wal: z.strictObject({ compression: z.enum(["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"]) }),
    /** Enum bzip2, gzip, lz4, snappy. */
    data: z.strictObject({ compression: z.enum(["bzip2", "gzip", "lz4", "snappy"]) }),
  }),
  /** Pattern ^[1-9][0-9]*[dwm]$. */
  retentionPolicy: z.string().regex(/^[1-9][0-9]*[dwm]$/, "XXu with u one of d, w, m"),
  /** InstanceSidecarConfiguration: the fields used. */
  instanceSidecarConfiguration: z.strictObject({ resources }).optional(),
});

const SCHEMAS: Record<string, z.ZodType> = {
  "postgresql.cnpg.io/v1 Cluster": z.strictObject({
    apiVersion: z.literal("postgresql.cnpg.io/v1"),
    kind: z.literal("Cluster"),
    metadata,
    spec: clusterSpec,
  }),
  "postgresql.cnpg.io/v1 ScheduledBackup": z.strictObject({
    apiVersion: z.literal("postgresql.cnpg.io/v1"),
    kind: z.literal("ScheduledBackup"),
    metadata,
    spec: scheduledBackupSpec,
  }),
  "barmancloud.cnpg.io/v1 ObjectStore": z.strictObject({
    apiVersion: z.literal("barmancloud.cnpg.io/v1"),
    kind: z.literal("ObjectStore"),
    metadata,
    spec: objectStoreSpec,
  }),
};

/** The errors of a CloudNativePG object, or undefined when its kind is not one of these. */
export function cnpgSchemaErrors(object: Record<string, unknown>): string[] | undefined {
  const schema = SCHEMAS[`${String(object.apiVersion)} ${String(object.kind)}`];
  if (!schema) return undefined;
  const result = schema.safeParse(object);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "(object)"}: ${issue.message}`);
}
