import type { Graph, GraphResource } from "../harness/graph";

export type ParityLayer = "network" | "compute" | "cdn" | "observability" | "database" | "cache";

/**
 * Something the aws target gives a stack that the kubernetes target does not, as docs/parity.md's tables
 * say it. The offline preview of a kubernetes stack prints each gap that applies to it as a note, so that
 * moving a stack between targets drops nothing silently. A test keeps this list and the tables in step.
 */
export interface ParityGap {
  readonly layer: ParityLayer;
  /** The row of docs/parity.md, as written in its first column. */
  readonly capability: string;
  /** What the stack lacks on kubernetes, and what to do about it, in one line. */
  readonly note: string;
  /** Applies only to stacks whose graph has this (the gap is about something the stack uses). */
  readonly when?: (graph: Graph) => boolean;
}

const has = (type: string) => (graph: Graph) => graph.resources.some((r) => r.type === type);
const lacks = (type: string) => (graph: Graph) => !has(type)(graph);

type Condition = (graph: Graph) => boolean;
const any =
  (...conditions: Condition[]): Condition =>
  (graph) =>
    conditions.some((c) => c(graph));

const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const CNPG_CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";

/** The resources of this type that a layer's component (its type token) parents directly. */
function childrenOf(graph: Graph, component: string, type: string): GraphResource[] {
  const parents = new Set(graph.resources.filter((r) => r.type === component).map((r) => r.urn));
  return graph.resources.filter((r) => r.type === type && r.parent !== null && parents.has(r.parent));
}

const spec = (r: GraphResource) => (r.inputs.spec ?? {}) as Record<string, unknown>;

/** The database's shapes on kubernetes, read from what the graph holds (docs/parity.md, the list above the tables). */
const dbStatefulSets = (graph: Graph) => childrenOf(graph, "strata:database:Database", STATEFUL_SET);
const cnpgInstances = (graph: Graph) =>
  childrenOf(graph, "strata:database:Database", CNPG_CLUSTER).map((c) => Number(spec(c).instances ?? 1));
/** The StatefulSet path: no operator, logical dumps. */
const dumpDatabase: Condition = (graph) => dbStatefulSets(graph).length > 0;
const cnpgDatabase: Condition = (graph) => cnpgInstances(graph).length > 0;
const kubernetesDatabase = any(dumpDatabase, cnpgDatabase);
const singleDatabase = any(dumpDatabase, (graph) => cnpgInstances(graph).some((n) => n < 2));
const replicatedCnpg: Condition = (graph) => cnpgInstances(graph).some((n) => n >= 2);
/** MySQL runs only as the StatefulSet; its server is told its database by MYSQL_DATABASE. */
const mysqlDatabase: Condition = (graph) =>
  dbStatefulSets(graph).some((set) => JSON.stringify(spec(set).template ?? {}).includes('"MYSQL_DATABASE"'));
const backupsOnVolume: Condition = (graph) =>
  childrenOf(graph, "strata:database:Database", "kubernetes:core/v1:PersistentVolumeClaim").length > 0;

const cacheStatefulSets = (graph: Graph) => childrenOf(graph, "strata:cache:Cache", STATEFUL_SET);
const kubernetesCache: Condition = (graph) => cacheStatefulSets(graph).length > 0;
/** The Sentinel shape has a Service for clients that speak Sentinel; the one-pod shape does not. */
const sentinelCache: Condition = (graph) =>
  childrenOf(graph, "strata:cache:Cache", "kubernetes:core/v1:Service").some(
    (s) => (s.inputs.metadata as { name?: string } | undefined)?.name === "cache-sentinel",
  );
const singleCache: Condition = (graph) => kubernetesCache(graph) && !sentinelCache(graph);

