import type { GraphResource } from "../harness/graph";
import type { GraphIndex } from "../harness/graph-index";
import { DiagramBuilder, type Diagram } from "./model";
import { autoscalerOf } from "../cost/kubernetes";
import { byType } from "../harness/graph";

const of = (index: GraphIndex, type: string) => byType(index.graph, type);
const nameOf = (r: GraphResource) =>
  String((r.inputs.metadata as { name?: string } | undefined)?.name ?? r.name);

interface Container {
  env?: { name: string; value?: string }[];
}

function containersOf(r: GraphResource): Container[] {
  const spec = r.inputs.spec as { template?: { spec?: { containers?: Container[] } } } | undefined;
  return spec?.template?.spec?.containers ?? [];
}

function replicasOf(r: GraphResource, index: GraphIndex): string {
  const replicas = (r.inputs.spec as { replicas?: number } | undefined)?.replicas;
  if (typeof replicas === "number") return `${replicas} replica(s)`;
  const hpa = autoscalerOf(r, index);
  return hpa ? `${hpa.minReplicas}-${hpa.maxReplicas} replicas` : "1 replica";
}

/** The kubernetes target: Ingress, Deployments and what they call, the stateful data, backups, alerting. */
export function kubernetesDiagram(index: GraphIndex): Diagram {
  const namespace = of(index, "kubernetes:core/v1:Namespace")[0];
  const ns = namespace ? nameOf(namespace) : "the stack's namespace";
  const b = new DiagramBuilder()
    .group("ingress", "Ingress")
    .group("workloads", `Namespace ${ns}: workloads`)
    .group("data", `Namespace ${ns}: stateful data`)
    .group("backup", "Backup")
    .group("observability", "Alerting");
  b.node("users", "Users", "outside", "round");
  // Each workload is reached through the Service named like it.
  const workloads = new Map<string, string>();
  for (const d of of(index, "kubernetes:apps/v1:Deployment")) {
    const name = nameOf(d);
    workloads.set(
      name,
      b.node(`deploy-${name}`, `Deployment ${name}<br/>${replicasOf(d, index)}`, "workloads"),
    );
  }
  for (const s of of(index, "kubernetes:apps/v1:StatefulSet")) {
    const name = nameOf(s);
    const layer = index.layerOf(s);
    workloads.set(
      name,
      b.node(
        `sts-${name}`,
        `StatefulSet ${name} (${layer})<br/>${replicasOf(s, index)}, volume`,
        "data",
        "store",
      ),
    );
  }
  for (const ingress of of(index, "kubernetes:networking.k8s.io/v1:Ingress")) {
    const spec = ingress.inputs.spec as {
      ingressClassName?: string;
      rules?: {
        host?: string;
        http?: { paths?: { path?: string; backend?: { service?: { name?: string } } }[] };
      }[];
    };
    const id = b.node(
      `ingress-${nameOf(ingress)}`,
      `Ingress ${nameOf(ingress)}<br/>class ${spec.ingressClassName ?? "default"}`,
      "ingress",
    );
    b.edge("users", id, "HTTPS");
    for (const rule of spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const target = workloads.get(path.backend?.service?.name ?? "");
        if (target) b.edge(id, target, `${rule.host ?? ""}${path.path ?? ""}`);
      }
    }
  }
  for (const d of of(index, "kubernetes:apps/v1:Deployment")) {
    const from = workloads.get(nameOf(d)) as string;
    for (const env of containersOf(d).flatMap((c) => c.env ?? [])) {
      const host = /^(?:https?:\/\/)?([a-z0-9-]+)(?:[:.]|$)/.exec(env.value ?? "")?.[1];
      const target = host ? workloads.get(host) : undefined;
      if (!target || target === from) continue;
      b.edge(
        from,
        target,
        env.name.startsWith("DATABASE") ? "SQL" : env.name.startsWith("CACHE") ? "Redis protocol" : "calls",
      );
    }
  }
  for (const job of of(index, "kubernetes:batch/v1:CronJob")) {
    const schedule = (job.inputs.spec as { schedule?: string }).schedule ?? "";
    const id = b.node(`job-${nameOf(job)}`, `CronJob ${nameOf(job)}<br/>${schedule}`, "backup");
    const db = [...workloads.entries()].find(([name]) => name === "database")?.[1];
    if (db) b.edge(db, id, "dump", true);
    for (const pvc of of(index, "kubernetes:core/v1:PersistentVolumeClaim").filter(
      (p) => index.layerOf(p) === index.layerOf(job),
    )) {
      b.edge(
        id,
        b.node(`pvc-${nameOf(pvc)}`, `backup volume ${nameOf(pvc)}`, "backup", "store"),
        "writes",
        true,
      );
    }
  }
  // With the Prometheus operator the alerts are a PrometheusRule; without it, scrape annotations on Services.
  const rules = of(index, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").length;
  const patches = of(index, "kubernetes:core/v1:ServicePatch").filter(
    (p) => index.layerOf(p) === "observability",
  );
  if (rules > 0 || patches.length > 0) {
    const label =
      rules > 0 ? `${rules} PrometheusRule(s)` : `${patches.length} Services annotated for scraping`;
    b.node("alerts", label, "observability");
    b.edge(
      "alerts",
      b.node("alertmanager", "The cluster's Prometheus and Alertmanager", "observability", "round"),
      "read by",
      true,
    );
  }
  return b.build(`${index.graph.stack} on kubernetes`);
}
