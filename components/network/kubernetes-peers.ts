import type { StackConfig } from "../../stacks/config";
import type { ExternalPeer } from "../../stacks/schema/network";
import type { BackingLayer } from "../connections";
import type { Layer, Naming } from "../naming";
import { ENGINES } from "../database/engines";
import { CACHE_PORT } from "../cache/engines";
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
 * Where each backing layer answers, as its clients' egress must name it: the database's and cache's pods
 * (by the labels components/database/kubernetes.ts and components/cache/kubernetes.ts put on them) on the
 * engine's port, or, in external mode, the blocks and ports of `kubernetes.egress.<layer>`.
 */
export function backingDestinations(
  config: StackConfig,
  naming: Naming,
): Partial<Record<BackingLayer, EgressDestination>> {
  const egress = config.kubernetes.egress;
  return {
    database:
      config.database.mode === "external"
        ? external(egress.database)
        : {
            to: [{ pods: podSelectorOf(naming, "database", "database") }],
            ports: [ENGINES[config.database.engine].port],
          },
    cache:
      config.cache.mode === "external"
        ? external(egress.cache)
        : { to: [{ pods: podSelectorOf(naming, "cache", "cache") }], ports: [CACHE_PORT] },
  };
}

/**
 * Paths out of the namespace for pods no compute service owns: the database's backup job resolves the
 * database's Service and connects to it. (Its upload to object storage is the data layer's own path.)
 */
export function dataEgressPaths(config: StackConfig, naming: Naming): EgressPath[] {
  const database = backingDestinations(config, naming).database;
  if (config.database.mode === "external" || database === undefined) return [];
  return [
    {
      role: "database-backup",
      from: podSelectorOf(naming, "database", "database-backup"),
      to: [dnsDestination(config.kubernetes.dns), database],
    },
  ];
}
