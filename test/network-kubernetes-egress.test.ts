import { strict as assert } from "node:assert";
import {
  byType,
  configErrorOf,
  runStack,
  stackFile,
  type Graph,
  type GraphResource,
} from "./support/harness";
import { registeredBy } from "./support/component";
import type { RegisteredInputs } from "../tools/harness/mocks";
import { allowEgress, dnsDestination } from "../components/network/egress";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Labels = Record<string, string>;

const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** Where a workload keeps its pod template, per kind. */
const TEMPLATES: Record<string, (inputs: Obj) => Obj | undefined> = {
  "kubernetes:apps/v1:Deployment": (i) => i.spec?.template,
  "kubernetes:apps/v1:StatefulSet": (i) => i.spec?.template,
  "kubernetes:batch/v1:Job": (i) => i.spec?.template,
  "kubernetes:batch/v1:CronJob": (i) => i.spec?.jobTemplate?.spec?.template,
};

interface Pod {
  readonly name: string;
  readonly labels: Labels;
}

/** A CloudNativePG Cluster: the operator, not the program, creates its instance pods. */
const CNPG_CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";

/**
 * The namespace's pods: those of the program's workloads, and each CloudNativePG Cluster's instances, which
 * the operator labels `cnpg.io/cluster: <name>` (CloudNativePG 1.29, "Labels and annotations").
 */
function podsOf(graph: Graph): Pod[] {
  return graph.resources.flatMap((resource) => {
    if (resource.type === CNPG_CLUSTER) {
      const cluster = (resource.inputs.metadata as Obj).name as string;
      return [{ name: `${resource.name} (instances)`, labels: { "cnpg.io/cluster": cluster } }];
    }
    const template = TEMPLATES[resource.type]?.(resource.inputs);
    return template ? [{ name: resource.name, labels: (template.metadata?.labels ?? {}) as Labels }] : [];
  });
}

/** The pods a Service of the graph sends its traffic to: what a client of its name reaches. */
function behindService(graph: Graph, serviceName: string, pods: readonly Pod[]): Pod[] {
  const services = byType(graph, "kubernetes:core/v1:Service").filter(
    (s) => (s.inputs.metadata as Obj).name === serviceName,
  );
  assert.equal(services.length, 1, `one Service ${serviceName}`);
  const selector = (services[0].inputs.spec as Obj).selector as Labels;
  return pods.filter((pod) => selects({ matchLabels: selector }, pod.labels));
}

/** A label selector as Kubernetes evaluates it; only matchLabels is used here, so matchExpressions fails loudly. */
function selects(selector: Obj | undefined, labels: Labels): boolean {
  assert.equal(selector?.matchExpressions, undefined, "matchExpressions are not evaluated by this test");
  return Object.entries((selector?.matchLabels ?? {}) as Labels).every(
    ([key, value]) => labels[key] === value,
  );
}

const describeLabels = (labels: Labels = {}) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(",");

/** A peer as the set of destinations it stands for: pods of the namespace by name, or what lies outside. */
function destinations(peer: Obj, pods: readonly Pod[]): string[] {
  if (peer.ipBlock) return [`cidr ${peer.ipBlock.cidr}${peer.ipBlock.except ? " except" : ""}`];
  if (peer.namespaceSelector) {
    return [
      `namespace ${describeLabels(peer.namespaceSelector.matchLabels)} pods ${describeLabels(peer.podSelector?.matchLabels)}`,
    ];
  }
  return pods.filter((pod) => selects(peer.podSelector, pod.labels)).map((pod) => pod.name);
}

/**
 * What a pod may reach, computed as the network plugin would from every policy of the namespace: "anything"
 * when no Egress policy selects it; else the union of the rules of the policies that do, each rule a set of
 * peers times a set of ports.
 */
