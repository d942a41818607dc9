import { strict as assert } from "node:assert";
import { ruleNamed, violationsOf, type Synthetic } from "./support/policy";
import { runStack } from "./support/harness";
import { evaluatePolicies } from "../tools/policy/run";
import { imageRepository } from "../policy/kubernetes/workloads";
import {
  goodContainer,
  deployment,
  statefulSet,
  cronJob,
  without,
  withSecurity,
  denyAll,
  otherAppPolicy,
  pdb,
  hpa,
  service,
  probe,
} from "./support/policy-kubernetes-fixtures";

interface Case {
  readonly rule: string;
  readonly good: Synthetic[];
  readonly bad: Synthetic[];
  readonly says: RegExp;
}

/** A Deployment whose container sets no ids, and whose pod sets these (kube-score falls back to the pod's). */
function idsFromPod(ids: Record<string, number>): Synthetic {
  const synthetic = deployment(withSecurity({ runAsUser: undefined, runAsGroup: undefined }));
  const spec = synthetic.inputs.spec as { template: { spec: Record<string, unknown> } };
  spec.template.spec.securityContext = ids;
  return synthetic;
}

const CONTAINER_CASES: Case[] = [
  {
    rule: "kube-score-container-ephemeral-storage-request-and-limit",
    good: [cronJob(goodContainer)],
    bad: [
      deployment({
        ...goodContainer,
        resources: {
          requests: { cpu: "1", memory: "1Gi" },
          limits: { cpu: "1", memory: "1Gi", "ephemeral-storage": "1Gi" },
        },
      }),
    ],
    says: /Container api: no ephemeral-storage requests\./,
  },
  {
    rule: "kube-score-pod-probes-identical",
    good: [statefulSet(goodContainer)],
    bad: [statefulSet({ ...goodContainer, livenessProbe: probe })],
    says: /the same readiness and liveness probe/,
  },
  {
    rule: "kube-score-container-security-context-user-group-id",
    good: [idsFromPod({ runAsUser: 10001, runAsGroup: 10001 })],
    bad: [idsFromPod({ runAsUser: 10001 })],
    says: /Container api: runAsGroup below 10000 or unset/,
  },
  {
    rule: "kube-score-container-resources",
    good: [deployment()],
    bad: [deployment({ ...goodContainer, resources: { requests: { cpu: "100m", memory: "128Mi" } } })],
    says: /Container api: no limits\.cpu, limits\.memory/,
  },
  {
    rule: "kube-linter-no-liveness-probe",
    good: [statefulSet(goodContainer)],
    bad: [statefulSet(without("livenessProbe"))],
    says: /no liveness probe/,
  },
  {
    rule: "kube-linter-no-readiness-probe",
    good: [deployment()],
    bad: [deployment(without("readinessProbe"))],
    says: /no readiness probe/,
  },
  {
    rule: "kube-linter-run-as-non-root",
    good: [cronJob(goodContainer)],
    // goodContainer runs as uid 10001, which kube-linter accepts as non-root by itself.
    bad: [cronJob(withSecurity({ runAsNonRoot: false, runAsUser: undefined }))],
    says: /may run as root/,
  },
  {
    rule: "kube-linter-no-read-only-root-fs",
    good: [deployment()],
    bad: [deployment(withSecurity({ readOnlyRootFilesystem: undefined }))],
    says: /writable root filesystem/,
  },
  {
    rule: "polaris-privilegeEscalationAllowed",
    good: [statefulSet(goodContainer)],
    bad: [statefulSet(withSecurity({ allowPrivilegeEscalation: true }))],
    says: /privilege escalation allowed/,
  },
  {
    rule: "polaris-insecureCapabilities",
    good: [cronJob(goodContainer)],
    bad: [cronJob(withSecurity({ capabilities: { drop: ["NET_RAW"] } }))],
    says: /capabilities not dropped/,
  },
  {
    rule: "kube-score-container-image-tag",
    good: [deployment({ ...goodContainer, image: "registry:5000/api@sha256:abc" })],
    bad: [deployment({ ...goodContainer, image: "registry:5000/api" })],
    says: /image registry:5000\/api has no tag/,
  },
  {
    rule: "kube-score-container-image-tag",
    good: [deployment()],
    bad: [deployment({ ...goodContainer, image: "nginx:latest" })],
    says: /uses the latest tag/,
  },
];

