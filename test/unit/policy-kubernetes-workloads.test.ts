import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import {
  cronJob,
  deployment,
  goodContainer,
  probe,
  statefulSet,
  without,
  withSecurity,
} from "../support/policy-kubernetes-fixtures";
import { IMAGE_USERS } from "../../policy/kubernetes/workloads";
import type { Synthetic } from "../support/policy";

const container = (change: Record<string, unknown>) => ({ ...goodContainer, ...change });
const resources = (requests: Record<string, string>, limits: Record<string, string>) =>
  container({ resources: { requests, limits } });
const FULL = { cpu: "1", memory: "1Gi", "ephemeral-storage": "1Gi" };

/** A workload of the given kind running this container, with these pod-level settings. */
function workload(type: string, c: Record<string, unknown>, pod: Record<string, unknown> = {}): Synthetic {
  const spec = { containers: [c], ...pod };
  const podTemplate = { metadata: { labels: { app: "x" } }, spec };
  const inputs = type.endsWith(":CronJob")
    ? { spec: { jobTemplate: { spec: { template: podTemplate } } } }
    : { spec: { selector: { matchLabels: { app: "x" } }, template: podTemplate } };
  return res(type, "w", inputs);
}
const KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].map((k) => `kubernetes:apps/v1:${k}`);
const BATCH = ["kubernetes:batch/v1:Job", "kubernetes:batch/v1:CronJob"];