function reachable(pod: Pod, policies: readonly GraphResource[], pods: readonly Pod[]): string[] {
  const selecting = policies.filter(
    (p) =>
      (p.inputs.spec as Obj).policyTypes?.includes("Egress") &&
      selects((p.inputs.spec as Obj).podSelector, pod.labels),
  );
  if (selecting.length === 0) return ["anything"];
  const paths = new Set<string>();
  for (const policy of selecting) {
    for (const rule of ((policy.inputs.spec as Obj).egress ?? []) as Obj[]) {
      const peers = rule.to ? (rule.to as Obj[]).flatMap((peer) => destinations(peer, pods)) : ["anywhere"];
      const ports = rule.ports
        ? (rule.ports as Obj[]).map((p) => `${p.protocol ?? "TCP"}/${p.port ?? "*"}`)
        : ["*"];
      for (const peer of peers) for (const port of ports) paths.add(`${peer} ${port}`);
    }
  }
  return [...paths].sort();
}

function reachability(graph: Graph): Record<string, string[]> {
  const pods = podsOf(graph);
  const policies = byType(graph, POLICY);
  return Object.fromEntries(pods.map((pod) => [pod.name, reachable(pod, policies, pods)]));
}

const DNS = [
  "namespace kubernetes.io/metadata.name=kube-system pods k8s-app=kube-dns TCP/53",
  "namespace kubernetes.io/metadata.name=kube-system pods k8s-app=kube-dns UDP/53",
];

interface DeclaredService {
  name: string;
  port: number;
  calls?: string[];
  uses?: string[];
  kubernetes?: { egress?: { cidrs: string[]; ports: number[] }[] };
}

/**
 * The allow-list as the stack file declares it, read from the file and not from the program: each service
 * reaches DNS, the pods of what it calls on their ports, what it uses, and the addresses it adds; the backup
 * job reaches DNS and the database; nginx, the database and the cache reach nothing.
 */
function declared(
  services: readonly DeclaredService[],
  backing: Record<string, string[]>,
  dataPods: Record<string, string[]>,
): Record<string, string[]> {
  const expected: Record<string, string[]> = { "cdn-deployment": [], ...dataPods };
  for (const service of services) {
    const callees = (service.calls ?? []).map((callee) => {
      const port = services.find((s) => s.name === callee)!.port;
      return `compute-${callee} TCP/${port}`;
    });
    const extra = (service.kubernetes?.egress ?? []).flatMap((peer) =>
      peer.cidrs.flatMap((cidr) => peer.ports.map((port) => `cidr ${cidr} TCP/${port}`)),
    );
    expected[`compute-${service.name}`] = [
      ...DNS,
      ...callees,
      ...(service.uses ?? []).flatMap((layer) => backing[layer]),
      ...extra,
    ].sort();
  }
  return expected;
}

const servicesOf = (stack: string, override: Obj = {}) =>
  (override.services ?? stackFile(stack).values.services) as DeclaredService[];

