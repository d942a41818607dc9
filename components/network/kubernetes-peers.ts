import type { StackConfig } from "../../stacks/config";
import type { ExternalPeer } from "../../stacks/schema/network";
import type { BackingLayer, ServiceConnection } from "../connections";
import type { Layer, Naming } from "../naming";
import { ENGINES } from "../database/engines";
import { restoreSuffix } from "../database/restore";
import { dnsDestination, type EgressDestination } from "./egress";
import type { EgressPath } from "./kubernetes";

/** The stable labels a layer's builder gives its pods (the recommended name and instance), as a selector. */
export function podSelectorOf(naming: Naming, layer: Layer, component: string): Record<string, string> {
  const labels = naming.labels(layer, component);
  return {
    "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
    "app.kubernetes.io/instance": labels["app.kubernetes.io/instance"],
  };
}

function external(peer: ExternalPeer | undefined): EgressDestination | undefined {
  return peer && { to: [{ cidrs: peer.cidrs }], ports: peer.ports };
}

/**
 * Where each backing layer answers, as its clients' egress must name it: the server pods and ports its
 * connection names (`kubernetesServer`: the StatefulSet's pod, CloudNativePG's instances, or the cache proxy
 * behind the `cache` Service), or, in external mode, the blocks and ports of `kubernetes.egress.<layer>`.
 */
export function backingDestinations(
  config: StackConfig,
  connections: Partial<Record<BackingLayer, ServiceConnection>>,
): Partial<Record<BackingLayer, EgressDestination>> {
  const egress = config.kubernetes.egress;
  const inCluster = (layer: BackingLayer): EgressDestination | undefined => {
    const server = connections[layer]?.kubernetesServer;
    return server && { to: [{ pods: server.pods }], ports: server.ports };
  };
  return {
    database: config.database.mode === "external" ? external(egress.database) : inCluster("database"),
    cache: config.cache.mode === "external" ? external(egress.cache) : inCluster("cache"),
  };
}

/**
 * Paths out of the namespace for data pods no compute service owns, which the data layer's own policies
 * leave to the network: the database's backup job resolves the database's Service and connects to it (its
 * upload to object storage is the data layer's own path); CloudNativePG's instances, the Sentinel cache's
 * servers and its proxy find their peers and the object store by name, so they reach DNS.
 */
export function dataEgressPaths(config: StackConfig, naming: Naming): EgressPath[] {
  const dns = dnsDestination(config.kubernetes.dns);
  const paths: EgressPath[] = [];
  if (config.database.mode !== "external") {
    if (config.database.kubernetes.operator === "cloudnative-pg") {
      // The operator labels the instance pods with their Cluster's name (components/database/cnpg.ts).
      const cluster = `database${restoreSuffix(config.database.restore)}`;
      paths.push({ role: "database-dns", from: { "cnpg.io/cluster": cluster }, to: [dns] });
    } else {
      paths.push({
        role: "database-backup",
        from: podSelectorOf(naming, "database", "database-backup"),
        to: [
          dns,
          {
            to: [{ pods: podSelectorOf(naming, "database", "database") }],
            ports: [ENGINES[config.database.engine].port],
          },
        ],
      });
    }
  }
  if (config.cache.mode !== "external" && config.cache.kubernetes.sentinel) {
    // The servers and the proxy (components/cache/kubernetes-sentinel.ts, kubernetes-proxy.ts).
    paths.push(
      { role: "cache-dns", from: podSelectorOf(naming, "cache", "cache"), to: [dns] },
      { role: "cache-proxy-dns", from: podSelectorOf(naming, "cache", "cache-proxy"), to: [dns] },
    );
  }
  return paths;
}
