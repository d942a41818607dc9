import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { allowIngress } from "../network/allow";
import { allowEgress } from "../network/egress";
import { CONTAINER_SECURITY, podSecurity } from "../shared/kubernetes/pod-security";
import { secretFiles, withEphemeralStorage } from "../shared/kubernetes/data-pod";
import { CACHE_PORT } from "./engines";
import { CACHE_PASSWORD_DIR, CACHE_PASSWORD_FILE, podHost } from "./kubernetes-scripts";
import { CACHE_CLIENT_LABELS, CACHE_POD_UID, type CacheParts } from "./kubernetes-parts";

/**
 * HAProxy 3.0.5, pinned by the digest of its index as docker-library/repo-info recorded it
 * (repos/haproxy/remote/3.0.5.md, the Sept 2024 build, via its mirror maxmood96/repo-info). Read 2026-12-01;
 * verify before a prod deploy (docs/data.md).
 */
export const PROXY_IMAGE =
  "haproxy:3.0.5@sha256:09c344b682da90d038565c644929d0e2cb49bad850c027b2b2661bdc410cc317";
const HEALTH_PORT = 8404;
const CONFIG_DIR = "/usr/local/etc/haproxy";

/**
 * HAProxy's configuration: every server is checked each second (AUTH, then `INFO replication`), and only the
 * one that answers `role:master` receives connections, so clients that do not speak Sentinel follow a
 * failover by reconnecting. `balance first` sends everything to one server even if two briefly both say
 * primary. The password is read from the environment, which the start command fills from the Secret's file.
 */
export function proxyConfig(pods: number): string {
  const servers = Array.from(
    { length: pods },
    (_, i) =>
      `  server cache-${i} ${podHost(i)}:${CACHE_PORT} check inter 1s fall 2 rise 2 resolvers cluster init-addr libc,none`,
  );
  return [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode tcp",
    "  timeout connect 3s",
    "  timeout client 1h",
    "  timeout server 1h",
    "  timeout check 2s",
    "resolvers cluster",
    "  parse-resolv-conf",
    "  hold valid 5s",
    "frontend cache",
    `  bind :${CACHE_PORT}`,
    "  default_backend primary",
    "frontend health",
    "  mode http",
    `  bind :${HEALTH_PORT}`,
    "  timeout client 5s",
    "  monitor-uri /healthz",
    "  monitor fail if { nbsrv(primary) lt 1 }",
    "backend primary",
    "  balance first",
    "  option tcp-check",
    "  tcp-check connect",
    '  tcp-check send "AUTH ${CACHE_PASSWORD}\\r\\n"',
    "  tcp-check expect string +OK",
    '  tcp-check send "INFO replication\\r\\n"',
    "  tcp-check expect string role:master",
    '  tcp-check send "QUIT\\r\\n"',
    "  tcp-check expect string +OK",
    ...servers,
    "",
  ].join("\n");
}

/** Two HAProxy pods on different nodes behind the Service `cache`: the one host the services connect to. */
export function createCacheProxy(
  parts: CacheParts,
  pods: number,
  parent: pulumi.Resource,
): { service: k8s.core.v1.Service; selector: Record<string, string> } {
  const { name, args } = parts;
  const labels = { ...parts.labels, "app.kubernetes.io/name": "cache-proxy" };
  const selector = { ...parts.selector, "app.kubernetes.io/name": "cache-proxy" };
  const config = new k8s.core.v1.ConfigMap(
    `${name}-proxy`,
    { metadata: { namespace: args.namespace, labels }, data: { "haproxy.cfg": proxyConfig(pods) } },
    { parent },
  );
  const password = secretFiles("password", parts.credentials.secretName, CACHE_PASSWORD_DIR);
  new k8s.apps.v1.Deployment(
    `${name}-proxy`,
    {
      metadata: { namespace: args.namespace, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: podSecurity(CACHE_POD_UID),
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } },
                ],
              },
            },
            containers: [
              {
                name: "proxy",
                image: PROXY_IMAGE,
                command: [
                  "sh",
                  "-c",
                  `export CACHE_PASSWORD="$(cat ${CACHE_PASSWORD_FILE})"; exec haproxy -db -f ${CONFIG_DIR}/haproxy.cfg`,
                ],
                ports: [
                  { name: "cache", containerPort: CACHE_PORT },
                  { name: "health", containerPort: HEALTH_PORT },
                ],
                resources: withEphemeralStorage(
                  { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
                  "16Mi",
                  "64Mi",
                ),
                securityContext: CONTAINER_SECURITY,
                // Ready only while it knows a primary; alive as long as it answers at all.
                readinessProbe: {
                  httpGet: { path: "/healthz", port: HEALTH_PORT },
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                },
                livenessProbe: {
                  tcpSocket: { port: HEALTH_PORT },
                  periodSeconds: 20,
                  timeoutSeconds: 5,
                  failureThreshold: 6,
                },
                volumeMounts: [{ name: "config", mountPath: CONFIG_DIR, readOnly: true }, password.mount],
              },
            ],
            volumes: [{ name: "config", configMap: { name: config.metadata.name } }, password.volume],
          },
        },
      },
    },
    { parent },
  );
  new k8s.policy.v1.PodDisruptionBudget(
    `${name}-proxy`,
    {
      metadata: { namespace: args.namespace, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
    { parent },
  );
  const service = new k8s.core.v1.Service(
    `${name}-service`,
    {
      metadata: { name: "cache", namespace: args.namespace, labels },
      spec: { selector, ports: [{ name: "cache", port: CACHE_PORT, targetPort: CACHE_PORT }] },
    },
    { parent },
  );
  allowIngress(
    `${name}-proxy-allow-clients`,
    {
      namespace: args.namespace,
      to: selector,
      from: [{ pods: CACHE_CLIENT_LABELS }],
      ports: [CACHE_PORT],
      labels,
    },
    { parent },
  );
  allowEgress(
    `${name}-proxy-egress`,
    {
      namespace: args.namespace,
      from: selector,
      to: [{ to: [{ pods: parts.selector }], ports: [CACHE_PORT] }],
      labels,
    },
    { parent },
  );
  return { service, selector };
}
