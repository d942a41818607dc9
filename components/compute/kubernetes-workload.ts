import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { transformed } from "../transform";
import type { ServiceSpec } from "../../stacks/schema/compute";
import { connectionSecrets, plainEnvironment, stackSecrets, type ServicePlan } from "./plan";
import { metadataOf, selectorLabels, type KubernetesCtx } from "./kubernetes-context";
import { kubernetesImage } from "./kubernetes-image";

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** Where `secretsAsFiles` puts each secret, as a file named after its variable. */
export const SECRETS_DIR = "/var/run/secrets/strata";

/** A secret a service reads: its variable, and the Secret and key it comes from. */
interface SecretSource {
  readonly variable: string;
  readonly secretName: pulumi.Input<string>;
  readonly key: string;
}

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
  const secrets = secretSources(plan, secretName);
  const asFiles = spec.kubernetes.secretsAsFiles && secrets.length > 0;
  const env = [...plainEnv(plan), ...(asFiles ? secretFileEnv(secrets) : secretEnv(secrets))].sort((a, b) =>
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
        spec: podSpec(ctx, spec, account, kubernetesImage(ctx, spec), env, asFiles ? secrets : []),
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
  secretFiles: readonly SecretSource[],
): k8s.types.input.core.v1.PodSpec {
  const readiness = { httpGet: { path: spec.healthCheckPath, port: "http" }, timeoutSeconds: 5 };
  // Liveness differs from readiness (kube-score pod-probes-identical): a dependency that fails the health
  // path makes the pod unready, and only a dead process (or the service's own livenessPath) restarts it.
  const liveness = spec.kubernetes.livenessPath
    ? { httpGet: { path: spec.kubernetes.livenessPath, port: "http" }, timeoutSeconds: 5 }
    : { tcpSocket: { port: "http" }, timeoutSeconds: 5 };
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
        // CPU and memory requests and limits equal: the pod gets what Fargate would give the task (kube-linter
        // unset-*-requirements). Ephemeral storage bounds /tmp and the logs, as Fargate's 20 GiB does.
        resources: {
          requests: { cpu: millicores(spec.cpu), memory: `${spec.memory}Mi`, "ephemeral-storage": TMP_SIZE },
          limits: {
            cpu: millicores(spec.cpu),
            memory: `${spec.memory}Mi`,
            "ephemeral-storage": EPHEMERAL_LIMIT,
          },
        },
        livenessProbe: { ...liveness, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 10 },
        readinessProbe: { ...readiness, periodSeconds: 5, failureThreshold: 3 },
        // Pod Security Standards "restricted" (kube-linter privilege-escalation-container, no-read-only-root-fs).
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: spec.readOnlyRootFilesystem,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        volumeMounts: [
          { name: "tmp", mountPath: "/tmp" },
          ...(secretFiles.length > 0 ? [{ name: "secrets", mountPath: SECRETS_DIR, readOnly: true }] : []),
        ],
      },
    ],
    volumes: [
      { name: "tmp", emptyDir: { sizeLimit: TMP_SIZE } },
      ...(secretFiles.length > 0 ? [secretsVolume(secretFiles)] : []),
    ],
  };
}

/** The writable /tmp, and the pod's whole ephemeral storage: /tmp plus room for the container's logs. */
const TMP_SIZE = "256Mi";
const EPHEMERAL_LIMIT = "512Mi";

/** Every secret the service reads as a file named after its variable, readable by the pod's group only. */
function secretsVolume(secrets: readonly SecretSource[]): k8s.types.input.core.v1.Volume {
  return {
    name: "secrets",
    projected: {
      defaultMode: 0o440,
      sources: secrets.map((secret) => ({
        secret: { name: secret.secretName, items: [{ key: secret.key, path: secret.variable }] },
      })),
    },
  };
}

function plainEnv(plan: ServicePlan): EnvVar[] {
  // Services reach each other by name in the namespace: http://<name>:<port>.
  return plainEnvironment(plan, (callee) => `http://${callee.name}:${callee.port}`).map(([name, value]) => ({
    name,
    value,
  }));
}

/** The stack's own secrets (in the service's Secret) and the backing layers' ones, by variable. */
function secretSources(plan: ServicePlan, stackSecretName: string | undefined): SecretSource[] {
  const own = stackSecrets(plan).map(([variable]) => ({
    variable,
    secretName: stackSecretName!,
    key: variable,
  }));
  const connected = connectionSecrets(plan).flatMap(([variable, reference]) =>
    reference.kubernetes ? [{ variable, ...reference.kubernetes }] : [],
  );
  return [...own, ...connected];
}

function secretEnv(secrets: readonly SecretSource[]): EnvVar[] {
  return secrets.map((secret) => ({
    name: secret.variable,
    valueFrom: { secretKeyRef: { name: secret.secretName, key: secret.key } },
  }));
}

/** The `_FILE` convention (postgres, mysql and many other images): the variable holds the file's path. */
function secretFileEnv(secrets: readonly SecretSource[]): EnvVar[] {
  return secrets.map((secret) => ({
    name: `${secret.variable}_FILE`,
    value: `${SECRETS_DIR}/${secret.variable}`,
  }));
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
