import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Naming } from "../naming";
import type { ServiceConnection } from "../connections";
import type { Transform } from "../transform";
import { allowIngress } from "../network/allow";
import { createGeneratedSecret } from "../shared/kubernetes/generated-secret";
import { podSecurity } from "../shared/kubernetes/pod-security";
import { CACHE_ENGINE_PROFILES, CACHE_PORT } from "./engines";
import { CACHE_PASSWORD_FILE } from "./kubernetes-scripts";
import { buildSentinelCache } from "./kubernetes-sentinel";
import {
  CACHE_CLIENT_LABELS,
  CACHE_POD_UID,
  cacheConnection,
  cacheVolumes,
  createServerSet,
  dataClaim,
  serverContainer,
  type CacheParts,
} from "./kubernetes-parts";
import type { CacheEngine } from "../../stacks/schema/cache";

export { CACHE_CLIENT_LABELS } from "./kubernetes-parts";

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
  /** A primary with `replicas` replicas and Sentinels, behind a proxy to the primary. @default false */
  readonly sentinel?: boolean;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: { readonly statefulSet?: Transform<k8s.apps.v1.StatefulSetArgs> };
}

export interface KubernetesCache {
  readonly connection: ServiceConnection;
  readonly serviceName: pulumi.Output<string>;
}

/**
 * The Valkey/Redis cache with AUTH from a generated Secret and an append-only file on a volume: one server
 * (dev), or with `sentinel` a primary, replicas and Sentinels behind a proxy that follows the primary
 * (kubernetes-sentinel.ts). Only the services' pods are admitted.
 */
export function buildKubernetesCache(
  name: string,
  common: CacheCommon,
  args: KubernetesCacheArgs,
  parent: pulumi.Resource,
): KubernetesCache {
  const labels = common.naming.labels("cache", "cache");
  const parts: CacheParts = {
    name,
    common,
    args,
    profile: CACHE_ENGINE_PROFILES[common.engine],
    labels,
    selector: {
      "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
      "app.kubernetes.io/instance": labels["app.kubernetes.io/instance"],
    },
    credentials: createGeneratedSecret(
      name,
      { namespace: args.namespace, labels, protect: common.protect },
      parent,
    ),
  };
  if (args.sentinel) return buildSentinelCache(parts, parent);
  // Headless: the StatefulSet's governing Service (kube-score statefulset-has-servicename); one pod behind it.
  const service = new k8s.core.v1.Service(
    `${name}-service`,
    {
      metadata: { name: "cache", namespace: args.namespace, labels },
      spec: {
        clusterIP: "None",
        selector: parts.selector,
        ports: [{ name: "cache", port: CACHE_PORT, targetPort: CACHE_PORT }],
      },
    },
    { parent },
  );
  createStatefulSet(parts, service, parent);
  allowIngress(
    `${name}-allow-clients`,
    {
      namespace: args.namespace,
      to: parts.selector,
      from: [{ pods: CACHE_CLIENT_LABELS }],
      ports: [CACHE_PORT],
      labels,
    },
    { parent },
  );
  return {
    connection: cacheConnection(parts, service.metadata.name, { pods: parts.selector, ports: [CACHE_PORT] }),
    serviceName: service.metadata.name,
  };
}

function createStatefulSet(
  parts: CacheParts,
  service: k8s.core.v1.Service,
  parent: pulumi.Resource,
): k8s.apps.v1.StatefulSet {
  const { args, profile } = parts;
  const files = cacheVolumes(parts);
  // The password reaches the server on stdin (a trailing `-`), so no process listing shows it.
  const command = [
    "sh",
    "-c",
    `exec ${profile.server} --port ${CACHE_PORT} --appendonly yes --dir /data - <<EOF\nrequirepass $(cat ${CACHE_PASSWORD_FILE})\nEOF\n`,
  ];
  const setArgs: k8s.apps.v1.StatefulSetArgs = {
    metadata: { name: "cache", namespace: args.namespace, labels: parts.labels },
    spec: {
      serviceName: service.metadata.name,
      replicas: 1,
      selector: { matchLabels: parts.selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels: parts.labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity(CACHE_POD_UID),
          containers: [serverContainer(parts, command, files.mounts)],
          volumes: files.volumes,
        },
      },
      volumeClaimTemplates: [dataClaim(parts)],
    },
  };
  return createServerSet(parts, setArgs, parent);
}
