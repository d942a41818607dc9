import { strict as assert } from "node:assert";
import { findResource, runStack, type Graph } from "./support/harness";
import { checkKubernetesSchema, isKubernetesObject } from "../tools/harness/kube-schema";

/** Resources of a type that the compute layer made (other layers make security group rules, secrets...). */
const ours = (graph: Graph, type: string) =>
  graph.resources.filter((r) => r.type === type && r.name.startsWith("compute-"));

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";

type Pod = {
  metadata: { labels: Record<string, string> };
  spec: {
    automountServiceAccountToken: boolean;
    securityContext: unknown;
    topologySpreadConstraints: { topologyKey: string; whenUnsatisfiable: string }[];
    containers: Record<string, unknown>[];
  };
};

function deployment(graph: Graph, name: string) {
  return findResource(graph, DEPLOYMENT, `compute-${name}`).inputs as {
    spec: { replicas?: number; strategy: unknown; selector: unknown; template: Pod };
  };
}

const selector = (name: string) => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/instance": "strata-dev",
});

/**
 * What the data layer hands the services that use it (Pulumi.<stack>.yaml: api uses both, worker the
 * database), sorted by name: on kubernetes the application user signs in with its password.
 */
const DATABASE_ENV = [
  { name: "DATABASE_AUTH", value: "password" },
  { name: "DATABASE_ENGINE", value: "postgres" },
  { name: "DATABASE_HOST", value: "database" },
  { name: "DATABASE_NAME", value: "app" },
  { name: "DATABASE_PORT", value: "5432" },
  { name: "DATABASE_USER", value: "strata" },
];
const DATABASE_PASSWORD = {
  name: "DATABASE_PASSWORD",
  valueFrom: { secretKeyRef: { name: "database-credentials", key: "password" } },
};
/** Pulumi.prod.yaml runs PostgreSQL on CloudNativePG: its read-write Service and application Secret. */
const PROD_DATABASE_ENV = DATABASE_ENV.map((e) =>
  e.name === "DATABASE_HOST" ? { ...e, value: "database-rw" } : e,
);
const PROD_DATABASE_PASSWORD = {
  name: "DATABASE_PASSWORD",
  valueFrom: { secretKeyRef: { name: "database-app", key: "password" } },
};
const CACHE_ENV = [
  { name: "CACHE_ENGINE", value: "valkey" },
  { name: "CACHE_HOST", value: "cache" },
  { name: "CACHE_PORT", value: "6379" },
  { name: "CACHE_TLS", value: "false" },
];

