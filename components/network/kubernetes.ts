import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Naming } from "../naming";
import { allowEgress, type EgressDestination } from "./egress";
import { allowIngress } from "./allow";

/** The labels and port of cert-manager's HTTP-01 solver pods, which it starts in the Ingress's namespace. */
export const ACME_SOLVER = { labels: { "acme.cert-manager.io/http01-solver": "true" }, port: 8089 } as const;

/** A path out of the namespace that pods of another layer need, known at program time. */
export interface EgressPath {
  /** Names the policy: `<network>-egress-<role>`. */
  readonly role: string;
  /** Labels of the sending pods. */
  readonly from: Readonly<Record<string, string>>;
  readonly to: readonly EgressDestination[];
}

export interface KubernetesNetworkArgs {
  /** The namespace every object of the platform lives in; created here. */
  readonly namespace: string;
  /** Namespace of the ingress controller, the one source of outside traffic the policies admit. */
  readonly ingressNamespace: string;
  /** Keep the namespace on `pulumi destroy`: deleting it deletes every volume claim (data) inside it. */
  readonly protect: boolean;
  /** Paths out that no component of their own opens (the database's backup job to DNS and the database). */
  readonly egressPaths?: readonly EgressPath[];
  /** A cert-manager ClusterIssuer issues the ingresses' certificates: admit the ingress controller to its HTTP-01 solver pods. */
  readonly acmeSolver?: boolean;
}

/** What later layers need from the Kubernetes network. */
export interface KubernetesNetwork {
  readonly namespace: pulumi.Output<string>;
  readonly ingressNamespace: string;
}

/** Pod Security Standards at the strictest level: pods must run as non-root, without privilege or capabilities. */
export const POD_SECURITY_LABELS = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

/**
 * The namespace, restricted by Pod Security Admission, with every ingress and every egress denied until a
 * layer allows a path: a compromised pod reaches neither the internet, nor the cloud's metadata endpoint,
 * nor the API server.
 */
export function buildKubernetesNetwork(
  name: string,
  args: KubernetesNetworkArgs,
  naming: Naming,
  parent: pulumi.Resource,
): KubernetesNetwork {
  const namespace = new k8s.core.v1.Namespace(
    `${name}-namespace`,
    {
      metadata: {
        name: args.namespace,
        labels: { ...naming.labels("network", "namespace"), ...POD_SECURITY_LABELS },
      },
    },
    { parent, protect: args.protect, retainOnDelete: args.protect },
  );
  new k8s.networking.v1.NetworkPolicy(
    `${name}-default-deny-ingress`,
    {
      metadata: {
        name: "default-deny-ingress",
        namespace: namespace.metadata.name,
        labels: naming.labels("network", "default-deny-ingress"),
      },
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    { parent },
  );
  new k8s.networking.v1.NetworkPolicy(
    `${name}-default-deny-egress`,
    {
      metadata: {
        name: "default-deny-egress",
        namespace: namespace.metadata.name,
        labels: naming.labels("network", "default-deny-egress"),
      },
      spec: { podSelector: {}, policyTypes: ["Egress"] },
    },
    { parent },
  );
  if (args.acmeSolver) {
    // Without it the default deny drops the ACME server's challenge, and no certificate is ever issued.
    allowIngress(
      `${name}-allow-acme-solver`,
      {
        namespace: namespace.metadata.name,
        to: ACME_SOLVER.labels,
        from: [{ namespace: args.ingressNamespace }],
        ports: [ACME_SOLVER.port],
        labels: naming.labels("network", "allow-acme-solver"),
      },
      { parent },
    );
  }
  for (const path of args.egressPaths ?? []) {
    allowEgress(
      `${name}-egress-${path.role}`,
      {
        namespace: namespace.metadata.name,
        from: path.from,
        to: path.to,
        labels: naming.labels("network", `egress-${path.role}`),
      },
      { parent },
    );
  }
  return { namespace: namespace.metadata.name, ingressNamespace: args.ingressNamespace };
}
