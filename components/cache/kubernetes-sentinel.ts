import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { allowIngress } from "../network/allow";
import { allowEgress } from "../network/egress";
import { CONTAINER_SECURITY, podSecurity } from "../shared/kubernetes/pod-security";
import { withEphemeralStorage } from "../shared/kubernetes/data-pod";
import { CACHE_PORT } from "./engines";
import {
  HEADLESS_SERVICE,
  SENTINEL_PORT,
  pingCommand,
  sentinelScript,
  sentinelServerScript,
} from "./kubernetes-scripts";
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
import { createCacheProxy } from "./kubernetes-proxy";
import type { KubernetesCache } from "./kubernetes";

/**
 * A primary and `replicas` replicas in one StatefulSet, one pod a zone, each with a Sentinel beside its
 * server. When the primary stops answering for 5 s, a majority of the Sentinels promotes the most recent
 * replica and repoints the others; the proxy (kubernetes-proxy.ts) sends the services to whichever server
 * says it is the primary, so `CACHE_HOST` stays one name.
 */
export function buildSentinelCache(parts: CacheParts, parent: pulumi.Resource): KubernetesCache {
  const { name, args, labels, selector } = parts;
  const pods = parts.common.replicas + 1;
  const headless = new k8s.core.v1.Service(
    `${name}-headless`,
    {
      metadata: { name: HEADLESS_SERVICE, namespace: args.namespace, labels },
      spec: {
        clusterIP: "None",
        // Peers find each other (and Sentinels the replicas) before they are ready.
        publishNotReadyAddresses: true,
        selector,
        ports: [
          { name: "cache", port: CACHE_PORT, targetPort: CACHE_PORT },
          { name: "sentinel", port: SENTINEL_PORT, targetPort: SENTINEL_PORT },
        ],
      },
    },
    { parent },
  );
  // For clients that speak Sentinel (they ask it for the primary of `strata`).
  new k8s.core.v1.Service(
    `${name}-sentinel`,
    {
      metadata: { name: "cache-sentinel", namespace: args.namespace, labels },
      spec: { selector, ports: [{ name: "sentinel", port: SENTINEL_PORT, targetPort: SENTINEL_PORT }] },
    },
    { parent },
  );
  createStatefulSet(parts, pods, headless, parent);
  new k8s.policy.v1.PodDisruptionBudget(
    `${name}-pdb`,
    {
      metadata: { namespace: args.namespace, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
    { parent },
  );
  const proxy = createCacheProxy(parts, pods, parent);
  createPolicies(parts, proxy.selector, parent);
  return {
    connection: cacheConnection(parts, proxy.service.metadata.name, {
      pods: proxy.selector,
      ports: [CACHE_PORT],
    }),
    serviceName: proxy.service.metadata.name,
  };
}

function createStatefulSet(
  parts: CacheParts,
  pods: number,
  headless: k8s.core.v1.Service,
  parent: pulumi.Resource,
): k8s.apps.v1.StatefulSet {
  const { args, profile, selector } = parts;
  const files = cacheVolumes(parts);
  const sentinel: k8s.types.input.core.v1.Container = {
    name: "sentinel",
    image: args.image ?? profile.image,
    command: ["sh", "-c", sentinelScript(profile, pods)],
    ports: [{ name: "sentinel", containerPort: SENTINEL_PORT }],
    resources: withEphemeralStorage(
      {
        requests: { cpu: "50m", memory: "64Mi" },
        limits: { cpu: "50m", memory: "64Mi" },
      },
      "16Mi",
      "64Mi",
    ),
    securityContext: CONTAINER_SECURITY,
    readinessProbe: {
      exec: { command: pingCommand(profile, SENTINEL_PORT) },
      periodSeconds: 10,
      timeoutSeconds: 5,
    },
    livenessProbe: {
      tcpSocket: { port: SENTINEL_PORT },
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
    volumeMounts: files.mounts,
  };
  const setArgs: k8s.apps.v1.StatefulSetArgs = {
    metadata: { name: "cache", namespace: args.namespace, labels: parts.labels },
    spec: {
      serviceName: headless.metadata.name,
      replicas: pods,
      selector: { matchLabels: selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels: parts.labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity(CACHE_POD_UID),
          // One server a zone, so a zone's loss leaves a majority of Sentinels and a replica to promote.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "DoNotSchedule",
              labelSelector: { matchLabels: selector },
            },
          ],
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } },
              ],
            },
          },
          containers: [
            serverContainer(parts, ["sh", "-c", sentinelServerScript(profile, pods)], files.mounts),
            sentinel,
          ],
          volumes: files.volumes,
        },
      },
      volumeClaimTemplates: [dataClaim(parts)],
    },
  };
  return createServerSet(parts, setArgs, parent);
}

/** Exactly: clients (and the proxy) to the servers, the pods to each other (replication, Sentinel gossip). */
function createPolicies(parts: CacheParts, proxyPods: Record<string, string>, parent: pulumi.Resource): void {
  const { name, args, labels, selector } = parts;
  const base = { namespace: args.namespace, to: selector, labels };
  allowIngress(
    `${name}-allow-clients`,
    // Clients that speak Sentinel ask it for the primary, then connect to that server.
    { ...base, from: [{ pods: CACHE_CLIENT_LABELS }], ports: [CACHE_PORT, SENTINEL_PORT] },
    { parent },
  );
  allowIngress(
    `${name}-allow-proxy`,
    { ...base, from: [{ pods: proxyPods }], ports: [CACHE_PORT] },
    { parent },
  );
  allowIngress(
    `${name}-allow-peers`,
    { ...base, from: [{ pods: selector }], ports: [CACHE_PORT, SENTINEL_PORT] },
    { parent },
  );
  allowEgress(
    `${name}-egress`,
    {
      namespace: args.namespace,
      from: selector,
      to: [{ to: [{ pods: selector }], ports: [CACHE_PORT, SENTINEL_PORT] }],
      labels,
    },
    { parent },
  );
}