describe("egress on kubernetes: every pod may reach exactly what its stack declares", () => {
  it("dev: DNS, callees, the database and cache pods, and nothing for nginx or the data servers", async () => {
    const graph = await runStack("dev", { target: "kubernetes" });
    const pods = podsOf(graph);
    // The one pod behind each Service the services connect to (DATABASE_HOST, CACHE_HOST).
    const server = (service: string) => {
      const behind = behindService(graph, service, pods);
      assert.equal(behind.length, 1, `one pod behind ${service}`);
      return behind[0].name;
    };
    const backing = {
      database: [`${server("database")} TCP/5432`],
      cache: [`${server("cache")} TCP/6379`],
    };
    const backup = pods.find((pod) => pod.labels["app.kubernetes.io/name"] === "database-backup")!.name;
    assert.deepEqual(
      reachability(graph),
      declared(servicesOf("dev"), backing, {
        [server("database")]: [],
        [server("cache")]: [],
        [backup]: [...DNS, ...backing.database].sort(),
      }),
    );
  });

  it("prod: DNS, callees, the database and cache pods, and nothing for nginx or the data servers", async () => {
    const graph = await runStack("prod", { target: "kubernetes" });
    const pods = podsOf(graph);
    const named = (name: string) => pods.find((pod) => pod.name === name)!.name;
    // CloudNativePG's instances (its read-write Service is the operator's) and the cache's proxy, the pods
    // behind the Service `cache`; the Sentinel servers stand behind the proxy.
    const instances = named("database-cluster (instances)");
    const proxy = behindService(graph, "cache", pods).map((pod) => pod.name);
    assert.deepEqual(proxy, ["cache-proxy"]);
    const servers = named("cache-statefulset");
    const backing = {
      database: [`${instances} TCP/5432`],
      cache: [`${proxy[0]} TCP/6379`],
    };
    // The data servers reach DNS and what the stack file says they need: the instances each other (streaming
    // replication, the status port), the API server and the object store; the cache's pods each other
    // (replication, Sentinel) and the proxy the servers. No backup job: the operator backs up.
    const database = stackFile("prod").values.database as Obj;
    const api = database.kubernetes.cloudnativePg.apiServer as { cidrs: string[]; port: number };
    assert.deepEqual(database.kubernetes.backup.s3.egress, { anyAddress: true });
    assert.equal(
      pods.find((pod) => pod.labels["app.kubernetes.io/name"] === "database-backup"),
      undefined,
    );
    assert.deepEqual(
      reachability(graph),
      declared(servicesOf("prod"), backing, {
        [instances]: [
          ...DNS,
          `${instances} TCP/5432`,
          `${instances} TCP/8000`,
          ...api.cidrs.map((cidr) => `cidr ${cidr} TCP/${api.port}`),
          "cidr 0.0.0.0/0 except TCP/443",
        ].sort(),
        [servers]: [...DNS, `${servers} TCP/6379`, `${servers} TCP/26379`].sort(),
        [proxy[0]]: [...DNS, `${servers} TCP/6379`].sort(),
      }),
    );
  });

  it("prod: an external database and cache by their blocks, and a service's own external API", async () => {
    const services = servicesOf("prod").map((service) =>
      service.name === "api"
        ? {
            ...service,
            kubernetes: { egress: [{ cidrs: ["203.0.113.0/24", "198.51.100.7/32"], ports: [443] }] },
          }
        : service,
    );
    const override = {
      services,
      secrets: {
        DATABASE_URL: "postgres://u:p@db.example.org/app",
        CACHE_URL: "redis://:p@cache.example.org",
      },
      database: { mode: "external", urlSecret: "DATABASE_URL" },
      cache: { mode: "external", urlSecret: "CACHE_URL" },
      kubernetes: {
        egress: {
          database: { cidrs: ["10.50.0.0/24"], ports: [5432] },
          cache: { cidrs: ["10.60.0.8/29"], ports: [6379, 6380] },
        },
      },
    };
    const graph = await runStack("prod", { target: "kubernetes", override, secretKeys: ["secrets"] });
    const backing = {
      database: ["cidr 10.50.0.0/24 TCP/5432"],
      cache: ["cidr 10.60.0.8/29 TCP/6379", "cidr 10.60.0.8/29 TCP/6380"],
    };
    assert.deepEqual(reachability(graph), declared(services, backing, {}));
  });

  it("a resolver elsewhere is a setting: NodeLocal DNSCache's pods, say", async () => {
    const dns = { namespace: "node-local-dns", podLabels: { "k8s-app": "node-local-dns" } };
    const graph = await runStack("dev", { target: "kubernetes", override: { kubernetes: { dns } } });
    const worker = reachability(graph)["compute-worker"];
    assert.deepEqual(
      worker.filter((path) => path.startsWith("namespace")),
      [
        "namespace kubernetes.io/metadata.name=node-local-dns pods k8s-app=node-local-dns TCP/53",
        "namespace kubernetes.io/metadata.name=node-local-dns pods k8s-app=node-local-dns UDP/53",
      ],
    );
  });

  it("admits the ingress controller to cert-manager's HTTP-01 solver pods when a ClusterIssuer is set (prod)", async () => {
    const prod = await runStack("prod", { target: "kubernetes" });
    const solver = byType(prod, POLICY).filter((p) => p.name === "network-allow-acme-solver");
    assert.deepEqual(
      solver.map((p) => p.inputs.spec),
      [
        {
          podSelector: { matchLabels: { "acme.cert-manager.io/http01-solver": "true" } },
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
              ],
              ports: [{ protocol: "TCP", port: 8089 }],
            },
          ],
        },
      ],
    );
    const dev = await runStack("dev", { target: "kubernetes" });
    assert.deepEqual(
      byType(dev, POLICY).filter((p) => p.name === "network-allow-acme-solver"),
      [],
    );
  });

  it("the computation sees through a missing default deny: a pod no Egress policy selects reaches anything", () => {
    const pods: Pod[] = [{ name: "p", labels: { app: "p" } }];
    assert.deepEqual(reachable(pods[0], [], pods), ["anything"]);
  });

  describe("config errors, before any resource", () => {
    it("an external database that a service uses needs its address", async () => {
      const { error, graph } = await configErrorOf("prod", {
        target: "kubernetes",
        secretKeys: ["secrets"],
        override: {
          secrets: { DATABASE_URL: "postgres://u:p@db.example.org/app" },
          database: { mode: "external", urlSecret: "DATABASE_URL" },
        },
      });
      assert.deepEqual(
        error.problems.filter((p) => p.setting.startsWith("kubernetes.egress")),
        [
          {
            setting: "kubernetes.egress.database",
            expected:
              "the CIDR blocks and ports of the external database (api uses it, and the namespace denies any other egress)",
            found: "nothing",
          },
        ],
      );
      assert.equal(graph.resources.filter((r) => r.custom).length, 0);
    });

    it("refuses a block with host bits, a port out of range, and an empty list", async () => {
      const { error } = await configErrorOf("dev", {
        target: "kubernetes",
        override: {
          kubernetes: { egress: { cache: { cidrs: ["10.0.0.1/24"], ports: [70000] } } },
          services: servicesOf("dev").map((s) =>
            s.name === "worker" ? { ...s, kubernetes: { egress: [{ cidrs: [], ports: [443] }] } } : s,
          ),
        },
      });
      const settingsOf = error.problems.map((p) => p.setting).sort();
      assert.deepEqual(settingsOf, [
        "kubernetes.egress.cache.cidrs[0]",
        "kubernetes.egress.cache.ports[0]",
        "services[1].kubernetes.egress[0].cidrs",
      ]);
    });
  });
});

describe("allowEgress opens exactly the paths it is given", () => {
  let registered: RegisteredInputs[];
  before(async () => {
    registered = await registeredBy(() => {
      allowEgress(
        "p",
        {
          namespace: "ns",
          from: { app: "a" },
          to: [
            dnsDestination({ namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }),
            { to: [{ pods: { app: "b" } }], ports: [9000] },
            { to: [{ cidrs: ["203.0.113.0/24"] }], ports: [] },
          ],
        },
        {},
      );
      allowEgress("none", { namespace: "ns", from: { app: "a" }, to: [] }, {});
    });
  });

  it("one rule a destination; a destination without ports or peers, and a policy without rules, are dropped", () => {
    const policies = registered.filter((r) => r.type === POLICY);
    assert.deepEqual(
      policies.map((p) => p.name),
      ["p"],
    );
    assert.deepEqual(policies[0].inputs.spec, {
      podSelector: { matchLabels: { app: "a" } },
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { port: 53, protocol: "UDP" },
            { port: 53, protocol: "TCP" },
          ],
        },
        { to: [{ podSelector: { matchLabels: { app: "b" } } }], ports: [{ protocol: "TCP", port: 9000 }] },
      ],
    });
  });
});
