import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Naming } from "../naming";
import { allowIngress } from "../network/allow";
import { transformed, type Transform } from "../transform";
import type { SiteFile } from "./site-files";
import { HEALTH_PATH, NGINX_PORT, NGINX_ROOT, nginxServerConf } from "./nginx-conf";

/**
 * nginx built to run unprivileged on port 8080, with its pid and temporary paths under /tmp, pinned by the
 * digest of the 1.27-alpine index (every architecture), so a re-pushed tag never changes what runs.
 */
export const NGINX_IMAGE =
  "docker.io/nginxinc/nginx-unprivileged:1.27-alpine@sha256:65e3e85dbaed8ba248841d9d58a899b6197106c23cb0ff1a132b7bfe0547e4c0";
/**
 * The image's own user is 101, but it writes only to /tmp (an emptyDir here) and reads files that are
 * world-readable, so any uid works; one above 10000 keeps clear of the nodes' users (kube-score
 * container-security-context-user-group-id, Checkov CKV_K8S_40).
 */
export const NGINX_UID = 10101;

export interface KubernetesCdnArgs {
  /** The namespace made by the network layer. */
  readonly namespace: pulumi.Input<string>;
  /** Namespace of the ingress controller, admitted through the default-deny policy. */
  readonly ingressNamespace: string;
  /** The cluster's shared IngressClass. */
  readonly ingressClass: string;
  /** The host of the Ingress rule; every host when unset. */
  readonly domain?: string;
  readonly replicas: number;
  /** An image that already holds the site; the files go in a ConfigMap when unset. */
  readonly image?: string;
  /**
   * HTTPS for `domain`: the certificate Secret the Ingress serves, and the cert-manager ClusterIssuer that
   * writes it when the Secret is not an existing one. Plain HTTP when unset.
   */
  readonly tls?: { readonly secretName: string; readonly clusterIssuer?: string };
  readonly transform?: {
    readonly deployment?: Transform<k8s.apps.v1.DeploymentArgs>;
    readonly ingress?: Transform<k8s.networking.v1.IngressArgs>;
  };
}

export interface KubernetesCdn {
  readonly serviceName: pulumi.Output<string>;
  readonly url: string | undefined;
}

/** A ConfigMap key may hold only [-._a-zA-Z0-9]; the volume's items put each file back at its path. */
export function configMapKey(key: string): string {
  return key.replace(/\//g, "__");
}

function isText(file: SiteFile): boolean {
  return file.contentType.includes("charset=") || file.contentType === "image/svg+xml";
}

function digest(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex").slice(0, 16);
}

interface Ctx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly naming: Naming;
  readonly args: KubernetesCdnArgs;
  readonly labels: Record<string, string>;
}

/** The front end on the cluster: nginx serving the files, a Service, and the Ingress route `/`. */
export function buildKubernetesCdn(
  name: string,
  args: KubernetesCdnArgs,
  files: readonly SiteFile[],
  spaFallback: boolean,
  naming: Naming,
  parent: pulumi.Resource,
): KubernetesCdn {
  const ctx: Ctx = { name, parent, naming, args, labels: naming.labels("cdn", "frontend") };
  const conf = nginxServerConf(spaFallback);
  const confMap = createConfigMap(ctx, "nginx", { data: { "default.conf": conf } });
  const siteMap = args.image ? undefined : createSiteConfigMap(ctx, files);
  // Pods roll when the files or the config change: a mounted ConfigMap alone would not restart nginx.
  const checksum = digest([
    conf,
    ...(args.image
      ? [args.image]
      : files.map((f) => `${f.key}:${fs.readFileSync(f.absolutePath, "base64")}`)),
  ]);
  createDeployment(ctx, confMap, siteMap, files, checksum);
  if (args.replicas > 1) createDisruptionBudget(ctx);
  const service = createService(ctx);
  createIngress(ctx, service);
  allowIngress(
    `${name}-allow-ingress`,
    {
      namespace: args.namespace,
      to: selectorLabels(ctx),
      from: [{ namespace: args.ingressNamespace }],
      ports: [NGINX_PORT],
      labels: ctx.labels,
    },
    { parent },
  );
  const scheme = args.tls ? "https" : "http";
  return { serviceName: service.metadata.name, url: args.domain ? `${scheme}://${args.domain}` : undefined };
}

function createConfigMap(
  ctx: Ctx,
  role: string,
  content: { data?: Record<string, string>; binaryData?: Record<string, string> },
): k8s.core.v1.ConfigMap {
  return new k8s.core.v1.ConfigMap(
    `${ctx.name}-${role}`,
    { metadata: { name: `frontend-${role}`, namespace: ctx.args.namespace, labels: ctx.labels }, ...content },
    { parent: ctx.parent },
  );
}

