import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { transformed } from "../transform";
import type { ServiceConnection } from "../connections";
import type { GeneratedSecret } from "../shared/kubernetes/generated-secret";
import { CONTAINER_SECURITY, guaranteed } from "../shared/kubernetes/pod-security";
import { boundedScratch, secretFiles, withEphemeralStorage } from "../shared/kubernetes/data-pod";
import { CACHE_PORT, type CacheProfile } from "./engines";
import { CACHE_PASSWORD_DIR, pingCommand } from "./kubernetes-scripts";
import type { CacheCommon, KubernetesCacheArgs } from "./kubernetes";

/** Pods with this label may reach the cache (the compute layer gives it to the services that use it). */
export const CACHE_CLIENT_LABELS = { "strata.dev/uses-cache": "true" } as const;

/** What both shapes of the cache share: labels, the password, the engine. */
export interface CacheParts {
  readonly name: string;
  readonly common: CacheCommon;
  readonly args: KubernetesCacheArgs;
  readonly profile: CacheProfile;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly credentials: GeneratedSecret;
}

/** The same variables on both targets and in both shapes. */
export function cacheConnection(
  parts: CacheParts,
  host: pulumi.Input<string>,
  server: NonNullable<ServiceConnection["kubernetesServer"]>,
): ServiceConnection {
  return {
    env: {
      CACHE_ENGINE: parts.common.engine,
      CACHE_HOST: host,
      CACHE_PORT: String(CACHE_PORT),
      CACHE_TLS: "false",
    },
    secrets: {
      CACHE_AUTH_TOKEN: {
        kubernetes: { secretName: parts.credentials.secretName, key: parts.credentials.passwordKey },
      },
    },
    kubernetesClientLabels: CACHE_CLIENT_LABELS,
    kubernetesServer: server,
  };
}

/** The cache pods' user: both images run their server as any user, so one outside their own range. */
export const CACHE_POD_UID = 10001;

/** The server container's common parts: resources, security, the password file, probes that differ. */
export function serverContainer(
  parts: CacheParts,
  command: string[],
  mounts: k8s.types.input.core.v1.VolumeMount[],
): k8s.types.input.core.v1.Container {
  return {
    name: "cache",
    image: parts.args.image ?? parts.profile.image,
    command,
    ports: [{ name: "cache", containerPort: CACHE_PORT }],
    resources: withEphemeralStorage(guaranteed("250m", parts.args.memory) as Quantities, "64Mi", "256Mi"),
    securityContext: CONTAINER_SECURITY,
    readinessProbe: { exec: { command: pingCommand(parts.profile) }, periodSeconds: 10, timeoutSeconds: 5 },
    // Liveness asks less than readiness: a replica busy with a full sync is not ready, but is not killed.
    livenessProbe: {
      tcpSocket: { port: CACHE_PORT },
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
    volumeMounts: [{ name: "data", mountPath: "/data" }, ...mounts],
  };
}

type Quantities = { requests: Record<string, string>; limits: Record<string, string> };

/** The password as a read-only file, and bounded scratch space for /tmp. */
export function cacheVolumes(parts: CacheParts) {
  const password = secretFiles("password", parts.credentials.secretName, CACHE_PASSWORD_DIR);
  const scratch = boundedScratch(["/tmp"]);
  return {
    mounts: [password.mount, ...scratch.mounts],
    volumes: [password.volume, ...scratch.volumes],
  };
}

export function dataClaim(parts: CacheParts): k8s.types.input.core.v1.PersistentVolumeClaim {
  return {
    metadata: { name: "data", labels: parts.labels },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: parts.args.storageClass,
      resources: { requests: { storage: parts.args.storageSize } },
    },
  };
}

/**
 * The servers' StatefulSet, in either shape: the user's transform applied, and protected with the stack (its
 * volumes hold the cache's append-only files).
 */
export function createServerSet(
  parts: CacheParts,
  setArgs: k8s.apps.v1.StatefulSetArgs,
  parent: pulumi.Resource,
): k8s.apps.v1.StatefulSet {
  const childName = `${parts.name}-statefulset`;
  return new k8s.apps.v1.StatefulSet(
    childName,
    transformed(setArgs, childName, parts.args.transform?.statefulSet),
    { parent, protect: parts.common.protect, retainOnDelete: parts.common.protect },
  );
}
