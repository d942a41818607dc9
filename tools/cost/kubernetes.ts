import type { GraphResource } from "../harness/graph";
import type { GraphIndex } from "../harness/graph-index";

/** What a layer's pods request of a cluster, summed. */
export interface Requested {
  vCpu: number;
  memoryGb: number;
  storageGb: number;
}

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const BYTES = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const BYTE_UNITS: Record<string, number> = {
  "": 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** A Kubernetes CPU quantity ("250m", "1", 0.5) in vCPU; 0 when absent. */
export function cpuOf(quantity: unknown): number {
  if (typeof quantity === "number") return quantity;
  // An absent quantity reads "undefined" or "null", which no quantity pattern matches.
  const match = CPU.exec(String(quantity));
  if (!match) return 0;
  return Number(match[1]) / (match[2] === "m" ? 1000 : 1);
}

/** A Kubernetes byte quantity ("512Mi", "10Gi") in GiB; 0 when absent. */
export function gibOf(quantity: unknown): number {
  const match = BYTES.exec(String(quantity));
  if (!match) return 0;
  return (Number(match[1]) * BYTE_UNITS[match[2] ?? ""]) / 2 ** 30;
}

interface PodSpec {
  containers?: { resources?: { requests?: Record<string, unknown> } }[];
}

function podRequests(spec: PodSpec | undefined): { vCpu: number; memoryGb: number } {
  // Stryker disable next-line ArrayDeclaration: an element that is no container requests nothing, as none does
  const containers = spec?.containers ?? [];
  return {
    vCpu: containers.reduce((sum, c) => sum + cpuOf(c.resources?.requests?.cpu), 0),
    memoryGb: containers.reduce((sum, c) => sum + gibOf(c.resources?.requests?.memory), 0),
  };
}

/** The HorizontalPodAutoscaler that scales a workload, with its replica bounds. */
export function autoscalerOf(
  workload: GraphResource,
  index: GraphIndex,
): { minReplicas?: number; maxReplicas?: number } | undefined {
  const name = (workload.inputs.metadata as { name?: string } | undefined)?.name;
  const hpa = index.graph.resources.find((r) => {
    if (r.type !== "kubernetes:autoscaling/v2:HorizontalPodAutoscaler") return false;
    const target = (r.inputs.spec as { scaleTargetRef?: { name?: string } } | undefined)?.scaleTargetRef;
    return target?.name === name;
  });
  return hpa?.inputs.spec as { minReplicas?: number; maxReplicas?: number } | undefined;
}

/** Replicas of a workload: its own, else the minimum of the HorizontalPodAutoscaler that scales it, else 1. */
function replicasOf(workload: GraphResource, index: GraphIndex): number {
  const spec = workload.inputs.spec as { replicas?: number } | undefined;
  if (typeof spec?.replicas === "number") return spec.replicas;
  const min = autoscalerOf(workload, index)?.minReplicas;
  return typeof min === "number" ? min : 1;
}

/** Requests of one resource: long-running workloads and volumes; Jobs and CronJobs run briefly and are left out. */
function requestsOf(resource: GraphResource, index: GraphIndex): Requested | undefined {
  const spec = resource.inputs.spec as
    | {
        template?: { spec?: PodSpec };
        volumeClaimTemplates?: { spec?: { resources?: { requests?: { storage?: unknown } } } }[];
        resources?: { requests?: { storage?: unknown } };
      }
    | undefined;
  switch (resource.type) {
    case "kubernetes:apps/v1:Deployment":
    case "kubernetes:apps/v1:StatefulSet": {
      const replicas = replicasOf(resource, index);
      const pod = podRequests(spec?.template?.spec);
      // Stryker disable next-line ArrayDeclaration: an element that is no claim template adds no storage, as none does
      const claims = (spec?.volumeClaimTemplates ?? []).reduce(
        (sum, claim) => sum + gibOf(claim.spec?.resources?.requests?.storage),
        0,
      );
      return { vCpu: pod.vCpu * replicas, memoryGb: pod.memoryGb * replicas, storageGb: claims * replicas };
    }
    case "kubernetes:postgresql.cnpg.io/v1:Cluster": {
      // CloudNativePG runs `instances` pods, each with these requests and its own data (and WAL) volume.
      const cluster = resource.inputs.spec as
        | {
            instances?: number;
            resources?: { requests?: { cpu?: unknown; memory?: unknown } };
            storage?: { size?: unknown };
            walStorage?: { size?: unknown };
          }
        | undefined;
      const instances = cluster?.instances ?? 1;
      const requests = cluster?.resources?.requests;
      const volumes = gibOf(cluster?.storage?.size) + gibOf(cluster?.walStorage?.size);
      return {
        vCpu: cpuOf(requests?.cpu) * instances,
        memoryGb: gibOf(requests?.memory) * instances,
        storageGb: volumes * instances,
      };
    }
    case "kubernetes:core/v1:PersistentVolumeClaim":
      return { vCpu: 0, memoryGb: 0, storageGb: gibOf(spec?.resources?.requests?.storage) };
  }
  return undefined;
}

/** Requested CPU, memory and storage summed per layer. */
export function requestedByLayer(index: GraphIndex): Record<string, Requested> {
  const layers: Record<string, Requested> = {};
  for (const resource of index.graph.resources) {
    const requested = requestsOf(resource, index);
    if (!requested) continue;
    const layer = (layers[index.layerOf(resource)] ??= { vCpu: 0, memoryGb: 0, storageGb: 0 });
    layer.vCpu += requested.vCpu;
    layer.memoryGb += requested.memoryGb;
    layer.storageGb += requested.storageGb;
  }
  return layers;
}