describe("compute on kubernetes: the example api and worker", () => {
  let dev: Graph;
  let prod: Graph;
  before(async () => {
    dev = await runStack("dev", { target: "kubernetes" });
    prod = await runStack("prod", { target: "kubernetes" });
  });

  it("validates every Kubernetes object against the OpenAPI schema", () => {
    for (const graph of [dev, prod]) {
      const objects = graph.resources.filter(isKubernetesObject);
      assert.ok(objects.length >= 12);
      for (const object of objects) {
        const check = checkKubernetesSchema(object);
        assert.ok(check.known, `${object.type} has a schema`);
        assert.deepEqual(check.errors, [], `${object.type} ${object.name}`);
      }
    }
  });

  it("creates per service exactly its ServiceAccount, Deployment, Service, policies, scaling and route", () => {
    const names = (graph: Graph) =>
      graph.resources
        .filter((r) => r.custom && r.name.startsWith("compute-"))
        .map((r) => `${r.type.split(":").pop()} ${r.name}`);
    assert.deepEqual(names(dev), [
      "ServiceAccount compute-api",
      "Deployment compute-api",
      "Service compute-api",
      "Ingress compute-api",
      "NetworkPolicy compute-api-from-ingress",
      "NetworkPolicy compute-api-egress",
      "HorizontalPodAutoscaler compute-api",
      "ServiceAccount compute-worker",
      "Deployment compute-worker",
      "Service compute-worker",
      "NetworkPolicy compute-worker-from-callers",
      "NetworkPolicy compute-worker-egress",
    ]);
    assert.deepEqual(
      ours(prod, PDB).map((p) => [p.name, p.inputs.spec]),
      ["api", "worker"].map((name) => [
        `compute-${name}`,
        {
          maxUnavailable: 1,
          selector: { matchLabels: { ...selector(name), "app.kubernetes.io/instance": "strata-prod" } },
        },
      ]),
    );
  });

  it("runs pods as non-root with a read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp", () => {
    for (const graph of [dev, prod]) {
      for (const name of ["api", "worker"]) {
        const pod = deployment(graph, name).spec.template;
        assert.equal(pod.spec.automountServiceAccountToken, false);
        assert.deepEqual(pod.spec.securityContext, {
          runAsNonRoot: true,
          runAsUser: 10001,
          runAsGroup: 10001,
          fsGroup: 10001,
          seccompProfile: { type: "RuntimeDefault" },
        });
        const [container] = pod.spec.containers;
        assert.equal(pod.spec.containers.length, 1);
        assert.deepEqual(container.securityContext, {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(container.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
        const account = findResource(graph, "kubernetes:core/v1:ServiceAccount", `compute-${name}`);
        assert.equal(account.inputs.automountServiceAccountToken, false);
      }
    }
  });

  it("probes the health path for readiness and the port for liveness, with requests and limits as on Fargate", () => {
    const [api] = deployment(prod, "api").spec.template.spec.containers;
    // kube-score pod-probes-identical: a failing dependency makes the pod unready, not restarted.
    assert.deepEqual(api.livenessProbe, {
      tcpSocket: { port: "http" },
      timeoutSeconds: 5,
      periodSeconds: 10,
      failureThreshold: 3,
      initialDelaySeconds: 10,
    });
    assert.deepEqual(api.readinessProbe, {
      httpGet: { path: "/healthz", port: "http" },
      timeoutSeconds: 5,
      periodSeconds: 5,
      failureThreshold: 3,
    });
    assert.deepEqual(api.resources, {
      requests: { cpu: "500m", memory: "1024Mi", "ephemeral-storage": "256Mi" },
      limits: { cpu: "500m", memory: "1024Mi", "ephemeral-storage": "512Mi" },
    });
    // Pinned by digest in prod (compute.kubernetes.allowTaggedImages is false there).
    assert.equal(
      api.image,
      "ghcr.io/example-coop/api:1.4.2@sha256:ab5fc251dc9082af562df503f9c51b4be8c407373f4bd1f12c903c682a598ac6",
    );
    // The layers' settings and the callee's URL as values, their credentials by reference, sorted by name.
    assert.deepEqual(api.env, [
      {
        name: "CACHE_AUTH_TOKEN",
        valueFrom: { secretKeyRef: { name: "cache-credentials", key: "password" } },
      },
      ...CACHE_ENV,
      ...PROD_DATABASE_ENV.slice(0, 4),
      PROD_DATABASE_PASSWORD,
      ...PROD_DATABASE_ENV.slice(4),
      { name: "LOG_LEVEL", value: "info" },
      { name: "WORKER_URL", value: "http://worker:9000" },
    ]);
    const [worker] = deployment(dev, "worker").spec.template.spec.containers;
    assert.deepEqual((worker.resources as { requests: unknown }).requests, {
      cpu: "250m",
      memory: "512Mi",
      "ephemeral-storage": "256Mi",
    });
    assert.deepEqual(worker.env, [
      ...DATABASE_ENV.slice(0, 4),
      DATABASE_PASSWORD,
      ...DATABASE_ENV.slice(4),
      { name: "LOG_LEVEL", value: "debug" },
    ]);
  });

  it("labels each service's pods as a client of exactly the layers it uses, which their policies admit", () => {
    for (const [graph, instance] of [
      [dev, "strata-dev"],
      [prod, "strata-prod"],
    ] as const) {
      const labels = (name: string) => deployment(graph, name).spec.template.metadata.labels;
      const recommended = (name: string) => ({
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": instance,
        "app.kubernetes.io/component": "compute",
        "app.kubernetes.io/part-of": "strata",
        "app.kubernetes.io/managed-by": "pulumi",
      });
      assert.deepEqual(labels("api"), {
        "strata.dev/uses-database": "true",
        "strata.dev/uses-cache": "true",
        ...recommended("api"),
      });
      assert.deepEqual(labels("worker"), { "strata.dev/uses-database": "true", ...recommended("worker") });
    }
  });

  it("spreads pods over zones and nodes and rolls updates one surge pod at a time", () => {
    const spec = deployment(dev, "api").spec;
    assert.deepEqual(
      spec.template.spec.topologySpreadConstraints.map((c) => [c.topologyKey, c.whenUnsatisfiable]),
      [
        ["topology.kubernetes.io/zone", "ScheduleAnyway"],
        ["kubernetes.io/hostname", "ScheduleAnyway"],
      ],
    );
    assert.deepEqual(spec.strategy, {
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    assert.deepEqual(spec.selector, { matchLabels: selector("api") });
  });

  it("autoscales between min and max with no fixed replicas, and fixes the count when min = max", () => {
    assert.equal(deployment(dev, "api").spec.replicas, undefined);
    assert.equal(deployment(dev, "worker").spec.replicas, 1);
    const bounds = (graph: Graph) =>
      ours(graph, HPA).map((h) => {
        const spec = h.inputs.spec as {
          minReplicas: number;
          maxReplicas: number;
          metrics: unknown;
          scaleTargetRef: unknown;
        };
        return [h.name, spec.minReplicas, spec.maxReplicas, spec.scaleTargetRef, spec.metrics];
      });
    const cpu = (percent: number) => [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: percent } },
      },
    ];
    assert.deepEqual(bounds(dev), [
      ["compute-api", 1, 3, { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, cpu(70)],
    ]);
    assert.deepEqual(bounds(prod), [
      ["compute-api", 2, 10, { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, cpu(60)],
      ["compute-worker", 2, 4, { apiVersion: "apps/v1", kind: "Deployment", name: "worker" }, cpu(70)],
    ]);
    assert.equal(deployment(prod, "api").spec.replicas, undefined);
  });

  it("admits only the ingress controller to the api and only the api to the worker", () => {
    const policies = ours(dev, POLICY)
      .filter((p) => p.name.endsWith("-from-ingress") || p.name.endsWith("-from-callers"))
      .map((p) => [p.name, p.inputs.spec]);
    assert.deepEqual(policies, [
      [
        "compute-api-from-ingress",
        {
          podSelector: { matchLabels: selector("api") },
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
              ],
              ports: [{ protocol: "TCP", port: 8080 }],
            },
          ],
        },
      ],
      [
        "compute-worker-from-callers",
        {
          podSelector: { matchLabels: selector("worker") },
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ podSelector: { matchLabels: selector("api") } }],
              ports: [{ protocol: "TCP", port: 9000 }],
            },
          ],
        },
      ],
    ]);
  });

  it("routes /api through the stack's ingress class to the api Service, without TLS when none is configured", () => {
    const ingress = findResource(dev, INGRESS, "compute-api");
    assert.deepEqual(ingress.inputs.spec, {
      ingressClassName: "nginx",
      rules: [
        {
          http: {
            paths: [
              {
                path: "/api",
                pathType: "Prefix",
                backend: { service: { name: "api", port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    });
    const service = findResource(dev, "kubernetes:core/v1:Service", "compute-worker");
    assert.deepEqual(service.inputs.spec, {
      type: "ClusterIP",
      selector: selector("worker"),
      ports: [{ name: "http", port: 9000, targetPort: "http", protocol: "TCP" }],
    });
  });

  it("exports the Service names", () => {
    assert.deepEqual(dev.outputs.compute, { services: ["api", "worker"] });
  });
});

describe("compute on kubernetes: a build, TLS from cert-manager and stack secrets", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("prod", {
      target: "kubernetes",
      secretKeys: ["secrets"],
      override: {
        secrets: { API_TOKEN: "Xq9-api-token-plaintext" },
        compute: {
          kubernetes: {
            registry: "ghcr.io/example-coop",
            imagePullSecret: "ghcr",
            tls: { clusterIssuer: "letsencrypt" },
          },
        },
        services: [
          {
            name: "api",
            build: { context: "./services/api", dockerfile: "./services/api/Dockerfile", tag: "2024.11.1" },
            port: 8080,
            route: { host: "app.example.org", path: "/api" },
            secrets: { API_TOKEN: "API_TOKEN" },
            readOnlyRootFilesystem: false,
            kubernetes: { automountServiceAccountToken: true, runAsUser: 1000 },
          },
        ],
      },
    });
  });

  it("validates every object against the schema", () => {
    for (const object of graph.resources.filter(isKubernetesObject)) {
      assert.deepEqual(checkKubernetesSchema(object).errors, [], object.name);
    }
  });

  it("builds and pushes the image to the stack's registry and runs it by digest", () => {
    assert.deepEqual(findResource(graph, "docker:index/image:Image", "compute-api").inputs, {
      imageName: "ghcr.io/example-coop/strata-prod-api:2024.11.1",
      build: {
        context: "./services/api",
        dockerfile: "./services/api/Dockerfile",
        args: {},
        platform: "linux/amd64",
      },
      buildOnPreview: false,
      skipPush: false,
    });
    const pod = deployment(graph, "api").spec.template;
    assert.equal(
      pod.spec.containers[0].image,
      `ghcr.io/example-coop/strata-prod-api@sha256:${"0".repeat(64)}`,
    );
    assert.deepEqual((pod.spec as unknown as { imagePullSecrets: unknown }).imagePullSecrets, [
      { name: "ghcr" },
    ]);
  });

  it("issues the host's certificate through cert-manager", () => {
    const ingress = findResource(graph, INGRESS, "compute-api");
    assert.deepEqual((ingress.inputs.metadata as { annotations: unknown }).annotations, {
      "cert-manager.io/cluster-issuer": "letsencrypt",
    });
    const spec = ingress.inputs.spec as { tls: unknown; rules: { host: string }[] };
    assert.deepEqual(spec.tls, [{ hosts: ["app.example.org"], secretName: "api-tls" }]);
    assert.equal(spec.rules[0].host, "app.example.org");
  });

  it("reads the stack secret from the service's own Secret, whose data stays secret", () => {
    const secret = findResource(graph, "kubernetes:core/v1:Secret", "compute-api-secrets");
    assert.deepEqual(secret.secretInputs, ["stringData"]);
    assert.equal(secret.inputs.stringData, "[secret]");
    assert.ok(!JSON.stringify(graph).includes("Xq9-api-token-plaintext"));
    const [container] = deployment(graph, "api").spec.template.spec.containers;
    assert.deepEqual(container.env, [
      { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "api-secrets", key: "API_TOKEN" } } },
    ]);
  });

  it("applies the per-target overrides: token mounted, user 1000, writable root", () => {
    const pod = deployment(graph, "api").spec.template;
    assert.equal(pod.spec.automountServiceAccountToken, true);
    assert.equal((pod.spec.securityContext as { runAsUser: number }).runAsUser, 1000);
    assert.equal(
      (pod.spec.containers[0].securityContext as { readOnlyRootFilesystem: boolean }).readOnlyRootFilesystem,
      false,
    );
  });
});
