import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { GeneratedSecret } from "../shared/kubernetes/generated-secret";
import { CONTAINER_SECURITY, podSecurity, scratchVolumes } from "../shared/kubernetes/pod-security";
import type { EngineProfile } from "./engines";

/** The image that uploads dumps to any S3-compatible storage and prunes old ones. */
export const OBJECT_STORAGE_CLIENT_IMAGE = "minio/mc:RELEASE.2024-11-21T17-21-54Z";

export interface KubernetesBackupArgs {
  /** Cron schedule of the logical backups. */
  readonly schedule: string;
  /** A PersistentVolumeClaim, or an S3-compatible bucket. */
  readonly storage: "volume" | "s3";
  readonly volumeSize: string;
  /** Required when storage is s3; the keys are secret outputs from the stack's secrets. */
  readonly s3?: {
    readonly endpoint: string;
    readonly bucket: string;
    readonly accessKey: pulumi.Input<string>;
    readonly secretKey: pulumi.Input<string>;
  };
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
  readonly protect: boolean;
}

/** The backup volume's claim name, for a restore that reads a dump from it. */
export interface KubernetesBackup {
  readonly volumeClaimName?: pulumi.Output<string>;
}

const DUMP_DIR = "/backup";

/**
 * A CronJob that dumps the database (pg_dump or mysqldump, compressed) on `schedule` and keeps
 * `retentionDays` days of dumps, in a volume of its own or in S3-compatible object storage.
 */
export function createKubernetesBackup(
  name: string,
  spec: BackupSpec,
  parent: pulumi.Resource,
): KubernetesBackup {
  const claim = spec.storage === "volume" ? createBackupVolume(name, spec, parent) : undefined;
  const s3Secret = spec.storage === "s3" ? createS3Secret(name, spec, parent) : undefined;
  const dump = dumpContainer(spec);
  const scratch = scratchVolumes(["/tmp"]);
  const target: k8s.types.input.core.v1.Volume = claim
    ? { name: "dumps", persistentVolumeClaim: { claimName: claim.metadata.name } }
    : { name: "dumps", emptyDir: {} };
  const containers = s3Secret ? [uploadContainer(spec, s3Secret)] : [dump];
  const withMounts = (container: k8s.types.input.core.v1.Container) => ({
    ...container,
    volumeMounts: [{ name: "dumps", mountPath: DUMP_DIR }, ...scratch.mounts],
  });
  new k8s.batch.v1.CronJob(
    name,
    {
      metadata: { namespace: spec.namespace, labels: spec.podLabels },
      spec: {
        schedule: spec.schedule,
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
                securityContext: podSecurity(spec.engine.uid),
                // With S3, the dump is taken first into a scratch volume, then uploaded.
                initContainers: s3Secret ? [withMounts(dump)] : undefined,
                containers: containers.map(withMounts),
                volumes: [target, ...scratch.volumes],
              },
            },
          },
        },
      },
    },
    { parent },
  );
  return { volumeClaimName: claim?.metadata.name };
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

function createS3Secret(name: string, spec: BackupSpec, parent: pulumi.Resource): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    `${name}-s3`,
    {
      metadata: { namespace: spec.namespace, labels: spec.podLabels },
      type: "Opaque",
      stringData: { accessKey: spec.s3!.accessKey, secretKey: spec.s3!.secretKey },
    },
    { parent },
  );
}

const RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } };

function dumpContainer(spec: BackupSpec): k8s.types.input.core.v1.Container {
  const file = `${DUMP_DIR}/${spec.databaseName}-$(date -u +%Y%m%d-%H%M%S).sql.gz`;
  // On a volume the CronJob also prunes; with S3 the upload container does.
  const prune =
    spec.storage === "volume"
      ? ` && find ${DUMP_DIR} -name '*.sql.gz' -mtime +${spec.retentionDays} -delete`
      : "";
  return {
    name: "dump",
    image: spec.image,
    command: ["bash", "-c", `set -euo pipefail; ${spec.engine.dumpCommand} | gzip > "${file}"${prune}`],
    env: [
      { name: "DB_HOST", value: spec.host },
      { name: "DB_PORT", value: String(spec.engine.port) },
      { name: "DB_USER", value: spec.username },
      { name: "DB_NAME", value: spec.databaseName },
      {
        name: spec.engine.clientPasswordVar,
        valueFrom: { secretKeyRef: { name: spec.credentials.secretName, key: spec.credentials.passwordKey } },
      },
    ],
    resources: RESOURCES,
    securityContext: CONTAINER_SECURITY,
  };
}

/** mc reads the endpoint and keys from MC_HOST_<alias>; Kubernetes expands $(VAR) from the secret-backed variables. */
function uploadContainer(spec: BackupSpec, secret: k8s.core.v1.Secret): k8s.types.input.core.v1.Container {
  const s3 = spec.s3!;
  const [scheme, host] = s3.endpoint.split("://");
  const key = (name: string, secretKey: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: secret.metadata.name, key: secretKey } },
  });
  const prefix = `backup/${s3.bucket}/${spec.databaseName}`;
  return {
    name: "upload",
    image: OBJECT_STORAGE_CLIENT_IMAGE,
    command: [
      "sh",
      "-c",
      `mc cp ${DUMP_DIR}/*.sql.gz ${prefix}/ && mc rm --recursive --force --older-than ${spec.retentionDays}d ${prefix}/`,
    ],
    env: [
      { name: "HOME", value: "/tmp" },
      key("S3_ACCESS_KEY", "accessKey"),
      key("S3_SECRET_KEY", "secretKey"),
      { name: "MC_HOST_backup", value: `${scheme}://$(S3_ACCESS_KEY):$(S3_SECRET_KEY)@${host}` },
    ],
    resources: RESOURCES,
    securityContext: CONTAINER_SECURITY,
  };
}