describe("policy rules: Kubernetes containers, each condition alone", () => {
  it("a container rule checks every workload kind, init containers included, and names the container", async () => {
    for (const type of [...KINDS, ...BATCH]) {
      assert.deepEqual(
        await findingsOf("kube-linter-no-read-only-root-fs", [workload(type, goodContainer)]),
        [],
        type,
      );
      const init = { initContainers: [{ ...withSecurity({ readOnlyRootFilesystem: false }), name: "init" }] };
      assert.deepEqual(
        await findingsOf("kube-linter-no-read-only-root-fs", [workload(type, goodContainer, init)]),
        [["w", "Container init: writable root filesystem."]],
      );
    }
    assert.deepEqual(
      notApplicableReasons("kube-linter-no-read-only-root-fs", [res("kubernetes:core/v1:Pod", "p", {})]),
      [`applies to ${[...KINDS, ...BATCH].join(", ")}`],
    );
  });

  it("kube-score-container-resources: each of requests and limits of cpu and memory, missing alone", async () => {
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        const partial = { ...FULL, [resource]: undefined };
        const c = kind === "requests" ? resources(partial as never, FULL) : resources(FULL, partial as never);
        assert.deepEqual(await findingsOf("kube-score-container-resources", [deployment(c)]), [
          ["api", `Container api: no ${kind}.${resource}.`],
        ]);
      }
    }
    assert.deepEqual(await findingsOf("kube-score-container-resources", [deployment(without("resources"))]), [
      ["api", "Container api: no requests.cpu, requests.memory, limits.cpu, limits.memory."],
    ]);
  });

  it("kube-score-container-ephemeral-storage-request-and-limit: requests and limits each alone", async () => {
    const RULE = "kube-score-container-ephemeral-storage-request-and-limit";
    const none = { cpu: "1", memory: "1Gi" };
    assert.deepEqual(await findingsOf(RULE, [deployment(resources(FULL, FULL))]), []);
    assert.deepEqual(await findingsOf(RULE, [deployment(resources(none, FULL))]), [
      ["api", "Container api: no ephemeral-storage requests."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [deployment(resources(FULL, none))]), [
      ["api", "Container api: no ephemeral-storage limits."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [deployment(without("resources"))]), [
      ["api", "Container api: no ephemeral-storage requests or limits."],
    ]);
  });

  it("liveness and readiness probes are asked of long-running workloads' containers only, not of init containers", async () => {
    for (const [rule, probeKey, problem] of [
      ["kube-linter-no-liveness-probe", "livenessProbe", "no liveness probe."],
      ["kube-linter-no-readiness-probe", "readinessProbe", "no readiness probe."],
    ]) {
      for (const type of KINDS.slice(0, 3)) {
        assert.deepEqual(
          await findingsOf(rule, [workload(type, without(probeKey))]),
          [["w", `Container api: ${problem}`]],
          type,
        );
      }
      assert.deepEqual(notApplicableReasons(rule, [workload(KINDS[3], without(probeKey))]), [
        `applies to ${KINDS.slice(0, 3).join(", ")}`,
      ]);
      const init = { initContainers: [{ name: "init", image: "i:1" }] };
      assert.deepEqual(await findingsOf(rule, [workload(KINDS[0], goodContainer, init)]), [], rule);
    }
  });

  it("kube-linter-run-as-non-root: runAsNonRoot or a non-zero user, the container's winning over the pod's", async () => {
    const RULE = "kube-linter-run-as-non-root";
    const root = [["w", "Container api: may run as root."]];
    const bare = container({ securityContext: {} });
    const podWith = (securityContext: Record<string, unknown>) => ({ securityContext });
    assert.deepEqual(await findingsOf(RULE, [workload(KINDS[0], bare)]), root);
    assert.deepEqual(
      await findingsOf(RULE, [workload(KINDS[0], container({ securityContext: { runAsUser: 1 } }))]),
      [],
    );
    assert.deepEqual(
      await findingsOf(RULE, [workload(KINDS[0], container({ securityContext: { runAsUser: 0 } }))]),
      root,
    );
    assert.deepEqual(await findingsOf(RULE, [workload(KINDS[0], bare, podWith({ runAsNonRoot: true }))]), []);
    assert.deepEqual(await findingsOf(RULE, [workload(KINDS[0], bare, podWith({ runAsUser: 1 }))]), []);
    const ownFalse = container({ securityContext: { runAsNonRoot: false } });
    assert.deepEqual(
      await findingsOf(RULE, [workload(KINDS[0], ownFalse, podWith({ runAsNonRoot: true }))]),
      root,
    );
    const ownZero = container({ securityContext: { runAsUser: 0 } });
    assert.deepEqual(await findingsOf(RULE, [workload(KINDS[0], ownZero, podWith({ runAsUser: 5 }))]), root);
  });

  it("privilege escalation must be off explicitly, and capabilities must drop ALL", async () => {
    for (const value of [undefined, true]) {
      assert.deepEqual(
        await findingsOf("polaris-privilegeEscalationAllowed", [
          deployment(withSecurity({ allowPrivilegeEscalation: value })),
        ]),
        [["api", "Container api: privilege escalation allowed."]],
      );
    }
    for (const capabilities of [undefined, { drop: ["NET_RAW"] }, { add: ["ALL"] }]) {
      assert.deepEqual(
        await findingsOf("polaris-insecureCapabilities", [deployment(withSecurity({ capabilities }))]),
        [["api", "Container api: capabilities not dropped."]],
      );
    }
    assert.deepEqual(
      await findingsOf("polaris-insecureCapabilities", [
        deployment(withSecurity({ capabilities: { drop: ["NET_RAW", "ALL"] } })),
      ]),
      [],
    );
    assert.deepEqual(
      await findingsOf("kube-linter-no-read-only-root-fs", [deployment(without("securityContext"))]),
      [["api", "Container api: writable root filesystem."]],
    );
  });

  it("kube-score-container-image-tag reports the image's problem", async () => {
    assert.deepEqual(
      await findingsOf("kube-score-container-image-tag", [deployment(container({ image: "api" }))]),
      [["api", "Container api: image api has no tag."]],
    );
    assert.deepEqual(await findingsOf("kube-score-container-image-tag", [deployment(without("image"))]), []);
  });

  it("kube-score-pod-probes-identical: identical probes fail, on every kind but batch ones", async () => {
    const RULE = "kube-score-pod-probes-identical";
    const same = container({ livenessProbe: probe });
    for (const type of KINDS) {
      assert.deepEqual(
        await findingsOf(RULE, [workload(type, same)]),
        [["w", "Container api: the same readiness and liveness probe."]],
        type,
      );
    }
    for (const type of BATCH)
      assert.deepEqual(notApplicableReasons(RULE, [workload(type, same)]), [
        `applies to ${KINDS.join(", ")}`,
      ]);
    assert.deepEqual(await findingsOf(RULE, [statefulSet(without("livenessProbe"))]), []);
    assert.deepEqual(
      await findingsOf(RULE, [statefulSet({ ...without("readinessProbe"), livenessProbe: probe })]),
      [],
    );
  });

  it("a container without a security context gets the pod's settings, or fails each hardening rule", async () => {
    const bare = without("securityContext");
    assert.deepEqual(
      await findingsOf("kube-linter-run-as-non-root", [
        workload(KINDS[0], bare, { securityContext: { runAsNonRoot: true } }),
      ]),
      [],
    );
    assert.deepEqual(
      await findingsOf("kube-linter-run-as-non-root", [
        workload(KINDS[0], bare, { securityContext: { runAsUser: 7 } }),
      ]),
      [],
    );
    assert.deepEqual(await findingsOf("polaris-privilegeEscalationAllowed", [workload(KINDS[0], bare)]), [
      ["w", "Container api: privilege escalation allowed."],
    ]);
    assert.deepEqual(await findingsOf("polaris-insecureCapabilities", [workload(KINDS[0], bare)]), [
      ["w", "Container api: capabilities not dropped."],
    ]);
    const ids = { securityContext: { runAsUser: 10001, runAsGroup: 10001 } };
    assert.deepEqual(
      await findingsOf("kube-score-container-security-context-user-group-id", [
        workload(KINDS[0], bare, ids),
      ]),
      [],
    );
  });
});

