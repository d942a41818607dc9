import { strict as assert } from "node:assert";
import { configErrorOf, runStack, type Graph } from "./support/harness";
import { isKubernetesObject } from "../tools/harness/kube-schema";
import { isDigestPinned } from "../stacks/kubernetes-checks";
import { ENGINES } from "../components/database/engines";
import { CACHE_ENGINE_PROFILES } from "../components/cache/engines";
import { PROXY_IMAGE } from "../components/cache/kubernetes-proxy";
import { OBJECT_STORAGE_CLIENT_IMAGE } from "../components/database/kubernetes-backup";
import { PRESETS } from "../stacks/presets";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WORKLOADS = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:batch/v1:CronJob",
  "kubernetes:batch/v1:Job",
  "kubernetes:core/v1:Pod",
];

/** prod without the operator (the engine's StatefulSet and its dump CronJob), as data-kubernetes.test.ts runs it. */
const STATEFULSET_PROD = {
  database: {
    kubernetes: { operator: "none", backup: { storage: "volume", acceptOnClusterBackups: true } },
  },
};

/** Every container of a workload's pod template: containers and init containers. */
function containersOf(resource: { type: string; inputs: Obj }): Obj[] {
  const spec = resource.inputs.spec ?? {};
  const pod =
    resource.type === "kubernetes:batch/v1:CronJob"
      ? spec.jobTemplate?.spec?.template?.spec
      : resource.type === "kubernetes:core/v1:Pod"
        ? spec
        : spec.template?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])];
}

/** Every string under an `image` or `imageName` key anywhere in the inputs (CRDs such as the CNPG Cluster too). */
function imageFields(value: unknown, path = ""): { path: string; image: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => imageFields(item, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    (key === "image" || key === "imageName") && typeof child === "string"
      ? [{ path: `${path}.${key}`, image: child }]
      : imageFields(child, `${path}.${key}`),
  );
}

function unpinned(graph: Graph): string[] {
  return graph.resources
    .filter(isKubernetesObject)
    .flatMap((r) => imageFields(r.inputs).map((f) => ({ ...f, name: r.name })))
    .filter((f) => !isDigestPinned(f.image))
    .map((f) => `${f.name}${f.path}: ${f.image}`);
}

describe("kubernetes data images by digest (Checkov CKV_K8S_43)", () => {
  it("pins every default data image of the code by digest", () => {
    const defaults = [
      ENGINES.postgres.image,
      ENGINES.mysql.image,
      CACHE_ENGINE_PROFILES.valkey.image,
      CACHE_ENGINE_PROFILES.redis.image,
      PROXY_IMAGE,
      OBJECT_STORAGE_CLIENT_IMAGE,
      PRESETS.prod.database!.kubernetes!.cloudnativePg!.image!,
    ];
    assert.deepEqual(
      defaults.filter((image) => !isDigestPinned(image)),
      [],
    );
    // The tag stays beside the digest, for people.
    for (const image of defaults) assert.match(image, /:[^/@]+@sha256:/);
  });

  it("refuses a tagged data image in prod, one problem per setting, before any resource", async () => {
    const { error, graph } = await configErrorOf("prod", {
      target: "kubernetes",
      override: {
        database: { kubernetes: { cloudnativePg: { image: "ghcr.io/cloudnative-pg/postgresql:16.4" } } },
        cache: { kubernetes: { image: "valkey/valkey:8.0" } },
      },
    });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.found]),
      [
        ["database.kubernetes.cloudnativePg.image", '"ghcr.io/cloudnative-pg/postgresql:16.4"'],
        ["cache.kubernetes.image", '"valkey/valkey:8.0"'],
      ],
    );
    assert.match(
      error.problems[0].expected,
      /^an image pinned by digest for the CloudNativePG operand .*ghcr\.io\/cloudnative-pg\/postgresql:16\.4@sha256:<64 hex digits>.*while compute\.kubernetes\.allowTaggedImages is false$/,
    );
    assert.match(
      error.problems[1].expected,
      /for the cache and its Sentinels, such as valkey\/valkey:8\.0@sha256:/,
    );
    assert.match(error.message, /cache\.kubernetes\.image: expected an image pinned by digest/);
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
  });

  it("refuses a tagged server image without the operator (it is also the dump CronJob's)", async () => {
    const { error, graph } = await configErrorOf("prod", {
      target: "kubernetes",
      override: {
        ...STATEFULSET_PROD,
        database: {
          ...STATEFULSET_PROD.database,
          kubernetes: { ...STATEFULSET_PROD.database.kubernetes, image: "postgres:16.4" },
        },
      },
    });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.found]),
      [["database.kubernetes.image", '"postgres:16.4"']],
    );
    assert.match(
      error.problems[0].expected,
      /the database server and its dump CronJob, such as postgres:16\.4@sha256:/,
    );
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
  });

  it("accepts tags in dev, and does not ask aws", async () => {
    const dev = await runStack("dev", {
      target: "kubernetes",
      override: {
        database: { kubernetes: { image: "postgres:16.4" } },
        cache: { kubernetes: { image: "valkey/valkey:8.0" } },
      },
    });
    assert.deepEqual(
      unpinned(dev)
        .filter((line) => line.startsWith("database") || line.startsWith("cache"))
        .sort(),
      [
        "cache-statefulset.spec.template.spec.containers[0].image: valkey/valkey:8.0",
        "database-backup.spec.jobTemplate.spec.template.spec.containers[0].image: postgres:16.4",
        "database-statefulset.spec.template.spec.containers[0].image: postgres:16.4",
      ],
    );
    await runStack("prod", {
      target: "aws",
      override: { cache: { kubernetes: { image: "valkey/valkey:8.0" } } },
    });
  });

  for (const [label, override] of [
    ["prod as shipped (CloudNativePG)", undefined],
    ["prod without the operator (StatefulSet and dump CronJob)", STATEFULSET_PROD],
  ] as const) {
    it(`pins every image of the ${label} kubernetes plan by digest`, async () => {
      const graph = await runStack("prod", { target: "kubernetes", override });
      const workloads = graph.resources.filter((r) => WORKLOADS.includes(r.type));
      assert.ok(workloads.length >= 4, "the services, the site, the cache and its proxy at least");
      for (const workload of workloads) {
        const containers = containersOf(workload as { type: string; inputs: Obj });
        assert.ok(containers.length > 0, `${workload.name} has containers`);
        for (const container of containers) {
          assert.ok(
            isDigestPinned(container.image),
            `${workload.type} ${workload.name} container ${container.name}: ${container.image}`,
          );
        }
      }
      // The same over every field named image anywhere (the CloudNativePG Cluster's imageName too).
      assert.deepEqual(unpinned(graph), []);
      const kinds = new Set(workloads.map((w) => w.type));
      assert.ok(kinds.has("kubernetes:apps/v1:Deployment") && kinds.has("kubernetes:apps/v1:StatefulSet"));
      if (override) assert.ok(kinds.has("kubernetes:batch/v1:CronJob"), "the dump CronJob is in the plan");
    });
  }
});
