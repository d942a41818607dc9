import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Naming } from "../naming";
import type { ServiceConnection } from "../connections";
import { transformed, type Transform } from "../transform";
import { allowIngress } from "../network/allow";
import { createGeneratedSecret, type GeneratedSecret } from "../shared/kubernetes/generated-secret";
import {
  CONTAINER_SECURITY,
  guaranteed,
  podSecurity,
  scratchVolumes,
} from "../shared/kubernetes/pod-security";
import { CACHE_ENGINE_PROFILES, CACHE_PORT, CACHE_UID, type CacheProfile } from "./engines";
import type { CacheEngine } from "../../stacks/schema/cache";

/** Pods with this label may reach the cache (the compute layer gives it to the services that use it). */
export const CACHE_CLIENT_LABELS = { "strata.dev/uses-cache": "true" } as const;

/** The neutral settings both builders share. */
export interface CacheCommon {
  readonly engine: CacheEngine;
  readonly engineVersion?: string;
  readonly replicas: number;
  readonly protect: boolean;
  readonly naming: Naming;
}

export interface KubernetesCacheArgs {
  readonly namespace: pulumi.Input<string>;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default - the engine's official image (engines.ts) */
  readonly image?: string;
  /** Size of the append-only-file volume. */
  readonly storageSize: string;
  readonly memory: string;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: { readonly statefulSet?: Transform<k8s.apps.v1.StatefulSetArgs> };
}

export interface KubernetesCache {
  readonly connection: ServiceConnection;
  readonly serviceName: pulumi.Output<string>;
}

/**
 * One Valkey/Redis server (the replicas setting is an aws one: replication without Sentinel gives no failover
 * on kubernetes) with AUTH from a generated Secret, an append-only file on a volume, a Service, and a policy
 * admitting only the services' pods.
 */
export function buildKubernetesCache(
  name: string,
  common: CacheCommon,
  args: KubernetesCacheArgs,
  parent: pulumi.Resource,
): KubernetesCache {
  const profile = CACHE_ENGINE_PROFILES[common.engine];
  const labels = common.naming.labels("cache", "cache");
  const selector = {
    "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
    "app.kubernetes.io/instance": labels["app.kubernetes.io/instance"],
  };
  const credentials = createGeneratedSecret(
    name,
    { namespace: args.namespace, labels, protect: common.protect },
    parent,
  );
  const service = new k8s.core.v1.Service(
    `${name}-service`,
    {
      metadata: { name: "cache", namespace: args.namespace, labels },
      spec: { selector, ports: [{ name: "cache", port: CACHE_PORT, targetPort: CACHE_PORT }] },
    },
    { parent },
  );
  createStatefulSet(name, { common, args, profile, labels, selector, credentials, service }, parent);
  allowIngress(
    `${name}-allow-clients`,
    {
      namespace: args.namespace,
      to: selector,
      from: [{ pods: CACHE_CLIENT_LABELS }],
      ports: [CACHE_PORT],
      labels,
    },
    { parent },
  );
  return {
    connection: {
      env: {
        CACHE_ENGINE: common.engine,
        CACHE_HOST: service.metadata.name,
        CACHE_PORT: String(CACHE_PORT),
        CACHE_TLS: "false",
      },
      secrets: {
        CACHE_AUTH_TOKEN: {
          kubernetes: { secretName: credentials.secretName, key: credentials.passwordKey },
        },
      },
      kubernetesClientLabels: CACHE_CLIENT_LABELS,
    },
    serviceName: service.metadata.name,
  };
}

interface SetParts {
  readonly common: CacheCommon;
  readonly args: KubernetesCacheArgs;
  readonly profile: CacheProfile;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly credentials: GeneratedSecret;
  readonly service: k8s.core.v1.Service;
}

function createStatefulSet(name: string, parts: SetParts, parent: pulumi.Resource): k8s.apps.v1.StatefulSet {
  const { args, profile, credentials } = parts;
  const scratch = scratchVolumes(["/tmp"]);
  // The cli reads the password from REDISCLI_AUTH (valkey-cli too), so the probe's command line holds none.
  const probe = { exec: { command: [profile.cli, "ping"] }, periodSeconds: 10, timeoutSeconds: 5 };
  const password = { secretKeyRef: { name: credentials.secretName, key: credentials.passwordKey } };
  const setArgs: k8s.apps.v1.StatefulSetArgs = {
    metadata: { name: "cache", namespace: args.namespace, labels: parts.labels },
    spec: {
      serviceName: parts.service.metadata.name,
      replicas: 1,
      selector: { matchLabels: parts.selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels: parts.labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity(CACHE_UID),
          containers: [
            {
              name: "cache",
              image: args.image ?? profile.image,
              command: [
                "sh",
                "-c",
                // The password reaches the server on stdin (a trailing `-`), so no process listing shows it.
                `exec ${profile.server} --port ${CACHE_PORT} --appendonly yes --dir /data - <<EOF\nrequirepass $CACHE_PASSWORD\nEOF\n`,
              ],
              ports: [{ name: "cache", containerPort: CACHE_PORT }],
              env: [
                { name: "CACHE_PASSWORD", valueFrom: password },
                { name: "REDISCLI_AUTH", valueFrom: password },
              ],
              resources: guaranteed("250m", args.memory),
              securityContext: CONTAINER_SECURITY,
              readinessProbe: probe,
              livenessProbe: { ...probe, failureThreshold: 6 },
              volumeMounts: [{ name: "data", mountPath: "/data" }, ...scratch.mounts],
            },
          ],
          volumes: scratch.volumes,
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: parts.labels },
          spec: {
            accessModes: ["ReadWriteOnce"],
            storageClassName: args.storageClass,
            resources: { requests: { storage: args.storageSize } },
          },
        },
      ],
    },
  };
  const childName = `${name}-statefulset`;
  return new k8s.apps.v1.StatefulSet(
    childName,
    transformed(setArgs, childName, args.transform?.statefulSet),
    {
      parent,
      protect: parts.common.protect,
      retainOnDelete: parts.common.protect,
    },
  );
}
