import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { GeneratedSecret } from "../shared/kubernetes/generated-secret";
import { CONTAINER_SECURITY, podSecurity } from "../shared/kubernetes/pod-security";
import * as path from "node:path";
import { PASSWORD_FILE, type EngineProfile } from "./engines";
import { boundedScratch, secretFiles, withEphemeralStorage } from "../shared/kubernetes/data-pod";
import {
  allowEgress,
  objectStoreDestination,
  type EgressDestination,
  type ObjectStoreEgress,
} from "../network/egress";

/**
 * The image that uploads dumps to any S3-compatible storage and prunes old ones: MinIO's client from quay.io
 * (MinIO's own registry), pinned by digest. Three unrelated public repositories (a Nix image list, an operations
 * runbook, a compose file's test) pin quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z to this digest. Read
 * 2026-12-01; verify before a prod deploy (docs/data.md).
 */
export const OBJECT_STORAGE_CLIENT_IMAGE =
  "quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z@sha256:993e8c454a7ec632923f7e3e61adf1d473261da6354cefd641aedd33a2cfe112";

/** The backup pods' user: the client tools and mc run as any user, so one outside the images' own range. */
export const BACKUP_UID = 10001;

export interface S3Settings {
  readonly endpoint: string;
  readonly bucket: string;
  /** Secret outputs from the stack's secrets; both unset only with CloudNativePG (the pods' cloud identity). */
  readonly accessKey?: pulumi.Input<string>;
  readonly secretKey?: pulumi.Input<string>;
  /** Where the backup pods may connect to reach the endpoint. */
  readonly egress: ObjectStoreEgress;
}

export interface KubernetesBackupArgs {
  /** Cron schedule of the backups (five fields). */
  readonly schedule: string;
  /** A PersistentVolumeClaim, or an S3-compatible bucket. */
  readonly storage: "volume" | "s3";
  /** The backup volume's size; with s3, the bound of the scratch space a dump is written to first. */
  readonly volumeSize: string;
  /** Required when storage is s3. */
  readonly s3?: S3Settings;
}

export interface BackupSpec extends KubernetesBackupArgs {
  readonly namespace: pulumi.Input<string>;
  readonly engine: EngineProfile;
  readonly image: string;
  readonly host: pulumi.Input<string>;
  readonly databaseName: string;
  readonly username: string;
  readonly credentials: GeneratedSecret;
  /** Dumps older than this many days are deleted after each run. */
  readonly retentionDays: number;
  readonly storageClass?: string;
  /** Labels of the backup pods; they include the database's client labels, so its policy admits them. */
  readonly podLabels: Record<string, string>;
  /** The database server's pods, the one destination besides the object store. */
  readonly databasePods: Record<string, string>;
  readonly protect: boolean;
}

/** The backup volume's claim name, for a restore that reads a dump from it. */
export interface KubernetesBackup {
  readonly volumeClaimName?: pulumi.Output<string>;
}

const DUMP_DIR = "/backup";
const PASSWORD_DIR = path.dirname(PASSWORD_FILE);
const S3_KEYS_DIR = "/run/secrets/object-store";

/**
 * A CronJob that dumps the database (pg_dump or mysqldump, compressed) on `schedule` and keeps
 * `retentionDays` days of dumps, in a volume of its own or in S3-compatible object storage. A dump is
 * written under a temporary name and renamed only once it is complete and verified, so a failed run
 * leaves no file that looks like a backup.
 */
export function createKubernetesBackup(
  name: string,
  spec: BackupSpec,
  parent: pulumi.Resource,
): KubernetesBackup {
  const claim = spec.storage === "volume" ? createBackupVolume(name, spec, parent) : undefined;
  const s3Secret = spec.storage === "s3" ? createS3Secret(name, spec, parent) : undefined;
  const scratch = boundedScratch(["/tmp"]);
  const password = secretFiles("password", spec.credentials.secretName, PASSWORD_DIR);
  const keys = s3Secret ? secretFiles("object-store", s3Secret.metadata.name, S3_KEYS_DIR) : undefined;
  const target: k8s.types.input.core.v1.Volume = claim
    ? { name: "dumps", persistentVolumeClaim: { claimName: claim.metadata.name } }
    : { name: "dumps", emptyDir: { sizeLimit: spec.volumeSize } };
  const dump = {
    ...dumpContainer(spec),
    volumeMounts: [{ name: "dumps", mountPath: DUMP_DIR }, password.mount, ...scratch.mounts],
  };
  const upload = keys && {
    ...uploadContainer(spec),
    volumeMounts: [{ name: "dumps", mountPath: DUMP_DIR, readOnly: true }, keys.mount, ...scratch.mounts],
  };
  new k8s.batch.v1.CronJob(
    name,
    {
      metadata: { namespace: spec.namespace, labels: spec.podLabels },
      spec: {
        schedule: spec.schedule,
        // A run missed by more than an hour (controller down) is skipped, not started at a busy time.
        startingDeadlineSeconds: 3600,
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            template: {
              metadata: { labels: spec.podLabels },
              spec: {
                restartPolicy: "OnFailure",
                automountServiceAccountToken: false,
                securityContext: podSecurity(BACKUP_UID),
                // With S3, the dump is taken first into a bounded scratch volume, then uploaded.
                initContainers: upload ? [dump] : undefined,
                containers: [upload ?? dump],
                volumes: [target, password.volume, ...(keys ? [keys.volume] : []), ...scratch.volumes],
              },
            },
          },
        },
      },
    },
    { parent },
  );
  allowEgress(
    `${name}-egress`,
    { namespace: spec.namespace, from: spec.podLabels, to: backupEgress(spec), labels: spec.podLabels },
    { parent },
  );
  return { volumeClaimName: claim?.metadata.name };
}

