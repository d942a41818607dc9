import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { Naming } from "../naming";
import type { Transform } from "../transform";
import type { BackingLayer } from "../connections";
import type { EgressDestination } from "../network/egress";

export interface KubernetesComputeArgs {
  /** The platform's namespace (made by the network layer). */
  readonly namespace: pulumi.Input<string>;
  /** IngressClass of the cluster's ingress controller. */
  readonly ingressClass: string;
  /**
   * The host of routes that name none: the front end's domain, so the API shares its host. ingress-nginx
   * merges the paths of one host; a host-less rule would only reach its catch-all server.
   * @default - every host
   */
  readonly defaultHost?: string;
  /** Namespace of the ingress controller: the only outside source admitted to public services. */
  readonly ingressNamespace: string;
  /** Registry that `build` images are pushed to. */
  readonly registry?: string;
  /** A dockerconfigjson Secret the pods pull private images with. */
  readonly imagePullSecret?: string;
  /** TLS on the ingresses: an existing certificate Secret, or a cert-manager ClusterIssuer. */
  readonly tls?: { readonly secretName?: string; readonly clusterIssuer?: string };
  /** The cluster's DNS resolver: the one destination every service may reach. */
  readonly dns: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Where each backing layer answers (its pods and port, or an external address): what `uses` opens. */
  readonly backing?: Readonly<Partial<Record<BackingLayer, EgressDestination>>>;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: {
    readonly deployment?: Transform<k8s.apps.v1.DeploymentArgs>;
    readonly ingress?: Transform<k8s.networking.v1.IngressArgs>;
  };
}

export interface KubernetesCtx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly naming: Naming;
  readonly args: KubernetesComputeArgs;
}

/** The labels that select a service's pods: stable, so a Deployment's selector never has to change. */
export function selectorLabels(ctx: KubernetesCtx, service: string): Record<string, string> {
  const labels = ctx.naming.labels("compute", service);
  return {
    "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
    "app.kubernetes.io/instance": labels["app.kubernetes.io/instance"],
  };
}

/** Metadata of a service's object: its name, the namespace, the recommended labels. */
export function metadataOf(ctx: KubernetesCtx, service: string, name = service) {
  return { name, namespace: ctx.args.namespace, labels: ctx.naming.labels("compute", service) };
}