const STACK_CASES: Case[] = [
  {
    rule: "kube-score-pod-networkpolicy",
    good: [deployment(), denyAll],
    bad: [deployment(), otherAppPolicy],
    says: /pods of api are not selected by any NetworkPolicy/,
  },
  {
    rule: "kube-score-deployment-has-poddisruptionbudget",
    good: [deployment(goodContainer, { replicas: 2 }), pdb],
    bad: [deployment(goodContainer, { replicas: 3 })],
    says: /Deployment api has no PodDisruptionBudget/,
  },
  {
    rule: "kube-score-deployment-has-poddisruptionbudget",
    good: [deployment(goodContainer, { replicas: 1 })],
    bad: [deployment(), hpa],
    says: /Deployment api has no PodDisruptionBudget/,
  },
  {
    rule: "kube-score-deployment-targeted-by-hpa-does-not-have-replicas-configured",
    good: [deployment(), hpa],
    bad: [deployment(goodContainer, { replicas: 2 }), hpa],
    says: /sets replicas: 2 but an HPA scales it/,
  },
  {
    rule: "kube-score-service-type",
    good: [service()],
    bad: [service("NodePort")],
    says: /Service of type NodePort/,
  },
  {
    rule: "kube-score-service-type",
    good: [service("ClusterIP")],
    bad: [service("LoadBalancer")],
    says: /LoadBalancer/,
  },
];