export const PARITY_GAPS: readonly ParityGap[] = [
  {
    layer: "network",
    capability: "Traffic filtering",
    note: "NetworkPolicies (ingress and egress) are enforced only by a CNI that implements them (Calico, Cilium, ...); with one that does not, every pod reaches everything.",
  },
  {
    layer: "network",
    capability: "Flow logs",
    note: "no flow logs: aws.flowLogs is not applied; use the CNI's own (Cilium Hubble, Calico flow logs).",
  },
  {
    layer: "compute",
    capability: "Autoscaling",
    note: "HorizontalPodAutoscalers scale on CPU only: services' autoscaling.requestsPerTarget is not used.",
    when: has("kubernetes:autoscaling/v2:HorizontalPodAutoscaler"),
  },
  {
    layer: "compute",
    capability: "Spot capacity",
    note: "compute.aws.capacityProviders (Fargate Spot) has no counterpart: pods run on whatever nodes the cluster has.",
  },
  {
    layer: "compute",
    capability: "Load-balancer logs",
    note: "compute.aws.loadBalancer (access logs, deletion protection) is not applied: the ingress controller is the cluster's.",
  },
  {
    layer: "compute",
    capability: "Secrets at rest",
    note: "Secrets are encrypted at rest only if the cluster's API server encrypts them (EncryptionConfiguration or a KMS plugin); Strata cannot see or set it.",
    when: has("kubernetes:core/v1:Secret"),
  },
  {
    layer: "compute",
    capability: "Log retention",
    note: "logs.retentionDays is not applied: container logs go wherever the cluster's log pipeline sends them.",
  },
  {
    layer: "cdn",
    capability: "Edge caching",
    note: "no CDN: nginx serves the site from the cluster, with no edge cache near users; put a CDN in front of the ingress if they are far away.",
  },
  {
    layer: "cdn",
    capability: "Web application firewall",
    note: "cdn.waf is not applied: no WAF or per-IP rate limit in front of the site unless the ingress controller adds one.",
  },
  {
    layer: "cdn",
    capability: "Access logs",
    note: "no access-log bucket: requests are logged by the ingress controller, kept as its logs are.",
  },
  {
    layer: "observability",
    capability: "Alert delivery",
    note: "observability.alertEmails is not used: alerts reach people only through the cluster's Alertmanager routes.",
  },
  {
    layer: "observability",
    capability: "Alert rules",
    note: "no alert rules: without observability.kubernetes.prometheusOperator nothing fires; the services are only annotated for scraping.",
    when: lacks("kubernetes:monitoring.coreos.com/v1:PrometheusRule"),
  },
  {
    layer: "observability",
    capability: "Dashboard",
    note: "no dashboard is created: build one in the cluster's Grafana.",
  },
  {
    layer: "database",
    capability: "HA",
    note: "the database is one pod on one volume in one zone (the StatefulSet, or a CloudNativePG Cluster of 1 instance): no standby; Aurora keeps its storage six-way over three zones.",
    when: singleDatabase,
  },
  {
    layer: "database",
    capability: "Failover time",
    note: "no failover: a lost node means minutes for a reschedule, and there is no database while the volume's zone is down (Aurora fails over automatically).",
    when: singleDatabase,
  },
  {
    layer: "database",
    capability: "Data lost on failover",
    note: "CloudNativePG replicates asynchronously: a failover can lose the last commits not yet streamed to the promoted replica (Aurora's shared storage loses none).",
    when: replicatedCnpg,
  },
  {
    layer: "database",
    capability: "PITR",
    note: "no point-in-time recovery without the CloudNativePG operator: backups are logical dumps on database.backup.schedule, so a restore loses up to one interval of writes (RPO = the schedule).",
    when: dumpDatabase,
  },
  {
    layer: "database",
    capability: "Backup location",
    note: "backups are dumps on a volume of the same cluster (database.kubernetes.backup.storage volume): losing the cluster, or the volume's zone, loses the database and its backups together; use s3.",
    when: backupsOnVolume,
  },
  {
    layer: "database",
    capability: "Cross-region copies",
    note: "database.drRegion is not applied: no backup is copied to a second region unless the bucket's own replication (S3 Cross-Region Replication, MinIO site replication) does it.",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Rewind in place",
    note: "database.backtrackHours (Aurora MySQL backtrack) has no counterpart: rewinding means restoring a dump into a new StatefulSet.",
    when: mysqlDatabase,
  },
  {
    layer: "database",
    capability: "Encryption at rest",
    note: "no managed encryption at rest: the database's volumes are encrypted only if the StorageClass encrypts them, its backups only if the bucket does; Strata sets no key.",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Encryption in transit",
    note: "no TLS is required between the services and the database inside the cluster (Aurora refuses unencrypted connections): only the NetworkPolicies guard the connection.",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Authentication",
    note: "services authenticate with a long-lived password from a Secret (DATABASE_AUTH=password), not IAM tokens; rotating it means replacing the Secret.",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Read endpoint",
    note: "no DATABASE_READER_HOST: every query goes to the primary.",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Capacity",
    note: "database.serverless (Aurora Serverless v2 scaling and auto-pause) is not applied: the pods keep database.kubernetes.cpu and memory.",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Minor upgrades",
    note: "no automatic minor-version upgrades: the image is pinned by digest, so patches are a new digest (for the StatefulSet, a restart of its one pod: downtime).",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Query insights, logs",
    note: "no Performance Insights, and connections, DDL and slow statements are not logged (the aws cluster parameters are not applied).",
    when: kubernetesDatabase,
  },
  {
    layer: "database",
    capability: "Alerts",
    note: "no CPU, memory, connection or storage alerts and none for a failed backup (with CloudNativePG, none for replication lag or WAL archiving): at most DatabaseUnavailable, with the Prometheus operator.",
    when: kubernetesDatabase,
  },
  {
    layer: "cache",
    capability: "HA",
    note: "the cache is one pod on one volume: no replica.",
    when: singleCache,
  },
  {
    layer: "cache",
    capability: "Failover time",
    note: "no failover: the cache is down while its pod restarts or reschedules, or while its volume's zone is down.",
    when: singleCache,
  },
  {
    layer: "cache",
    capability: "Failover limits",
    note: "a promotion needs a majority of the Sentinels in the cache's own pods: with two of three pods or zones lost none happens, and a partitioned old primary may briefly accept writes that are then discarded.",
    when: sentinelCache,
  },
  {
    layer: "cache",
    capability: "Backups",
    note: "cache.snapshotRetentionDays is not applied: no snapshots, only the append-only file on each pod's volume in the cluster.",
    when: kubernetesCache,
  },
  {
    layer: "cache",
    capability: "Read endpoint",
    note: "no CACHE_READER_HOST: every read goes to the primary (Sentinel-aware clients may ask cache-sentinel for replicas).",
    when: kubernetesCache,
  },
  {
    layer: "cache",
    capability: "Encryption at rest",
    note: "no managed encryption at rest: the cache's append-only files are encrypted only if the StorageClass encrypts its volumes.",
    when: kubernetesCache,
  },
  {
    layer: "cache",
    capability: "Encryption in transit",
    note: "no TLS to the cache (CACHE_TLS=false): passwords and data cross the cluster's network in clear, guarded only by NetworkPolicies.",
    when: kubernetesCache,
  },
  {
    layer: "cache",
    capability: "Credentials",
    note: "cache.authTokenGeneration is not applied: rotating the cache's password means replacing its Secret and restarting the pods.",
    when: kubernetesCache,
  },
  {
    layer: "cache",
    capability: "Alerts",
    note: "no CPU, memory or eviction alerts, and nothing on the proxies or a failover: at most CacheUnavailable, with the Prometheus operator.",
    when: kubernetesCache,
  },
];

/** The gaps that apply to a stack: none on aws, which is the reference. */
export function parityNotes(graph: Graph, gaps: readonly ParityGap[] = PARITY_GAPS): ParityGap[] {
  if (graph.target !== "kubernetes") return [];
  return gaps.filter((gap) => gap.when?.(graph) ?? true);
}

/** The notes section of the preview's report; empty when nothing applies. */
export function renderParityNotes(graph: Graph): string {
  const notes = parityNotes(graph);
  if (notes.length === 0) return "";
  return [
    `Parity notes: what this stack lacks on ${graph.target} against aws (docs/parity.md):`,
    ...notes.map((gap) => `  - ${gap.layer} / ${gap.capability}: ${gap.note}`),
  ].join("\n");
}
