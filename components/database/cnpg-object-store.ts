import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { DatabaseCommon } from "./aws";
import type { KubernetesDatabaseArgs } from "./kubernetes";
import { createS3Secret } from "./kubernetes-backup";

/**
 * The Barman Cloud plugin's ObjectStore: where WALs and base backups go (`s3://<bucket>/<project>-<stack>/`,
 * one folder a Cluster below it), compressed, with the keys from a Secret or the pods' cloud identity
 * (IRSA), and the retention of `backupRetentionDays`: the plugin deletes older backups and the WALs only
 * they needed, so a point in time of the whole window stays restorable.
 */
export function createObjectStore(
  name: string,
  common: DatabaseCommon,
  args: KubernetesDatabaseArgs,
  labels: Record<string, string>,
  parent: pulumi.Resource,
): { name: string; resource: k8s.apiextensions.CustomResource } {
  const s3 = args.backup.s3!;
  const secret =
    s3.accessKey !== undefined && s3.secretKey !== undefined
      ? createS3Secret(name, { namespace: args.namespace, podLabels: labels, s3 }, parent)
      : undefined;
  const storeName = "database-backups";
  const key = (secretKey: string) => ({ name: secret!.metadata.name, key: secretKey });
  const resource = new k8s.apiextensions.CustomResource(
    `${name}-object-store`,
    {
      apiVersion: "barmancloud.cnpg.io/v1",
      kind: "ObjectStore",
      metadata: { name: storeName, namespace: args.namespace, labels },
      spec: {
        configuration: {
          destinationPath: `s3://${s3.bucket}/${labels["app.kubernetes.io/instance"]}/`,
          endpointURL: s3.endpoint,
          s3Credentials: secret
            ? { accessKeyId: key("accessKey"), secretAccessKey: key("secretKey") }
            : { inheritFromIAMRole: true },
          wal: { compression: "gzip" },
          data: { compression: "gzip" },
        },
        retentionPolicy: `${common.backupRetentionDays}d`,
        // The plugin's sidecar in each instance pod, which runs barman-cloud: bounded like every container.
        instanceSidecarConfiguration: {
          resources: {
            requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "64Mi" },
            limits: { cpu: "1", memory: "512Mi", "ephemeral-storage": "1Gi" },
          },
        },
      },
    },
    // Kept with the data: deleting it would stop the WAL archive of a running Cluster.
    { parent, protect: common.protect, retainOnDelete: common.protect },
  );
  return { name: storeName, resource };
}