describe("policy pack: Kubernetes rules", () => {
  for (const c of [...CONTAINER_CASES, ...STACK_CASES]) {
    it(`${c.rule} (${c.bad[0].type.split(":").pop()}): a compliant stack passes, a breaking one is reported`, async () => {
      assert.deepEqual(await violationsOf(c.rule, c.good), []);
      const violations = await violationsOf(c.rule, c.bad);
      assert.equal(violations.length, 1, JSON.stringify(violations, null, 2));
      assert.equal(violations[0].policy, c.rule);
      assert.equal(violations[0].resource?.type, c.bad[0].type);
      assert.match(violations[0].message, c.says);
      assert.match(violations[0].message, / Fix: \S/);
    });
  }

  it("probes are not asked of a CronJob, whose pods run to completion", async () => {
    assert.deepEqual(
      await violationsOf("kube-linter-no-liveness-probe", [cronJob(without("livenessProbe"))]),
      [],
    );
  });

  it("a container's own ids win over the pod's, as in kube-score", async () => {
    const low = idsFromPod({ runAsUser: 10001, runAsGroup: 10001 });
    const spec = low.inputs.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
    spec.template.spec.containers = [withSecurity({ runAsUser: 999 })];
    const violations = await violationsOf("kube-score-container-security-context-user-group-id", [low]);
    assert.deepEqual(
      violations.map((v) => v.message.split(" Fix: ")[0]),
      ["Container api: runAsUser below 10000 or unset."],
    );
  });

  it("as kube-score, two named probe ports compare equal, and a CronJob's probes are not compared", async () => {
    const named = {
      ...goodContainer,
      readinessProbe: { httpGet: { path: "/a", port: "http" } },
      livenessProbe: { httpGet: { path: "/a", port: "metrics" } },
    };
    assert.equal((await violationsOf("kube-score-pod-probes-identical", [deployment(named)])).length, 1);
    assert.deepEqual(await violationsOf("kube-score-pod-probes-identical", [cronJob(named)]), []);
  });

  it("runAsNonRoot may come from the pod's security context", async () => {
    const container = withSecurity({ runAsNonRoot: undefined, runAsUser: undefined });
    const pod = deployment(container);
    const spec = (pod.inputs.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    spec.securityContext = { runAsNonRoot: true };
    assert.deepEqual(await violationsOf("kube-linter-run-as-non-root", [pod]), []);
    assert.equal((await violationsOf("kube-linter-run-as-non-root", [deployment(container)])).length, 1);
  });

  it("as kube-score: a pod needs an egress policy too, and an unset policyTypes governs egress only with egress rules", async () => {
    const policy = (spec: Record<string, unknown>) => ({ ...denyAll, inputs: { ...denyAll.inputs, spec } });
    const ingressOnly = policy({ podSelector: {}, policyTypes: ["Ingress"] });
    const says = await violationsOf("kube-score-pod-networkpolicy", [deployment(), ingressOnly]);
    assert.deepEqual(
      says.map((v) => v.message.split(" Fix: ")[0]),
      ["The pods of api have no matching egress NetworkPolicy."],
    );
    const unsetWithEgress = policy({ podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] });
    assert.deepEqual(await violationsOf("kube-score-pod-networkpolicy", [deployment(), unsetWithEgress]), []);
    const unsetWithout = policy({ podSelector: {} });
    assert.equal(
      (await violationsOf("kube-score-pod-networkpolicy", [deployment(), unsetWithout])).length,
      1,
    );
  });

  it("a NetworkPolicy of another namespace does not cover a pod", async () => {
    const elsewhere = { ...denyAll, inputs: { ...denyAll.inputs, metadata: { namespace: "other" } } };
    assert.equal((await violationsOf("kube-score-pod-networkpolicy", [deployment(), elsewhere])).length, 1);
  });

  it("a Service the stack asks for is allowed by name in the pack's config", async () => {
    const config = { "kube-score-service-type": { allowedServices: ["api"] } };
    assert.deepEqual(
      await violationsOf("kube-score-service-type", [service("LoadBalancer")], { config }),
      [],
    );
  });

  describe("user and group ids: the exemption of images that own their data as a fixed id", () => {
    const RULE = "kube-score-container-security-context-user-group-id";
    const as = (image: string, runAsUser: number, runAsGroup: number) =>
      statefulSet({ ...withSecurity({ runAsUser, runAsGroup }), image });

    it("is mandatory now, as are ephemeral storage and distinct probes: the shipped stacks comply", () => {
      for (const id of [
        RULE,
        "kube-score-container-ephemeral-storage-request-and-limit",
        "kube-score-pod-probes-identical",
      ])
        assert.equal(ruleNamed(id).enforcementLevel, "mandatory", id);
    });

    it("lets the official postgres and mysql images run as exactly 999:999, by any spelling of their name", async () => {
      for (const image of [
        "postgres:16.4@sha256:9a2f3b8137068178039fcf7769a760b700a4c09460c502bcd18cae8a7484af65",
        "mysql:8.4",
        "docker.io/library/postgres:16",
      ])
        assert.deepEqual(await violationsOf(RULE, [as(image, 999, 999)]), [], image);
    });

    it("is exact: another id, a mixed pair, or another image with the same name is still reported", async () => {
      for (const bad of [
        as("postgres:16.4", 1000, 1000),
        as("postgres:16.4", 999, 1000),
        as("ghcr.io/example/postgres:16", 999, 999),
        as("ghcr.io/example/api:1.4.2", 999, 999),
      ])
        assert.equal((await violationsOf(RULE, [bad])).length, 1, JSON.stringify(bad.inputs));
    });

    it("is the pack's config: a stack lists its own image, or empties the list", async () => {
      const own = { [RULE]: { imageUsers: [{ image: "registry.example/pg", id: 26 }] } };
      assert.deepEqual(
        await violationsOf(RULE, [as("registry.example/pg:16@sha256:abc", 26, 26)], { config: own }),
        [],
      );
      // Setting the list replaces the default one: postgres is then reported like any other image.
      assert.equal((await violationsOf(RULE, [as("postgres:16.4", 999, 999)], { config: own })).length, 1);
      const none = { [RULE]: { imageUsers: [] } };
      assert.equal((await violationsOf(RULE, [as("mysql:8.4", 999, 999)], { config: none })).length, 1);
    });

    it("reads an image's repository without tag, digest or Docker Hub's prefix", () => {
      assert.equal(imageRepository("postgres:16.4@sha256:abc"), "postgres");
      assert.equal(imageRepository("index.docker.io/library/mysql:8.4"), "mysql");
      assert.equal(imageRepository("docker.io/postgres"), "postgres");
      assert.equal(imageRepository("localhost:5000/postgres:16"), "localhost:5000/postgres");
      assert.equal(imageRepository("quay.io/minio/mc:RELEASE@sha256:abc"), "quay.io/minio/mc");
    });

    it("the dev kubernetes stack's PostgreSQL StatefulSet is the one object it exempts", async () => {
      const dev = await runStack("dev", { target: "kubernetes" });
      const only = (config?: Record<string, unknown>) =>
        evaluatePolicies(dev, { policies: [ruleNamed(RULE)], config }).then((r) => r.violations);
      assert.deepEqual(await only(), []);
      const without = await only({ [RULE]: { imageUsers: [] } });
      assert.deepEqual(
        without.map((v) => `${v.enforcementLevel} ${v.resource?.name}`),
        ["mandatory database-statefulset"],
      );
    });
  });
});
