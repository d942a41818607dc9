import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

/**
 * Where allowed traffic goes: pods of this namespace with these labels, pods of another namespace (by its
 * name, and labels when given), or address blocks outside the cluster.
 */
export type EgressPeer =
  | { readonly pods: Readonly<Record<string, string>> }
  | { readonly namespace: string; readonly pods?: Readonly<Record<string, string>> }
  /** `except` carves addresses out of the all-addresses block 0.0.0.0/0 only. */
  | { readonly cidrs: readonly string[]; readonly except?: readonly string[] };

/** A port of the destination pod (after the Service's translation), TCP unless said otherwise. */
export type EgressPort = number | { readonly port: number; readonly protocol: "TCP" | "UDP" };

/** One destination: these peers on these ports. */
export interface EgressDestination {
  readonly to: readonly EgressPeer[];
  readonly ports: readonly EgressPort[];
}

export interface AllowEgressArgs {
  readonly namespace: pulumi.Input<string>;
  /** Labels of the pods that send the traffic. */
  readonly from: Readonly<Record<string, string>>;
  /** Everything these pods may reach, beyond which the namespace's default-deny drops. */
  readonly to: readonly EgressDestination[];
  readonly labels?: Readonly<Record<string, string>>;
}

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

function peers(peer: EgressPeer): Peer[] {
  if ("cidrs" in peer) {
    return peer.cidrs.map((cidr) => ({
      ipBlock: { cidr, except: peer.except && cidr === "0.0.0.0/0" ? [...peer.except] : undefined },
    }));
  }
  if ("namespace" in peer) {
    // Both selectors in one peer: the pods with these labels in that namespace (an AND, not an OR).
    return [
      {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": peer.namespace } },
        podSelector: peer.pods ? { matchLabels: { ...peer.pods } } : undefined,
      },
    ];
  }
  return [{ podSelector: { matchLabels: { ...peer.pods } } }];
}

function port(value: EgressPort): k8s.types.input.networking.v1.NetworkPolicyPort {
  return typeof value === "number" ? { protocol: "TCP", port: value } : { ...value };
}

/** The cloud metadata address: never reachable from a pod, even when "any address" is allowed. */
export const METADATA_CIDR = "169.254.169.254/32";

/** Where an object store is: its addresses and port, or (the user said so) any address on 443 but metadata. */
export type ObjectStoreEgress =
  | { readonly to: { readonly cidrs: readonly string[]; readonly port: number } }
  | { readonly anyAddress: true };

export function objectStoreDestination(egress: ObjectStoreEgress): EgressDestination {
  if ("anyAddress" in egress) {
    return { to: [{ cidrs: ["0.0.0.0/0"], except: [METADATA_CIDR] }], ports: [443] };
  }
  return { to: [{ cidrs: egress.to.cidrs }], ports: [egress.to.port] };
}

/** The cluster's resolver, on 53 over UDP and TCP (TCP for answers too large for one datagram). */
export function dnsDestination(resolver: {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}): EgressDestination {
  return {
    to: [{ namespace: resolver.namespace, pods: resolver.podLabels }],
    ports: [
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
    ],
  };
}

/**
 * Opens exactly these paths out of the namespace's default-deny egress for the pods with these labels: one
 * rule a destination, so each rule reads as "these peers on these ports". The egress counterpart of
 * allowIngress(); an empty `to` creates nothing, since a policy without rules would only deny again.
 */
export function allowEgress(
  name: string,
  args: AllowEgressArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.networking.v1.NetworkPolicy | undefined {
  const rules = args.to.filter((destination) => destination.to.length > 0 && destination.ports.length > 0);
  if (rules.length === 0) return undefined;
  return new k8s.networking.v1.NetworkPolicy(
    name,
    {
      metadata: { namespace: args.namespace, labels: args.labels ? { ...args.labels } : undefined },
      spec: {
        podSelector: { matchLabels: { ...args.from } },
        policyTypes: ["Egress"],
        egress: rules.map((destination) => ({
          to: destination.to.flatMap(peers),
          ports: destination.ports.map(port),
        })),
      },
    },
    opts,
  );
}
