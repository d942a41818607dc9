import { strict as assert } from "node:assert";
import {
  containersOf,
  namespaceOf,
  objectName,
  podLabelsOf,
  podTemplateOf,
  sameNamespace,
  selects,
  LONG_RUNNING,
  WORKLOADS,
} from "../../policy/kubernetes/pods";
import { imageProblem, imageRepository, probesIdentical } from "../../policy/kubernetes/workloads";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  readonly unknownStringValue: string;
};

const template = { metadata: { labels: { app: "a" } }, spec: { containers: [{ name: "c" }] } };

describe("policy rules: Kubernetes pod helpers (pods.ts, workloads.ts)", () => {
  it("finds the pod template of each workload kind, a CronJob's under its job template", () => {
    assert.deepEqual(WORKLOADS, [
      "kubernetes:apps/v1:Deployment",
      "kubernetes:apps/v1:StatefulSet",
      "kubernetes:apps/v1:DaemonSet",
      "kubernetes:apps/v1:ReplicaSet",
      "kubernetes:batch/v1:Job",
      "kubernetes:batch/v1:CronJob",
    ]);
    assert.deepEqual(LONG_RUNNING, WORKLOADS.slice(0, 3));
    for (const type of WORKLOADS.slice(0, 5)) {
      assert.deepEqual(
        podTemplateOf(type, { spec: { template } }),
        { labels: { app: "a" }, spec: template.spec },
        type,
      );
    }
    assert.deepEqual(podTemplateOf(WORKLOADS[5], { spec: { jobTemplate: { spec: { template } } } }), {
      labels: { app: "a" },
      spec: template.spec,
    });
    assert.equal(podTemplateOf("kubernetes:core/v1:Service", { spec: { template } }), undefined);
    assert.deepEqual(podTemplateOf(WORKLOADS[0], { spec: {} }), { labels: {}, spec: undefined });
    // Labels unknown during preview read as none; the spec is still read.
    const unknownLabels = proxy.unknownCheckingProxy({
      spec: { template: { metadata: { labels: proxy.unknownStringValue }, spec: template.spec } },
    });
    assert.deepEqual(podTemplateOf(WORKLOADS[0], unknownLabels)?.labels, {});
  });

  it("reads a workload's pod labels, and none of a type without a pod template", () => {
    assert.deepEqual(podLabelsOf(WORKLOADS[0], { spec: { template } }), { app: "a" });
    assert.deepEqual(podLabelsOf("kubernetes:core/v1:Service", { spec: { template } }), {});
  });

  it("lists containers and, unless told not to, init containers", () => {
    const spec = { containers: [{ name: "a" }], initContainers: [{ name: "i" }] };
    assert.deepEqual(
      containersOf(spec).map((c) => c.name),
      ["a", "i"],
    );
    assert.deepEqual(
      containersOf(spec, false).map((c) => c.name),
      ["a"],
    );
    assert.deepEqual(containersOf(undefined), []);
  });

  it("reads namespace and name; namespaces are the same when equal or when either is unknown", () => {
    const ns = (namespace?: string) => ({ metadata: { namespace, name: "n" } });
    assert.deepEqual([namespaceOf(ns("a")), objectName(ns("a"))], ["a", "n"]);
    assert.equal(namespaceOf({}), undefined);
    assert.equal(sameNamespace(ns("a"), ns("a")), true);
    assert.equal(sameNamespace(ns("a"), ns("b")), false);
    assert.equal(sameNamespace(ns(undefined), ns("b")), true);
    assert.equal(sameNamespace(ns("a"), ns(undefined)), true);
    const computed = proxy.unknownCheckingProxy({ metadata: { namespace: proxy.unknownStringValue } });
    assert.equal(sameNamespace(computed, ns("b")), true);
  });

  it("selects pods as Kubernetes does: labels, then every expression by its operator", () => {
    const labels = { app: "api", tier: "web" };
    const expr = (operator: string, values?: string[], key = "tier") => ({
      matchExpressions: [{ key, operator, values }],
    });
    assert.equal(selects(undefined, labels), false);
    assert.equal(selects({}, labels), true);
    assert.equal(selects({ matchLabels: { app: "api" } }, labels), true);
    assert.equal(selects({ matchLabels: { app: "api", tier: "db" } }, labels), false);
    assert.equal(selects({ matchLabels: { app: "api" }, ...expr("In", ["db"]) }, labels), false);
    const cases: [string, string[] | undefined, string, boolean][] = [
      ["In", ["web", "db"], "tier", true],
      ["In", ["db"], "tier", false],
      ["In", ["web"], "absent", false],
      ["NotIn", ["db"], "tier", true],
      ["NotIn", ["web"], "tier", false],
      ["NotIn", ["web"], "absent", true],
      ["Exists", undefined, "tier", true],
      ["Exists", undefined, "absent", false],
      ["DoesNotExist", undefined, "absent", true],
      ["DoesNotExist", undefined, "tier", false],
      ["Gt", ["1"], "tier", false],
    ];
    for (const [operator, values, key, expected] of cases) {
      assert.equal(selects(expr(operator, values, key), labels), expected, `${key} ${operator} ${values}`);
    }
    const both = {
      matchExpressions: [
        { key: "app", operator: "Exists" },
        { key: "tier", operator: "In", values: ["db"] },
      ],
    };
    assert.equal(selects(both, labels), false);
  });

  it("imageProblem: a digest or a tag other than latest passes; a registry port is no tag", () => {
    for (const image of [
      undefined,
      "app:1.2",
      "ghcr.io/o/app:1.2",
      "app@sha256:ab",
      "localhost:5000/app:2",
    ]) {
      assert.equal(imageProblem(image), undefined, image);
    }
    assert.equal(imageProblem("app"), "image app has no tag.");
    assert.equal(imageProblem("localhost:5000/app"), "image localhost:5000/app has no tag.");
    assert.equal(imageProblem("ghcr.io/o/app:latest"), "image ghcr.io/o/app:latest uses the latest tag.");
  });

  it("imageRepository: drops tag and digest, and Docker Hub's prefixes of official images only", () => {
    const cases: [string, string][] = [
      ["postgres", "postgres"],
      ["postgres:16", "postgres"],
      ["docker.io/library/postgres:16", "postgres"],
      ["index.docker.io/library/mysql", "mysql"],
      ["library/postgres@sha256:ab", "postgres"],
      ["docker.io/postgres", "postgres"],
      ["ghcr.io/org/app:1@sha256:ab", "ghcr.io/org/app"],
      ["localhost:5000/app", "localhost:5000/app"],
      ["docker.io/bitnami/postgresql:16", "docker.io/bitnami/postgresql"],
      ["mydocker.io/postgres", "mydocker.io/postgres"],
    ];
    for (const [image, repository] of cases) assert.equal(imageRepository(image), repository, image);
  });

  it("probesIdentical, as kube-score: same HTTP path and port (named ports all 0), TCP port, or exec command", () => {
    const http = (path: string, port: unknown) => ({ httpGet: { path, port } }) as never;
    assert.equal(probesIdentical(http("/h", 8080), http("/h", 8080)), true);
    assert.equal(probesIdentical(http("/h", "8080"), http("/h", 8080)), true);
    assert.equal(probesIdentical(http("/h", "http"), http("/h", "metrics")), true);
    assert.equal(probesIdentical(http("/h", "http"), http("/h", 8080)), false);
    assert.equal(probesIdentical(http("/h", 8080), http("/l", 8080)), false);
    assert.equal(probesIdentical(http("/h", 8080), http("/h", 8081)), false);
    const tcp = (port: number) => ({ tcpSocket: { port } }) as never;
    assert.equal(probesIdentical(tcp(1), tcp(1)), true);
    assert.equal(probesIdentical(tcp(1), tcp(2)), false);
    const exec = (...command: string[]) => ({ exec: { command } }) as never;
    assert.equal(probesIdentical(exec("a", "b"), exec("a", "b")), true);
    assert.equal(probesIdentical(exec("a", "b"), exec("a", "c")), false);
    assert.equal(probesIdentical(exec("a"), exec("a", "b")), false);
    assert.equal(probesIdentical(exec("a", "b"), exec("a")), false);
    assert.equal(probesIdentical(http("/h", 1), tcp(1)), false);
    assert.equal(probesIdentical(tcp(1), exec("a")), false);
    assert.equal(probesIdentical({} as never, {} as never), false);
  });
});
