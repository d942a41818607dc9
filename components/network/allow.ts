import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

/** Where allowed traffic comes from: pods of this namespace with these labels, or a whole other namespace. */
export type TrafficSource =
  | { readonly pods: Readonly<Record<string, string>> }
  | { readonly namespace: string };

export interface AllowIngressArgs {
  readonly namespace: pulumi.Input<string>;
  /** Labels of the pods that receive the traffic. */
  readonly to: Readonly<Record<string, string>>;
  readonly from: readonly TrafficSource[];
  /** TCP ports the sources may reach: numbers, or the pods' named ports. */
  readonly ports: readonly (number | string)[];
  readonly labels?: Readonly<Record<string, string>>;
}

function peer(source: TrafficSource): k8s.types.input.networking.v1.NetworkPolicyPeer {
  if ("pods" in source) return { podSelector: { matchLabels: { ...source.pods } } };
  return { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": source.namespace } } };
}

/**
 * Opens exactly one path through the namespace's default-deny ingress: these sources, these ports, to these
 * pods. Later layers call it once per path they need (ingress controller to a service, service to database).
 */
export function allowIngress(
  name: string,
  args: AllowIngressArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.networking.v1.NetworkPolicy {
  return new k8s.networking.v1.NetworkPolicy(
    name,
    {
      metadata: { namespace: args.namespace, labels: args.labels ? { ...args.labels } : undefined },
      spec: {
        podSelector: { matchLabels: { ...args.to } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: args.from.map(peer),
            ports: args.ports.map((port) => ({ protocol: "TCP", port })),
          },
        ],
      },
    },
    opts,
  );
}
