import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { transformed } from "../transform";
import type { ServiceSpec } from "../../stacks/schema/compute";
import { connectionSecrets, plainEnvironment, stackSecrets, type ServicePlan } from "./plan";
import { metadataOf, selectorLabels, type KubernetesCtx } from "./kubernetes-context";
import { kubernetesImage } from "./kubernetes-image";

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** A service's identity, secret and pods: ServiceAccount, Secret (when it reads stack secrets), Deployment. */
export function createWorkload(
  ctx: KubernetesCtx,
  plan: ServicePlan,
  secretValues: Readonly<Record<string, pulumi.Output<string>>>,
): k8s.apps.v1.Deployment {
  const { spec } = plan;
  const account = new k8s.core.v1.ServiceAccount(
    `${ctx.name}-${spec.name}`,
    {
      metadata: metadataOf(ctx, spec.name),
      // No API token in the pods unless the service calls the Kubernetes API (kube-linter access-to-secrets).
      automountServiceAccountToken: spec.kubernetes.automountServiceAccountToken,
    },
    { parent: ctx.parent },
  );
  const secretName = createStackSecret(ctx, plan, secretValues);
  const env = [...plainEnv(plan), ...secretEnv(plan, secretName)].sort((a, b) =>
    String(a.name).localeCompare(String(b.name)),
  );
  const name = `${ctx.name}-${spec.name}`;
  const args: k8s.apps.v1.DeploymentArgs = {
    metadata: metadataOf(ctx, spec.name),
    spec: {
      // With a HorizontalPodAutoscaler the count is its to set; a fixed one would fight it on every deploy.
      replicas: spec.replicas.max > spec.replicas.min ? undefined : spec.replicas.min,
      selector: { matchLabels: selectorLabels(ctx, spec.name) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: podLabels(ctx, plan) },
        spec: podSpec(ctx, spec, account, kubernetesImage(ctx, spec), env),
      },
    },
  };
  return new k8s.apps.v1.Deployment(name, transformed(args, name, ctx.args.transform?.deployment), {
    parent: ctx.parent,
  });
}

/** The recommended labels plus the backing layers' client labels, which their NetworkPolicies admit. */
function podLabels(ctx: KubernetesCtx, plan: ServicePlan): Record<string, string> {
  const clientLabels = plan.connections.map((c) => c.kubernetesClientLabels ?? {});
  return Object.assign({}, ...clientLabels, ctx.naming.labels("compute", plan.spec.name));
}

/** CPU units as Kubernetes millicores: 1024 units = 1 vCPU = 1000m. */
export function millicores(cpuUnits: number): string {
  return `${Math.round((cpuUnits * 1000) / 1024)}m`;
}

function podSpec(
  ctx: KubernetesCtx,
  spec: ServiceSpec,
  account: k8s.core.v1.ServiceAccount,
  image: pulumi.Input<string>,
  env: EnvVar[],
): k8s.types.input.core.v1.PodSpec {
  const probe = { httpGet: { path: spec.healthCheckPath, port: "http" }, timeoutSeconds: 5 };
  const selector = { matchLabels: selectorLabels(ctx, spec.name) };
  return {
    serviceAccountName: account.metadata.name,
    automountServiceAccountToken: spec.kubernetes.automountServiceAccountToken,
    imagePullSecrets: ctx.args.imagePullSecret ? [{ name: ctx.args.imagePullSecret }] : undefined,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: spec.kubernetes.runAsUser,
      runAsGroup: spec.kubernetes.runAsUser,
      fsGroup: spec.kubernetes.runAsUser,
      seccompProfile: { type: "RuntimeDefault" },
    },
    // Spread over zones and nodes, preferred rather than required so a small cluster still schedules.
    topologySpreadConstraints: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map(
      (topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: selector,
      }),
    ),
    containers: [
      {
        name: spec.name,
        image,
        imagePullPolicy: "IfNotPresent",
        command: spec.command,
        args: spec.args,
        ports: [{ name: "http", containerPort: spec.port, protocol: "TCP" }],
        env,
        // Requests and limits equal: the pod gets what Fargate would give the task (kube-linter unset-*-requirements).
        resources: {
          requests: { cpu: millicores(spec.cpu), memory: `${spec.memory}Mi` },
          limits: { cpu: millicores(spec.cpu), memory: `${spec.memory}Mi` },
        },
        livenessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 10 },
        readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
        // Pod Security Standards "restricted" (kube-linter privilege-escalation-container, no-read-only-root-fs).
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: spec.readOnlyRootFilesystem,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ],
    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
  };
}

function plainEnv(plan: ServicePlan): EnvVar[] {
  // Services reach each other by name in the namespace: http://<name>:<port>.
  return plainEnvironment(plan, (callee) => `http://${callee.name}:${callee.port}`).map(([name, value]) => ({
    name,
    value,
  }));
}

function secretEnv(plan: ServicePlan, stackSecretName: string | undefined): EnvVar[] {
  const own = stackSecrets(plan).map(([variable]) => ({
    name: variable,
    valueFrom: { secretKeyRef: { name: stackSecretName!, key: variable } },
  }));
  const connected = connectionSecrets(plan).flatMap(([variable, reference]) =>
    reference.kubernetes
      ? [
          {
            name: variable,
            valueFrom: {
              secretKeyRef: { name: reference.kubernetes.secretName, key: reference.kubernetes.key },
            },
          },
        ]
      : [],
  );
  return [...own, ...connected];
}

/** The stack secrets a service reads, in one Secret of its own, keyed by variable name. */
function createStackSecret(
  ctx: KubernetesCtx,
  plan: ServicePlan,
  values: Readonly<Record<string, pulumi.Output<string>>>,
): string | undefined {
  const entries = stackSecrets(plan);
  if (entries.length === 0) return undefined;
  const name = `${plan.spec.name}-secrets`;
  new k8s.core.v1.Secret(
    `${ctx.name}-${plan.spec.name}-secrets`,
    {
      metadata: metadataOf(ctx, plan.spec.name, name),
      type: "Opaque",
      stringData: pulumi.secret(
        pulumi.all(Object.fromEntries(entries.map(([variable, secret]) => [variable, values[secret]]))),
      ),
    },
    { parent: ctx.parent },
  );
  return name;
}
