import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ServiceConnection } from "../connections";
import { transformed, type Transform } from "../transform";
import { allowIngress } from "../network/allow";
import { createGeneratedSecret, type GeneratedSecret } from "../shared/kubernetes/generated-secret";
import { CONTAINER_SECURITY, guaranteed, podSecurity } from "../shared/kubernetes/pod-security";
import { ENGINES, PASSWORD_FILE, type EngineProfile } from "./engines";
import { restoreSuffix } from "./restore";
import { createKubernetesBackup, type KubernetesBackupArgs } from "./kubernetes-backup";
import { boundedScratch, secretFiles, withEphemeralStorage } from "../shared/kubernetes/data-pod";
import { buildCnpgDatabase, type CnpgArgs } from "./cnpg";
import { DATABASE_CLIENT_LABELS } from "./client-labels";
import type { DatabaseCommon } from "./aws";
import type { DatabaseOperator } from "../../stacks/schema/database";

export { DATABASE_CLIENT_LABELS } from "./client-labels";

export interface KubernetesDatabaseArgs {
  /** The platform's namespace (the network layer's). */
  readonly namespace: pulumi.Input<string>;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default - the engine's official image (engines.ts) */
  readonly image?: string;
  readonly storageSize: string;
  readonly cpu: string;
  readonly memory: string;
  readonly backup: KubernetesBackupArgs;
  /** none: the StatefulSet below; cloudnative-pg: a CloudNativePG Cluster (cnpg.ts). @default "none" */
  readonly operator?: DatabaseOperator;
  /** The Cluster's settings; required when operator is cloudnative-pg. */
  readonly cloudnativePg?: CnpgArgs;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: {
    readonly statefulSet?: Transform<k8s.apps.v1.StatefulSetArgs>;
    readonly cluster?: Transform<k8s.apiextensions.CustomResourceArgs>;
  };
}

export interface KubernetesDatabase {
  readonly connection: ServiceConnection;
  readonly serviceName: pulumi.Output<string>;
}

type Quantities = { requests: Record<string, string>; limits: Record<string, string> };

interface Ctx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly common: DatabaseCommon;
  readonly args: KubernetesDatabaseArgs;
  readonly engine: EngineProfile;
  readonly labels: Record<string, string>;
  /** Selects this generation's pod only: after a restore, the retained old StatefulSet is not served. */
  readonly selector: Record<string, string>;
}

/**
 * The engine's official image as a one-pod StatefulSet with its own volume, behind a headless Service,
 * reachable only from the services' pods, with a generated password and a backup CronJob.
 */
export function buildKubernetesDatabase(
  name: string,
  common: DatabaseCommon,
  args: KubernetesDatabaseArgs,
  parent: pulumi.Resource,
): KubernetesDatabase {
  if (args.operator === "cloudnative-pg") {
    const cloudnativePg = args.cloudnativePg;
    if (!cloudnativePg)
      throw new Error(`${name}: operator is cloudnative-pg but no \`cloudnativePg\` args were given`);
    return buildCnpgDatabase(name, common, { ...args, cloudnativePg }, parent);
  }
  const labels = common.naming.labels("database", "database");
  const generation = restoreSuffix(common.restore).slice(1) || "initial";
  const ctx: Ctx = {
    name,
    parent,
    common,
    args,
    engine: ENGINES[common.engine],
    labels,
    selector: {
      "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
      "app.kubernetes.io/instance": labels["app.kubernetes.io/instance"],
      "strata.dev/generation": generation,
    },
  };
  const credentials = createGeneratedSecret(
    name,
    { namespace: args.namespace, labels, extra: { username: common.username }, protect: common.protect },
    parent,
  );
  const service = createService(ctx);
  const backup = createKubernetesBackup(
    `${name}-backup`,
    {
      ...args.backup,
      namespace: args.namespace,
      engine: ctx.engine,
      image: args.image ?? ctx.engine.image,
      host: service.metadata.name,
      databaseName: common.databaseName,
      username: common.username,
      credentials,
      retentionDays: common.backupRetentionDays,
      storageClass: args.storageClass,
      podLabels: { ...labels, "app.kubernetes.io/name": "database-backup", ...DATABASE_CLIENT_LABELS },
      databasePods: ctx.selector,
      protect: common.protect,
    },
    parent,
  );
  createStatefulSet(ctx, service, credentials, backup.volumeClaimName);
  allowIngress(
    `${name}-allow-clients`,
    {
      namespace: args.namespace,
      to: ctx.selector,
      from: [{ pods: DATABASE_CLIENT_LABELS }],
      ports: [ctx.engine.port],
      labels,
    },
    { parent },
  );
  return { connection: connectionOf(ctx, service, credentials), serviceName: service.metadata.name };
}

function createService(ctx: Ctx): k8s.core.v1.Service {
  return new k8s.core.v1.Service(
    `${ctx.name}-service`,
    {
      metadata: { name: "database", namespace: ctx.args.namespace, labels: ctx.labels },
      spec: {
        clusterIP: "None",
        selector: ctx.selector,
        ports: [{ name: "database", port: ctx.engine.port, targetPort: ctx.engine.port }],
      },
    },
    { parent: ctx.parent },
  );
}

