import { strict as assert } from "node:assert";
import { autoscalerOf, cpuOf, gibOf, requestedByLayer } from "../../tools/cost/kubernetes";
import { GraphIndex } from "../../tools/harness/graph-index";
import type { Graph, GraphResource } from "../../tools/harness/graph";
import { graphResource } from "../support/graph-resource";

const GI = 2 ** 30;

const k8s = (type: string, name: string, inputs: Record<string, unknown>, parent: string | null = null) =>
  graphResource(type, name, inputs, { parent });

const layer = (name: string) => graphResource(`strata:${name}:Thing`, name, {}, { custom: false });
const indexOf = (resources: GraphResource[]) =>
  new GraphIndex({ stack: "t", target: "kubernetes", resources, outputs: {} } satisfies Graph);
const requested = (resources: GraphResource[]) => requestedByLayer(indexOf(resources));

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const CNPG = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

const pod = (...requests: Record<string, unknown>[]) => ({
  template: { spec: { containers: requests.map((r) => ({ resources: { requests: r } })) } },
});

describe("cost: Kubernetes quantities, exactly as the API writes them", () => {
  it("reads CPU as whole or decimal cores, or millicores, and nothing else", () => {
    assert.equal(cpuOf("2"), 2);
    assert.equal(cpuOf("0.25"), 0.25);
    assert.equal(cpuOf("1.5"), 1.5);
    assert.equal(cpuOf("250m"), 0.25);
    assert.equal(cpuOf("1500m"), 1.5);
    // A number is taken as cores, untouched, even one whose text would not parse.
    assert.equal(cpuOf(1e-7), 1e-7);
    assert.equal(cpuOf(0.5), 0.5);
    for (const bad of ["x5", "5x", "5mm", "m", "1.", ".5", "", undefined, null, "1.5.2"])
      assert.equal(cpuOf(bad), 0, String(bad));
  });

  it("reads every byte unit of the table, binary and decimal, in GiB", () => {
    const cases: [string, number][] = [
      ["1073741824", 1],
      ["1048576Ki", 1],
      ["512Mi", 0.5],
      ["10Gi", 10],
      ["1Ti", 1024],
      ["1000000k", 1e9 / GI],
      ["1000M", 1e9 / GI],
      ["1.5G", 1.5e9 / GI],
      ["2T", 2e12 / GI],
      ["2.25Gi", 2.25],
    ];
    for (const [text, gib] of cases) assert.equal(gibOf(text), gib, text);
    assert.equal(gibOf(GI), 1, "a plain number is bytes");
    for (const bad of ["x1Gi", "1Gix", "1Gi ", "1gi", "Gi", "1.Gi", "", undefined, null, "1.5.2Gi"])
      assert.equal(gibOf(bad), 0, String(bad));
  });
});

