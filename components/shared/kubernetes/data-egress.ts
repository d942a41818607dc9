import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

/** The cloud metadata address: never reachable from a data pod, even when "any address" is allowed. */
export const METADATA_CIDR = "169.254.169.254/32";

/** One allowed destination of a data pod: addresses outside the cluster, or pods of the namespace. */
export type EgressRule =
  | {
      readonly cidrs: readonly string[];
      readonly except?: readonly string[];
      readonly ports: readonly number[];
    }
  | { readonly pods: Readonly<Record<string, string>>; readonly ports: readonly number[] };

/** Where the object store is: its addresses and port, or (the user said so) any address on 443 but metadata. */
export type ObjectStoreEgress =
  | { readonly to: { readonly cidrs: readonly string[]; readonly port: number } }
  | { readonly anyAddress: true };

export function objectStoreRule(egress: ObjectStoreEgress): EgressRule {
  if ("anyAddress" in egress) return { cidrs: ["0.0.0.0/0"], except: [METADATA_CIDR], ports: [443] };
  return { cidrs: egress.to.cidrs, ports: [egress.to.port] };
}

function peerOf(rule: EgressRule): k8s.types.input.networking.v1.NetworkPolicyPeer[] {
  if ("pods" in rule) return [{ podSelector: { matchLabels: { ...rule.pods } } }];
  return rule.cidrs.map((cidr) => ({
    ipBlock: { cidr, except: rule.except && cidr === "0.0.0.0/0" ? [...rule.except] : undefined },
  }));
}

/**
 * Opens exactly these destinations through the namespace's default-deny egress for the pods selected by
 * `from` (DNS is the namespace's own rule). One rule a destination, so the allowed set reads as declared.
 */
export function allowEgress(
  name: string,
  args: {
    readonly namespace: pulumi.Input<string>;
    readonly from: Readonly<Record<string, string>>;
    readonly to: readonly EgressRule[];
    readonly labels: Readonly<Record<string, string>>;
  },
  opts: pulumi.CustomResourceOptions,
): k8s.networking.v1.NetworkPolicy {
  return new k8s.networking.v1.NetworkPolicy(
    name,
    {
      metadata: { namespace: args.namespace, labels: { ...args.labels } },
      spec: {
        podSelector: { matchLabels: { ...args.from } },
        policyTypes: ["Egress"],
        egress: args.to.map((rule) => ({
          to: peerOf(rule),
          ports: rule.ports.map((port) => ({ protocol: "TCP", port })),
        })),
      },
    },
    opts,
  );
}