/** The images' entrypoints read `<VAR>_FILE` (POSTGRES_PASSWORD_FILE, MYSQL_PASSWORD_FILE): no password in the environment. */
function serverEnv(ctx: Ctx): k8s.types.input.core.v1.EnvVar[] {
  const { plain, passwordVars } = ctx.engine.serverEnv(ctx.common.databaseName, ctx.common.username);
  return [
    ...Object.entries(plain).map(([name, value]) => ({ name, value })),
    ...passwordVars.map((name) => ({ name: `${name}_FILE`, value: PASSWORD_FILE })),
  ];
}

/** A restore from a dump in the backup volume: the image loads /docker-entrypoint-initdb.d on an empty volume. */
function restoreMount(ctx: Ctx, backupClaim: pulumi.Output<string> | undefined) {
  const file = ctx.common.restore?.snapshot;
  if (file === undefined || backupClaim === undefined) return { volumes: [], mounts: [] };
  return {
    volumes: [{ name: "restore", persistentVolumeClaim: { claimName: backupClaim, readOnly: true } }],
    mounts: [
      { name: "restore", mountPath: `/docker-entrypoint-initdb.d/${file}`, subPath: file, readOnly: true },
    ],
  };
}

function createStatefulSet(
  ctx: Ctx,
  service: k8s.core.v1.Service,
  credentials: GeneratedSecret,
  backupClaim: pulumi.Output<string> | undefined,
): k8s.apps.v1.StatefulSet {
  const { engine, args } = ctx;
  const scratch = boundedScratch(engine.scratchPaths);
  const password = secretFiles("password", credentials.secretName, path.dirname(PASSWORD_FILE));
  const restore = restoreMount(ctx, backupClaim);
  const probe = { exec: { command: [...engine.readyCommand] }, periodSeconds: 10, timeoutSeconds: 5 };
  // Liveness asks less than readiness: a server busy with a long query is not ready, but is not restarted.
  const alive = {
    tcpSocket: { port: engine.port },
    periodSeconds: 20,
    timeoutSeconds: 5,
    failureThreshold: 6,
  };
  const name = `${ctx.name}-statefulset`;
  const setArgs: k8s.apps.v1.StatefulSetArgs = {
    metadata: {
      name: `database${restoreSuffix(ctx.common.restore)}`,
      namespace: args.namespace,
      labels: ctx.labels,
    },
    spec: {
      serviceName: service.metadata.name,
      replicas: 1,
      selector: { matchLabels: ctx.selector },
      // Deleting or scaling the StatefulSet never deletes the data volume.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels: { ...ctx.labels, ...ctx.selector } },
        spec: {
          automountServiceAccountToken: false,
          // The image's own user (999): existing data directories are owned by it, and PostgreSQL refuses one it does not own.
          securityContext: podSecurity(engine.uid),
          containers: [
            {
              name: "database",
              image: args.image ?? engine.image,
              ports: [{ name: "database", containerPort: engine.port }],
              env: serverEnv(ctx),
              resources: withEphemeralStorage(
                guaranteed(args.cpu, args.memory) as Quantities,
                "256Mi",
                "256Mi",
              ),
              securityContext: CONTAINER_SECURITY,
              startupProbe: { ...probe, failureThreshold: 60 },
              readinessProbe: probe,
              livenessProbe: alive,
              volumeMounts: [
                { name: "data", mountPath: engine.dataPath },
                password.mount,
                ...scratch.mounts,
                ...restore.mounts,
              ],
            },
          ],
          volumes: [password.volume, ...scratch.volumes, ...restore.volumes],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: ctx.labels },
          spec: {
            accessModes: ["ReadWriteOnce"],
            storageClassName: args.storageClass,
            resources: { requests: { storage: args.storageSize } },
          },
        },
      ],
    },
  };
  return new k8s.apps.v1.StatefulSet(name, transformed(setArgs, name, args.transform?.statefulSet), {
    parent: ctx.parent,
    protect: ctx.common.protect,
    retainOnDelete: ctx.common.protect,
  });
}

function connectionOf(
  ctx: Ctx,
  service: k8s.core.v1.Service,
  credentials: GeneratedSecret,
): ServiceConnection {
  return {
    env: {
      DATABASE_ENGINE: ctx.common.engine,
      DATABASE_HOST: service.metadata.name,
      DATABASE_PORT: String(ctx.engine.port),
      DATABASE_NAME: ctx.common.databaseName,
      DATABASE_USER: ctx.common.username,
      DATABASE_AUTH: "password",
    },
    secrets: {
      DATABASE_PASSWORD: { kubernetes: { secretName: credentials.secretName, key: credentials.passwordKey } },
    },
    kubernetesClientLabels: DATABASE_CLIENT_LABELS,
    kubernetesServer: { pods: ctx.selector, ports: [ctx.engine.port] },
  };
}