describe("policy rules: Kubernetes user and group ids, each condition alone", () => {
  const RULE = "kube-score-container-security-context-user-group-id";
  const ids = (runAsUser: unknown, runAsGroup: unknown, image = goodContainer.image) =>
    deployment(
      container({ image, securityContext: { ...goodContainer.securityContext, runAsUser, runAsGroup } }),
    );

  it("needs both ids of 10000 or more, each checked at its boundary", async () => {
    assert.deepEqual(await findingsOf(RULE, [ids(10000, 10000)]), []);
    assert.deepEqual(await findingsOf(RULE, [ids(9999, 10000)]), [
      ["api", "Container api: runAsUser below 10000 or unset."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [ids(10000, 9999)]), [
      ["api", "Container api: runAsGroup below 10000 or unset."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [ids(undefined, "10001")]), [
      ["api", "Container api: runAsUser and runAsGroup below 10000 or unset."],
    ]);
  });

  it("exempts a listed image as exactly its id, for user and group alike", async () => {
    assert.deepEqual(IMAGE_USERS, [
      { image: "postgres", id: 999 },
      { image: "mysql", id: 999 },
    ]);
    for (const image of ["postgres:16", "docker.io/library/mysql:8"]) {
      assert.deepEqual(await findingsOf(RULE, [ids(999, 999, image)]), [], image);
    }
    assert.deepEqual(await findingsOf(RULE, [ids(999, 10001, "postgres:16")]), [
      ["api", "Container api: runAsUser below 10000 or unset."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [ids(998, 998, "mysql:8")]), [
      ["api", "Container api: runAsUser and runAsGroup below 10000 or unset."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [ids(999, 999, "ghcr.io/o/postgres:16")]), [
      ["api", "Container api: runAsUser and runAsGroup below 10000 or unset."],
    ]);
    const config = { config: { [RULE]: { imageUsers: [{ image: "ghcr.io/o/app", id: 70 }] } } };
    assert.deepEqual(await findingsOf(RULE, [ids(70, 70, "ghcr.io/o/app:1")], config), []);
    assert.equal((await findingsOf(RULE, [ids(999, 999, "postgres:16")], config)).length, 1);
    const noImage = deployment({ ...without("image"), securityContext: { runAsUser: 999, runAsGroup: 999 } });
    assert.equal((await findingsOf(RULE, [noImage])).length, 1);
  });

  it("takes an id the container leaves unset from the pod", async () => {
    const c = withSecurity({ runAsUser: undefined, runAsGroup: 20000 });
    assert.deepEqual(
      await findingsOf(RULE, [
        workload(KINDS[0], c, { securityContext: { runAsUser: 20000, runAsGroup: 1 } }),
      ]),
      [],
    );
    assert.deepEqual(await findingsOf(RULE, [workload(KINDS[0], c, { securityContext: { runAsUser: 5 } })]), [
      ["w", "Container api: runAsUser below 10000 or unset."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [cronJob(goodContainer)]), []);
  });
});