describe("cost: what a layer's pods request of the cluster", () => {
  it("multiplies a Deployment's summed container requests by its replicas", () => {
    const app = layer("compute");
    const web = k8s(
      DEPLOYMENT,
      "web",
      { spec: { replicas: 3, ...pod({ cpu: "250m", memory: "256Mi" }, { cpu: "500m", memory: "768Mi" }) } },
      app.urn,
    );
    assert.deepEqual(requested([app, web]), { compute: { vCpu: 2.25, memoryGb: 3, storageGb: 0 } });
  });

  it("takes a workload without replicas from the minimum of the autoscaler that targets it by name", () => {
    const app = layer("compute");
    const namespace = k8s("kubernetes:core/v1:Namespace", "ns", {});
    const lookalike = k8s("kubernetes:apps/v1:Thing", "look", {
      spec: { scaleTargetRef: { name: "web" }, minReplicas: 7 },
    });
    const noSpec = k8s(HPA, "hpa-empty", {});
    const noTarget = k8s(HPA, "hpa-no-target", { spec: { minReplicas: 9 } });
    const other = k8s(HPA, "hpa-other", { spec: { scaleTargetRef: { name: "worker" }, minReplicas: 5 } });
    const mine = k8s(HPA, "hpa-web", {
      spec: { scaleTargetRef: { name: "web" }, minReplicas: 2, maxReplicas: 6 },
    });
    const web = k8s(
      DEPLOYMENT,
      "web",
      { metadata: { name: "web" }, spec: pod({ cpu: "1", memory: "1Gi" }) },
      app.urn,
    );
    const graph = [namespace, lookalike, noSpec, noTarget, other, mine, app, web];
    assert.deepEqual(autoscalerOf(web, indexOf(graph)), {
      scaleTargetRef: { name: "web" },
      minReplicas: 2,
      maxReplicas: 6,
    });
    assert.deepEqual(requested(graph), { compute: { vCpu: 2, memoryGb: 2, storageGb: 0 } });
  });

  it("runs one replica when neither the workload nor an autoscaler says how many", () => {
    const app = layer("compute");
    const bare = k8s(DEPLOYMENT, "bare", { spec: pod({ cpu: "1" }) }, app.urn);
    const hpa = k8s(HPA, "hpa", { spec: { scaleTargetRef: { name: "auto" }, maxReplicas: 4 } });
    const auto = k8s(DEPLOYMENT, "auto", { metadata: { name: "auto" }, spec: pod({ cpu: "2" }) }, app.urn);
    assert.equal(autoscalerOf(bare, indexOf([bare])), undefined);
    assert.deepEqual(requested([app, bare, hpa, auto]), { compute: { vCpu: 3, memoryGb: 0, storageGb: 0 } });
  });

  it("counts nothing for containers, pods or workloads that request nothing", () => {
    const app = layer("compute");
    const resources = [
      app,
      k8s(DEPLOYMENT, "no-spec", {}, app.urn),
      k8s(DEPLOYMENT, "no-template", { spec: { replicas: 2 } }, app.urn),
      k8s(DEPLOYMENT, "no-pod-spec", { spec: { replicas: 2, template: {} } }, app.urn),
      k8s(
        DEPLOYMENT,
        "no-resources",
        { spec: { replicas: 2, template: { spec: { containers: [{}] } } } },
        app.urn,
      ),
      k8s(
        DEPLOYMENT,
        "no-requests",
        { spec: { replicas: 2, template: { spec: { containers: [{ resources: {} }] } } } },
        app.urn,
      ),
    ];
    assert.deepEqual(requested(resources), { compute: { vCpu: 0, memoryGb: 0, storageGb: 0 } });
  });

  it("gives a StatefulSet's replicas each a volume per claim template", () => {
    const data = layer("cache");
    const set = k8s(
      STATEFUL_SET,
      "cache",
      {
        spec: {
          replicas: 3,
          ...pod({ cpu: "100m", memory: "128Mi" }),
          volumeClaimTemplates: [
            { spec: { resources: { requests: { storage: "10Gi" } } } },
            { spec: { resources: { requests: { storage: "5Gi" } } } },
            {},
            { spec: {} },
            { spec: { resources: {} } },
          ],
        },
      },
      data.urn,
    );
    const r = requested([data, set]).cache;
    assert.ok(Math.abs(r.vCpu - 0.3) < 1e-12, String(r.vCpu));
    assert.deepEqual({ memoryGb: r.memoryGb, storageGb: r.storageGb }, { memoryGb: 0.375, storageGb: 45 });
  });

  it("gives each CloudNativePG instance its requests, its data volume and its WAL volume", () => {
    const db = layer("database");
    const cluster = k8s(
      CNPG,
      "pg",
      {
        spec: {
          instances: 3,
          resources: { requests: { cpu: "500m", memory: "2Gi" } },
          storage: { size: "10Gi" },
          walStorage: { size: "5Gi" },
        },
      },
      db.urn,
    );
    assert.deepEqual(requested([db, cluster]), { database: { vCpu: 1.5, memoryGb: 6, storageGb: 45 } });
  });

  it("runs one CloudNativePG instance by default and counts only the parts a cluster sets", () => {
    const db = layer("database");
    const resources = [
      db,
      k8s(CNPG, "no-spec", {}, db.urn),
      k8s(CNPG, "storage-only", { spec: { storage: { size: "8Gi" } } }, db.urn),
      k8s(CNPG, "wal-only", { spec: { walStorage: { size: "2Gi" } } }, db.urn),
      k8s(CNPG, "no-requests", { spec: { instances: 2, resources: {} } }, db.urn),
      k8s(CNPG, "cpu-only", { spec: { resources: { requests: { cpu: "2" } } } }, db.urn),
      k8s(CNPG, "memory-only", { spec: { resources: { requests: { memory: "1Gi" } } } }, db.urn),
    ];
    assert.deepEqual(requested(resources), { database: { vCpu: 2, memoryGb: 1, storageGb: 10 } });
  });

  it("counts a PersistentVolumeClaim's storage, and nothing for Jobs, CronJobs or other objects", () => {
    const obs = layer("observability");
    const resources = [
      obs,
      k8s(PVC, "claim", { spec: { resources: { requests: { storage: "20Gi" } } } }, obs.urn),
      k8s(PVC, "no-spec", {}, obs.urn),
      k8s(PVC, "no-resources", { spec: {} }, obs.urn),
      k8s(PVC, "no-requests", { spec: { resources: {} } }, obs.urn),
      k8s("kubernetes:batch/v1:Job", "job", { spec: pod({ cpu: "4" }) }, obs.urn),
      k8s("kubernetes:batch/v1:CronJob", "cron", { spec: pod({ cpu: "4" }) }, obs.urn),
      k8s("kubernetes:core/v1:ConfigMap", "config", {}, obs.urn),
    ];
    assert.deepEqual(requested(resources), { observability: { vCpu: 0, memoryGb: 0, storageGb: 20 } });
    assert.deepEqual(requested([obs, resources[6]]), {}, "a layer with only a Job has no entry");
  });

  it("sums each layer apart, and puts resources outside any layer under platform", () => {
    const compute = layer("compute");
    const cache = layer("cache");
    const resources = [
      compute,
      cache,
      k8s(DEPLOYMENT, "a", { spec: { replicas: 1, ...pod({ cpu: "1", memory: "1Gi" }) } }, compute.urn),
      k8s(DEPLOYMENT, "b", { spec: { replicas: 2, ...pod({ cpu: "1", memory: "1Gi" }) } }, compute.urn),
      k8s(PVC, "c1", { spec: { resources: { requests: { storage: "1Gi" } } } }, cache.urn),
      k8s(PVC, "c2", { spec: { resources: { requests: { storage: "2Gi" } } } }, cache.urn),
      k8s(PVC, "loose", { spec: { resources: { requests: { storage: "4Gi" } } } }),
    ];
    assert.deepEqual(requested(resources), {
      compute: { vCpu: 3, memoryGb: 3, storageGb: 0 },
      cache: { vCpu: 0, memoryGb: 0, storageGb: 3 },
      platform: { vCpu: 0, memoryGb: 0, storageGb: 4 },
    });
  });
});
