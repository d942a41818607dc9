import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { DatabaseCommon } from "./aws";
import type { KubernetesDatabase, KubernetesDatabaseArgs } from "./kubernetes";
import { DATABASE_CLIENT_LABELS } from "./client-labels";
import { restoreSuffix, type RestoreSource } from "./restore";
import { createObjectStore } from "./cnpg-object-store";
import { createCnpgPolicies } from "./cnpg-network";
import { transformed } from "../transform";
import { BARMAN_PLUGIN, POSTGRES_PORT } from "./cnpg-names";

/** The external cluster a recovery reads from. */
const ORIGIN = "origin";

/** The database's kubernetes args when the Cluster is built: its settings are then required. */
export type CnpgDatabaseArgs = KubernetesDatabaseArgs & { readonly cloudnativePg: CnpgArgs };

export interface CnpgArgs {
  readonly instances: number;
  readonly image: string;
  readonly operatorNamespace: string;
  /** The API server's addresses; required with the operator (a stack check). */
  readonly apiServer?: { readonly cidrs: readonly string[]; readonly port: number };
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
}

/**
 * PostgreSQL as a CloudNativePG Cluster (operator 1.29): `instances` pods spread over zones with the
 * operator's PodDisruptionBudget and failover, WAL archiving and daily base backups through the Barman
 * Cloud plugin to the object store, kept `backupRetentionDays`, and an application user whose Secret the
 * operator manages. A restore bootstraps a new Cluster from the object store (a backup or a point in time).
 */
export function buildCnpgDatabase(
  name: string,
  common: DatabaseCommon,
  args: CnpgDatabaseArgs,
  parent: pulumi.Resource,
): KubernetesDatabase {
  const clusterName = `database${restoreSuffix(common.restore)}`;
  const labels = common.naming.labels("database", "database");
  const store = createObjectStore(name, common, args, labels, parent);
  const cluster = new k8s.apiextensions.CustomResource(
    `${name}-cluster`,
    transformed(
      clusterArgs(clusterName, common, args, labels, store.name),
      `${name}-cluster`,
      args.transform?.cluster,
    ),
    { parent, protect: common.protect, retainOnDelete: common.protect, dependsOn: [store.resource] },
  );
  new k8s.apiextensions.CustomResource(
    `${name}-scheduled-backup`,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: `${clusterName}-daily`, namespace: args.namespace, labels },
      spec: {
        // The operator's cron has a seconds field first; the stack's schedule is the five-field CronJob one.
        schedule: `0 ${args.backup.schedule}`,
        cluster: { name: clusterName },
        immediate: true,
        // The Backup objects go with their schedule; the backups themselves stay in the object store.
        backupOwnerReference: "self",
        // A standby's copy spares the primary's I/O; with one instance the primary takes it.
        target: args.cloudnativePg.instances > 1 ? "prefer-standby" : "primary",
        method: "plugin",
        pluginConfiguration: { name: BARMAN_PLUGIN },
      },
    },
    { parent, dependsOn: [cluster] },
  );
  createCnpgPolicies(name, { clusterName, args, labels }, parent);
  return {
    connection: {
      env: {
        DATABASE_ENGINE: common.engine,
        // The operator's read-write Service: it follows the primary through failovers.
        DATABASE_HOST: `${clusterName}-rw`,
        DATABASE_PORT: String(POSTGRES_PORT),
        DATABASE_NAME: common.databaseName,
        DATABASE_USER: common.username,
        DATABASE_AUTH: "password",
      },
      secrets: {
        // The operator's basic-auth Secret of the application user (owner of the database).
        DATABASE_PASSWORD: { kubernetes: { secretName: `${clusterName}-app`, key: "password" } },
      },
      kubernetesClientLabels: DATABASE_CLIENT_LABELS,
      kubernetesServer: { pods: { "cnpg.io/cluster": clusterName }, ports: [POSTGRES_PORT] },
    },
    serviceName: cluster.metadata.apply(() => `${clusterName}-rw`),
  };
}

function clusterArgs(
  clusterName: string,
  common: DatabaseCommon,
  args: CnpgDatabaseArgs,
  labels: Record<string, string>,
  storeName: string,
): k8s.apiextensions.CustomResourceArgs {
  const cnpg = args.cloudnativePg;
  const spread = cnpg.instances > 1;
  const instanceSelector = { "cnpg.io/cluster": clusterName };
  const recovery = recoveryOf(common.restore);
  const quantities = { cpu: args.cpu, memory: args.memory };
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: clusterName, namespace: args.namespace, labels },
    spec: {
      instances: cnpg.instances,
      imageName: cnpg.image,
      // The operator switches over to an updated replica before it restarts the primary.
      primaryUpdateStrategy: "unsupervised",
      // The operator's PodDisruptionBudget; with one instance it would only block node drains.
      enablePDB: spread,
      enableSuperuserAccess: false,
      storage: { size: args.storageSize, storageClass: args.storageClass },
      // CPU and memory requests equal limits: Guaranteed QoS, evicted last. Ephemeral storage bounds the
      // temporary-data volume (below) and the logs.
      resources: {
        requests: { ...quantities, "ephemeral-storage": "256Mi" },
        limits: { ...quantities, "ephemeral-storage": "2Gi" },
      },
      ephemeralVolumesSizeLimit: { shm: "256Mi", temporaryData: "1Gi" },
      affinity: {
        enablePodAntiAffinity: true,
        topologyKey: "kubernetes.io/hostname",
        podAntiAffinityType: spread ? "required" : "preferred",
      },
      // One instance a zone: a zone's loss leaves a replica to promote.
      topologySpreadConstraints: spread
        ? [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "DoNotSchedule",
              labelSelector: { matchLabels: instanceSelector },
            },
          ]
        : undefined,
      bootstrap: recovery
        ? {
            recovery: {
              source: ORIGIN,
              database: common.databaseName,
              owner: common.username,
              recoveryTarget: recovery.target,
            },
          }
        : { initdb: { database: common.databaseName, owner: common.username } },
      externalClusters: recovery
        ? [
            {
              name: ORIGIN,
              plugin: {
                name: BARMAN_PLUGIN,
                parameters: { barmanObjectName: storeName, serverName: recovery.serverName },
              },
            },
          ]
        : undefined,
      // The new cluster archives under its own name (the plugin's default serverName), beside its origin's.
      plugins: [{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: storeName } }],
      serviceAccountTemplate: cnpg.serviceAccountAnnotations
        ? { metadata: { annotations: { ...cnpg.serviceAccountAnnotations } } }
        : undefined,
    },
  };
}

/**
 * The restore settings, the same as on aws: a backup (`<cluster>/<backup id>`, recovered to its end: the
 * consistent state of that base backup) or a point in time of a cluster (its latest WAL when `time` is unset).
 */
export function recoveryOf(
  restore: RestoreSource | undefined,
): { serverName: string; target?: Record<string, unknown> } | undefined {
  if (restore?.snapshot) {
    const [serverName, backupID] = restore.snapshot.split("/");
    return { serverName, target: { backupID, targetImmediate: true } };
  }
  if (restore?.pointInTime) {
    const { sourceCluster, time } = restore.pointInTime;
    return { serverName: sourceCluster, target: time ? { targetTime: time } : undefined };
  }
  return undefined;
}