/** Exactly what the backup pods may reach besides DNS: the database, and the object store with s3. */
export function backupEgress(
  spec: Pick<BackupSpec, "databasePods" | "engine" | "s3" | "storage">,
): EgressDestination[] {
  const database: EgressDestination = { to: [{ pods: spec.databasePods }], ports: [spec.engine.port] };
  return spec.storage === "s3" ? [database, objectStoreDestination(spec.s3!.egress)] : [database];
}

function createBackupVolume(name: string, spec: BackupSpec, parent: pulumi.Resource) {
  return new k8s.core.v1.PersistentVolumeClaim(
    `${name}-volume`,
    {
      metadata: { name: "database-backups", namespace: spec.namespace, labels: spec.podLabels },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: spec.storageClass,
        resources: { requests: { storage: spec.volumeSize } },
      },
    },
    { parent, protect: spec.protect, retainOnDelete: spec.protect },
  );
}

/** The object store's keys, as a Secret the backup pods mount (dumps) or the ObjectStore names (CloudNativePG). */
export function createS3Secret(
  name: string,
  spec: {
    readonly namespace: pulumi.Input<string>;
    readonly podLabels: Record<string, string>;
    readonly s3?: S3Settings;
  },
  parent: pulumi.Resource,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    `${name}-s3`,
    {
      metadata: { namespace: spec.namespace, labels: spec.podLabels },
      type: "Opaque",
      stringData: { accessKey: spec.s3!.accessKey!, secretKey: spec.s3!.secretKey! },
    },
    { parent },
  );
}

const RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } };

/**
 * The dump, as one script that cannot leave a partial file behind: `pipefail` fails the pipe when the dump
 * tool fails (not only gzip), the file is written as `*.partial`, removed on any exit before the rename,
 * checked (gzip integrity, and the tool's own end-of-dump line), then renamed. Leftovers of a killed run
 * (a SIGKILL skips the trap) are removed at the start of the next.
 */
export function dumpScript(
  spec: Pick<BackupSpec, "engine" | "databaseName" | "storage" | "retentionDays">,
): string {
  const final = `${DUMP_DIR}/${spec.databaseName}-$(date -u +%Y%m%d-%H%M%S).sql.gz`;
  // On a volume the CronJob also prunes; with S3 the upload container does.
  const prune =
    spec.storage === "volume"
      ? [`find ${DUMP_DIR} -name '*.sql.gz' -mtime +${spec.retentionDays} -delete`]
      : [];
  return [
    "set -euo pipefail",
    "umask 077",
    `find ${DUMP_DIR} -name '*.partial' -delete`,
    `export ${spec.engine.clientPasswordVar}="$(cat ${PASSWORD_FILE})"`,
    `final="${final}"`,
    'partial="$final.partial"',
    "trap 'rm -f \"$partial\"' EXIT",
    `${spec.engine.dumpCommand} | gzip > "$partial"`,
    'gzip -t "$partial"',
    `gzip -dc "$partial" | tail -n 8 | grep -c '${spec.engine.dumpCompleteLine}' > /dev/null`,
    'mv "$partial" "$final"',
    ...prune,
  ].join("\n");
}

function dumpContainer(spec: BackupSpec): k8s.types.input.core.v1.Container {
  return {
    name: "dump",
    image: spec.image,
    command: ["bash", "-c", dumpScript(spec)],
    env: [
      { name: "DB_HOST", value: spec.host },
      { name: "DB_PORT", value: String(spec.engine.port) },
      { name: "DB_USER", value: spec.username },
      { name: "DB_NAME", value: spec.databaseName },
    ],
    // With s3 the dump lands in an emptyDir: its size counts against the pod's ephemeral storage.
    resources: withEphemeralStorage(RESOURCES, "64Mi", spec.storage === "s3" ? spec.volumeSize : "256Mi"),
    securityContext: CONTAINER_SECURITY,
  };
}

/**
 * Uploads the one finished dump (the init container renamed it only on success). An S3 PUT, or a multipart
 * upload, makes the object visible only once complete, so a failed upload leaves no partial object; the
 * upload is checked with `mc stat` before old dumps are pruned. mc reads the endpoint and keys from
 * MC_HOST_<alias>, built here from the mounted key files.
 */
export function uploadScript(spec: Pick<BackupSpec, "s3" | "databaseName" | "retentionDays">): string {
  const s3 = spec.s3!;
  const [scheme, host] = s3.endpoint.replace(/\/$/, "").split("://");
  const prefix = `backup/${s3.bucket}/${spec.databaseName}`;
  return [
    "set -eu",
    `export MC_HOST_backup="${scheme}://$(cat ${S3_KEYS_DIR}/accessKey):$(cat ${S3_KEYS_DIR}/secretKey)@${host}"`,
    `for f in ${DUMP_DIR}/*.sql.gz; do`,
    `  mc cp "$f" ${prefix}/`,
    `  mc stat ${prefix}/"$(basename "$f")" > /dev/null`,
    "done",
    `mc rm --recursive --force --older-than ${spec.retentionDays}d ${prefix}/`,
  ].join("\n");
}

function uploadContainer(spec: BackupSpec): k8s.types.input.core.v1.Container {
  return {
    name: "upload",
    image: OBJECT_STORAGE_CLIENT_IMAGE,
    command: ["sh", "-c", uploadScript(spec)],
    env: [{ name: "HOME", value: "/tmp" }],
    resources: withEphemeralStorage(RESOURCES),
    securityContext: CONTAINER_SECURITY,
  };
}
