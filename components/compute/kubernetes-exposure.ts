import * as k8s from "@pulumi/kubernetes";
import { transformed } from "../transform";
import { allowIngress } from "../network/allow";
import { allowEgress, dnsDestination, type EgressDestination } from "../network/egress";
import { requireTargetArgs } from "../target-args";
import { metadataOf, selectorLabels, type KubernetesCtx } from "./kubernetes-context";
import type { ServicePlan } from "./plan";

/** A ClusterIP Service: other pods reach the service at `<name>:<port>` in the namespace. */
export function createService(ctx: KubernetesCtx, plan: ServicePlan): k8s.core.v1.Service {
  const { spec } = plan;
  return new k8s.core.v1.Service(
    `${ctx.name}-${spec.name}`,
    {
      metadata: metadataOf(ctx, spec.name),
      spec: {
        type: "ClusterIP",
        selector: selectorLabels(ctx, spec.name),
        ports: [{ name: "http", port: spec.port, targetPort: "http", protocol: "TCP" }],
      },
    },
    { parent: ctx.parent },
  );
}

/** A public route on the cluster's ingress controller, with TLS when the stack configures it. */
export function createIngress(ctx: KubernetesCtx, plan: ServicePlan, service: k8s.core.v1.Service): void {
  const { spec } = plan;
  const route = spec.route!;
  const host = route.host ?? ctx.args.defaultHost;
  const tls = ctx.args.tls;
  const name = `${ctx.name}-${spec.name}`;
  const args: k8s.networking.v1.IngressArgs = {
    metadata: {
      ...metadataOf(ctx, spec.name),
      annotations: tls?.clusterIssuer ? { "cert-manager.io/cluster-issuer": tls.clusterIssuer } : undefined,
    },
    spec: {
      ingressClassName: ctx.args.ingressClass,
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: route.path ?? "/",
                pathType: "Prefix",
                backend: { service: { name: service.metadata.name, port: { name: "http" } } },
              },
            ],
          },
        },
      ],
      tls: tls
        ? [
            {
              hosts: host ? [host] : undefined,
              // cert-manager writes the issued certificate to this Secret.
              secretName: tls.secretName ?? `${spec.name}-tls`,
            },
          ]
        : undefined,
    },
  };
  new k8s.networking.v1.Ingress(name, transformed(args, name, ctx.args.transform?.ingress), {
    parent: ctx.parent,
  });
}

/**
 * Opens the service's port through the namespace's default-deny: to the ingress controller for a public
 * service, to the pods of its callers for an internal one (and to both when a public service is called).
 */
export function allowTraffic(ctx: KubernetesCtx, plan: ServicePlan): void {
  const { spec } = plan;
  const to = selectorLabels(ctx, spec.name);
  const opts = { parent: ctx.parent };
  if (plan.isPublic) {
    allowIngress(
      `${ctx.name}-${spec.name}-from-ingress`,
      {
        namespace: ctx.args.namespace,
        to,
        from: [{ namespace: ctx.args.ingressNamespace }],
        ports: [spec.port],
        labels: ctx.naming.labels("compute", spec.name),
      },
      opts,
    );
  }
  if (plan.callers.length > 0) {
    allowIngress(
      `${ctx.name}-${spec.name}-from-callers`,
      {
        namespace: ctx.args.namespace,
        to,
        from: plan.callers.map((caller) => ({ pods: selectorLabels(ctx, caller) })),
        ports: [spec.port],
        labels: ctx.naming.labels("compute", spec.name),
      },
      opts,
    );
  }
}

/**
 * Everything the service's pods may reach through the namespace's default-deny egress: the cluster's DNS,
 * the pods of the services it `calls` on their ports, the backing layers it `uses`, and the addresses its
 * stack adds (`kubernetes.egress`). Nothing else: no internet, no metadata endpoint, no API server.
 */
export function allowServiceEgress(ctx: KubernetesCtx, plan: ServicePlan): void {
  const { spec } = plan;
  const destinations: EgressDestination[] = [
    dnsDestination(ctx.args.dns),
    ...plan.callees.map((callee) => ({
      to: [{ pods: selectorLabels(ctx, callee.name) }],
      ports: [callee.port],
    })),
    ...spec.uses.map((layer) =>
      requireTargetArgs(ctx.args.backing?.[layer], "kubernetes", `${layer} egress`),
    ),
    ...spec.kubernetes.egress.map((peer) => ({ to: [{ cidrs: peer.cidrs }], ports: peer.ports })),
  ];
  allowEgress(
    `${ctx.name}-${spec.name}-egress`,
    {
      namespace: ctx.args.namespace,
      from: selectorLabels(ctx, spec.name),
      to: destinations,
      labels: ctx.naming.labels("compute", spec.name),
    },
    { parent: ctx.parent },
  );
}
