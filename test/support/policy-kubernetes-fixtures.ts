import type { Synthetic } from "./policy";

/** Kubernetes objects of the kinds the other layers create, compliant with every rule; tests break one field. */
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
export const CRON_JOB = "kubernetes:batch/v1:CronJob";
export const SERVICE = "kubernetes:core/v1:Service";
export const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
export const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

export const LABELS = { "app.kubernetes.io/name": "api" };
export const probe = { httpGet: { path: "/healthz", port: 8080 } };
export const liveness = { tcpSocket: { port: 8080 } };

/** A container that every rule accepts; a test breaks one field. */
export const goodContainer = {
  name: "api",
  image: "ghcr.io/example/api:1.4.2",
  resources: {
    requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "64Mi" },
    limits: { cpu: "500m", memory: "256Mi", "ephemeral-storage": "128Mi" },
  },
  livenessProbe: liveness,
  readinessProbe: probe,
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
  },
};

export function podTemplate(container: Record<string, unknown>) {
  return { metadata: { labels: LABELS }, spec: { containers: [container] } };
}

export function deployment(
  container: Record<string, unknown> = goodContainer,
  spec: Record<string, unknown> = {},
): Synthetic {
  return {
    type: DEPLOYMENT,
    name: "api",
    inputs: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "strata" },
      spec: { selector: { matchLabels: LABELS }, template: podTemplate(container), ...spec },
    },
  };
}

export function statefulSet(container: Record<string, unknown>): Synthetic {
  return {
    type: STATEFUL_SET,
    name: "db",
    inputs: {
      metadata: { namespace: "strata" },
      spec: { serviceName: "db", selector: { matchLabels: LABELS }, template: podTemplate(container) },
    },
  };
}

export function cronJob(container: Record<string, unknown>): Synthetic {
  return {
    type: CRON_JOB,
    name: "report",
    inputs: {
      metadata: { namespace: "strata" },
      spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: podTemplate(container) } } },
    },
  };
}

export const without = (key: string) =>
  Object.fromEntries(Object.entries(goodContainer).filter(([k]) => k !== key));
export const withSecurity = (change: Record<string, unknown>) => ({
  ...goodContainer,
  securityContext: { ...goodContainer.securityContext, ...change },
});

export const denyAll: Synthetic = {
  type: NETWORK_POLICY,
  name: "deny",
  inputs: {
    metadata: { namespace: "strata" },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  },
};
export const otherAppPolicy: Synthetic = {
  type: NETWORK_POLICY,
  name: "web",
  inputs: {
    metadata: { namespace: "strata" },
    spec: { podSelector: { matchLabels: { "app.kubernetes.io/name": "web" } }, policyTypes: ["Ingress"] },
  },
};
export const pdb: Synthetic = {
  type: PDB,
  name: "api",
  inputs: {
    metadata: { namespace: "strata" },
    spec: { maxUnavailable: 1, selector: { matchLabels: LABELS } },
  },
};
export const hpa: Synthetic = {
  type: HPA,
  name: "api",
  inputs: {
    metadata: { namespace: "strata" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
      minReplicas: 2,
      maxReplicas: 5,
    },
  },
};
export const service = (type?: string): Synthetic => ({
  type: SERVICE,
  name: "api",
  inputs: { metadata: { namespace: "strata" }, spec: { type, selector: LABELS, ports: [{ port: 80 }] } },
});
