import assert from "node:assert/strict";
import { byType, findResource, runStack, type Graph } from "./support/harness";
import { checkKubernetesSchema, isKubernetesObject } from "../tools/harness/kube-schema";
import { inputsOf, leaks, secretValues } from "./data-support";

const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const SERVICE = "kubernetes:core/v1:Service";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";

const cachePods = { "app.kubernetes.io/name": "cache", "app.kubernetes.io/instance": "strata-prod" };
const proxyPods = { "app.kubernetes.io/name": "cache-proxy", "app.kubernetes.io/instance": "strata-prod" };
const clients = { "strata.dev/uses-cache": "true" };
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));

describe("the cache on kubernetes in prod: a primary, two replicas and Sentinels behind a proxy", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("prod", { target: "kubernetes" });
  });

  it("runs three pods, one a zone and one a node, each a server and a Sentinel, from the replicas setting", () => {
    const set = inputsOf(findResource(graph, STATEFUL_SET, "cache-statefulset"));
    assert.equal(set.spec.replicas, 3);
    assert.equal(set.spec.serviceName, "cache-headless");
    const pod = set.spec.template.spec;
    assert.equal(pod.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
    assert.equal(
      pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
      "kubernetes.io/hostname",
    );
    assert.deepEqual(
      pod.containers.map((c: { name: string }) => c.name),
      ["cache", "sentinel"],
    );
    const [server, sentinel] = pod.containers.map((c: { command: string[] }) => c.command[2]);
    // A replica of the primary the Sentinels name, the first pod when none answers.
    assert.match(server, /sentinel get-master-addr-by-name strata/);
    assert.match(server, /if \[ -z "\$primary" \]; then primary="cache-0.cache-headless"; fi/);
    assert.match(server, /echo "replicaof \$primary 6379"/);
    assert.match(server, /echo "masterauth \$PASSWORD"/);
    // Three Sentinels, a quorum of two.
    assert.match(sentinel, /echo "sentinel monitor strata \$primary 6379 2"/);
    assert.match(sentinel, /echo "sentinel resolve-hostnames yes"/);
    assert.match(sentinel, /--sentinel$/);
    for (const container of pod.containers) {
      assert.equal(container.env, undefined, `${container.name}: no password in the environment`);
      assert.notDeepEqual(container.livenessProbe, container.readinessProbe);
    }
    const headless = inputsOf(findResource(graph, SERVICE, "cache-headless"));
    assert.equal(headless.spec.clusterIP, "None");
    assert.equal(headless.spec.publishNotReadyAddresses, true);
  });

  it("keeps CACHE_HOST one name: the proxy's Service, which sends clients to the server that says it is primary", () => {
    const service = inputsOf(findResource(graph, SERVICE, "cache-service"));
    assert.equal(service.metadata.name, "cache");
    assert.deepEqual(service.spec.selector, proxyPods);
    const config = inputsOf(findResource(graph, "kubernetes:core/v1:ConfigMap", "cache-proxy")).data[
      "haproxy.cfg"
    ];
    assert.match(config, /tcp-check expect string role:master/);
    assert.match(config, /tcp-check send "AUTH \$\{CACHE_PASSWORD\}\\r\\n"/);
    assert.match(config, /balance first/);
    assert.deepEqual(
      config.match(/^ {2}server .*$/gm),
      [0, 1, 2].map(
        (i) =>
          `  server cache-${i} cache-${i}.cache-headless:6379 check inter 1s fall 2 rise 2 resolvers cluster init-addr libc,none`,
      ),
    );
    const api = byType(graph, "kubernetes:apps/v1:Deployment").find((d) => d.name === "compute-api")!;
    const env = inputsOf(api).spec.template.spec.containers[0].env as { name: string; value?: string }[];
    assert.equal(env.find((e) => e.name === "CACHE_HOST")!.value, "cache");
  });

  it("keeps a server and a proxy up through voluntary disruptions", () => {
    assert.deepEqual(
      byType(graph, PDB)
        .filter((p) => p.name.startsWith("cache"))
        .map((p) => [p.name, inputsOf(p).spec]),
      [
        ["cache-pdb", { maxUnavailable: 1, selector: { matchLabels: cachePods } }],
        ["cache-proxy", { maxUnavailable: 1, selector: { matchLabels: proxyPods } }],
      ],
    );
  });

  it("allows exactly: clients to the proxy (and Sentinel), the proxy to the servers, the pods to each other", () => {
    const shapes = byType(graph, POLICY)
      .filter((p) => p.name.startsWith("cache"))
      .map((p) => {
        const { spec } = inputsOf(p);
        return [p.name, spec.podSelector.matchLabels, spec.policyTypes, spec.ingress ?? spec.egress];
      });
    assert.deepEqual(shapes, [
      [
        "cache-proxy-allow-clients",
        proxyPods,
        ["Ingress"],
        [{ from: [{ podSelector: { matchLabels: clients } }], ports: tcp(6379) }],
      ],
      [
        "cache-proxy-egress",
        proxyPods,
        ["Egress"],
        [{ to: [{ podSelector: { matchLabels: cachePods } }], ports: tcp(6379) }],
      ],
      [
        "cache-allow-clients",
        cachePods,
        ["Ingress"],
        [{ from: [{ podSelector: { matchLabels: clients } }], ports: tcp(6379, 26379) }],
      ],
      [
        "cache-allow-proxy",
        cachePods,
        ["Ingress"],
        [{ from: [{ podSelector: { matchLabels: proxyPods } }], ports: tcp(6379) }],
      ],
      [
        "cache-allow-peers",
        cachePods,
        ["Ingress"],
        [{ from: [{ podSelector: { matchLabels: cachePods } }], ports: tcp(6379, 26379) }],
      ],
      [
        "cache-egress",
        cachePods,
        ["Egress"],
        [{ to: [{ podSelector: { matchLabels: cachePods } }], ports: tcp(6379, 26379) }],
      ],
    ]);
  });

  it("validates every cache object and shows no password", () => {
    for (const object of graph.resources.filter((r) => isKubernetesObject(r) && r.name.startsWith("cache"))) {
      assert.deepEqual(
        { name: object.name, ...checkKubernetesSchema(object) },
        { name: object.name, known: true, errors: [] },
      );
    }
    assert.deepEqual(leaks(graph, secretValues(graph)), []);
  });
});