function createSiteConfigMap(ctx: Ctx, files: readonly SiteFile[]): k8s.core.v1.ConfigMap {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const file of files) {
    if (isText(file)) data[configMapKey(file.key)] = fs.readFileSync(file.absolutePath, "utf8");
    else binaryData[configMapKey(file.key)] = fs.readFileSync(file.absolutePath, "base64");
  }
  return createConfigMap(ctx, "site", {
    data,
    binaryData: Object.keys(binaryData).length > 0 ? binaryData : undefined,
  });
}

function createDeployment(
  ctx: Ctx,
  confMap: k8s.core.v1.ConfigMap,
  siteMap: k8s.core.v1.ConfigMap | undefined,
  files: readonly SiteFile[],
  checksum: string,
): k8s.apps.v1.Deployment {
  const name = `${ctx.name}-deployment`;
  // Ready when nginx answers its health path; alive while it accepts connections (distinct probes:
  // kube-score pod-probes-identical).
  const readiness = { httpGet: { path: HEALTH_PATH, port: "http" }, periodSeconds: 10 };
  const liveness = { tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 3 };
  const siteVolume = siteMap
    ? [
        {
          name: "site",
          configMap: {
            name: siteMap.metadata.name,
            items: files.map((file) => ({ key: configMapKey(file.key), path: file.key })),
          },
        },
      ]
    : [];
  const args: k8s.apps.v1.DeploymentArgs = {
    metadata: { name: "frontend", namespace: ctx.args.namespace, labels: ctx.labels },
    spec: {
      replicas: ctx.args.replicas,
      selector: { matchLabels: selectorLabels(ctx) },
      template: {
        metadata: { labels: ctx.labels, annotations: { "strata.dev/content-checksum": checksum } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: NGINX_UID,
            runAsGroup: NGINX_UID,
            fsGroup: NGINX_UID,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "nginx",
              image: ctx.args.image ?? NGINX_IMAGE,
              ports: [{ name: "http", containerPort: NGINX_PORT }],
              readinessProbe: readiness,
              livenessProbe: liveness,
              // Ephemeral storage bounds logs and /tmp (kube-score container-ephemeral-storage-request-and-limit).
              resources: {
                requests: { cpu: "10m", memory: "32Mi", "ephemeral-storage": "32Mi" },
                limits: { cpu: "200m", memory: "64Mi", "ephemeral-storage": "64Mi" },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [
                { name: "nginx-conf", mountPath: "/etc/nginx/conf.d", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
                ...(siteMap ? [{ name: "site", mountPath: NGINX_ROOT, readOnly: true }] : []),
              ],
            },
          ],
          volumes: [
            { name: "nginx-conf", configMap: { name: confMap.metadata.name } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
            ...siteVolume,
          ],
        },
      },
    },
  };
  return new k8s.apps.v1.Deployment(name, transformed(args, name, ctx.args.transform?.deployment), {
    parent: ctx.parent,
  });
}

/** The Deployment's selector: labels that never change, so a new version never orphans the old pods. */
function selectorLabels(ctx: Ctx): Record<string, string> {
  return {
    "app.kubernetes.io/name": ctx.labels["app.kubernetes.io/name"],
    "app.kubernetes.io/instance": ctx.labels["app.kubernetes.io/instance"],
  };
}

function createDisruptionBudget(ctx: Ctx): void {
  new k8s.policy.v1.PodDisruptionBudget(
    `${ctx.name}-disruption-budget`,
    {
      metadata: { name: "frontend", namespace: ctx.args.namespace, labels: ctx.labels },
      spec: { minAvailable: 1, selector: { matchLabels: selectorLabels(ctx) } },
    },
    { parent: ctx.parent },
  );
}

function createService(ctx: Ctx): k8s.core.v1.Service {
  return new k8s.core.v1.Service(
    `${ctx.name}-service`,
    {
      metadata: { name: "frontend", namespace: ctx.args.namespace, labels: ctx.labels },
      spec: {
        type: "ClusterIP",
        selector: selectorLabels(ctx),
        ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
      },
    },
    { parent: ctx.parent },
  );
}

/** The route `/` on the shared IngressClass; other layers add more specific paths (`/api`) beside it. */
function createIngress(ctx: Ctx, service: k8s.core.v1.Service): k8s.networking.v1.Ingress {
  const name = `${ctx.name}-ingress`;
  const domain = ctx.args.domain;
  const tls = domain ? ctx.args.tls : undefined;
  const args: k8s.networking.v1.IngressArgs = {
    metadata: {
      name: "frontend",
      namespace: ctx.args.namespace,
      labels: ctx.labels,
      // cert-manager's ingress-shim sees the annotation and issues the certificate into tls.secretName.
      annotations: tls?.clusterIssuer ? { "cert-manager.io/cluster-issuer": tls.clusterIssuer } : undefined,
    },
    spec: {
      ingressClassName: ctx.args.ingressClass,
      tls: tls ? [{ hosts: [domain!], secretName: tls.secretName }] : undefined,
      rules: [
        {
          host: domain,
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: service.metadata.name, port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    },
  };
  return new k8s.networking.v1.Ingress(name, transformed(args, name, ctx.args.transform?.ingress), {
    parent: ctx.parent,
  });
}
