import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import {
  deployment,
  denyAll,
  hpa,
  pdb,
  service,
  statefulSet,
  goodContainer,
  LABELS,
  NETWORK_POLICY,
} from "../support/policy-kubernetes-fixtures";
import type { Synthetic } from "../support/policy";

const PDB_RULE = "kube-score-deployment-has-poddisruptionbudget";
const HPA_RULE = "kube-score-deployment-targeted-by-hpa-does-not-have-replicas-configured";
const HPA_V1 = "kubernetes:autoscaling/v1:HorizontalPodAutoscaler";
const replicas = (n?: number) => deployment(goodContainer, n === undefined ? {} : { replicas: n });
/** The fixture's HPA with its spec changed, its namespace changed, or its type changed. */
function hpaWith(spec: Record<string, unknown>, namespace = "strata", type = hpa.type): Synthetic {
  const base = hpa.inputs.spec as Record<string, unknown>;
  return { ...hpa, type, inputs: { metadata: { namespace }, spec: { ...base, ...spec } } };
}
const target = (ref: Record<string, unknown>) => ({ scaleTargetRef: ref });
const pdbWith = (selector: unknown, namespace = "strata") => ({
  ...pdb,
  inputs: { metadata: { namespace }, spec: { maxUnavailable: 1, selector } },
});
const noBudget = [["api", "Deployment api has no PodDisruptionBudget."]];

describe("policy rules: Kubernetes availability, each condition alone", () => {
  it("asks a budget of 2 replicas or more, not of 1 or of the default", async () => {
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(2)]), noBudget);
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(1)]), []);
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(undefined)]), []);
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(2), pdb]), []);
    assert.deepEqual(notApplicableReasons(PDB_RULE, [statefulSet(goodContainer)]), [
      "no Deployment in the stack",
    ]);
  });

  it("counts an HPA's minimum (1 when unset) instead of the Deployment's replicas", async () => {
    assert.deepEqual(
      await findingsOf(PDB_RULE, [replicas(undefined), hpaWith({ minReplicas: 2 })]),
      noBudget,
    );
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(3), hpaWith({ minReplicas: 1 })]), []);
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(3), hpaWith({ minReplicas: undefined })]), []);
  });

  it("finds a Deployment's HPA by object name, Pulumi name or dependency, of its namespace and kind", async () => {
    const scaled = (h: Synthetic) => findingsOf(PDB_RULE, [replicas(undefined), h]);
    assert.deepEqual(
      await scaled(
        hpaWith({ ...target({ kind: "Deployment", name: "api" }), minReplicas: 2 }, "strata", HPA_V1),
      ),
      noBudget,
    );
    // By Pulumi name: the Deployment object is named otherwise.
    const base = deployment();
    const renamed = {
      ...base,
      inputs: { ...base.inputs, metadata: { name: "api-x1", namespace: "strata" } },
    };
    assert.deepEqual(await findingsOf(PDB_RULE, [renamed, hpaWith({ minReplicas: 2 })]), noBudget);
    assert.deepEqual(await scaled(hpaWith({ ...target({ name: "api-x1" }), minReplicas: 2 })), []);
    // By dependency: the reference is the Deployment's (mocked) id; the kind may be left out.
    assert.deepEqual(await scaled(hpaWith({ ...target({ name: "api-id" }), minReplicas: 2 })), noBudget);
    assert.deepEqual(
      await scaled(hpaWith({ ...target({ kind: "StatefulSet", name: "api" }), minReplicas: 2 })),
      [],
    );
    assert.deepEqual(await scaled(hpaWith({ minReplicas: 2 }, "other")), []);
    assert.deepEqual(await scaled(hpaWith({ ...target({}), minReplicas: 2 })), []);
  });

  it("a budget covers the Deployment only in its namespace and when its selector matches the pods", async () => {
    assert.deepEqual(
      await findingsOf(PDB_RULE, [replicas(2), pdbWith({ matchLabels: LABELS }, "other")]),
      noBudget,
    );
    assert.deepEqual(
      await findingsOf(PDB_RULE, [replicas(2), pdbWith({ matchLabels: { app: "web" } })]),
      noBudget,
    );
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(2), pdbWith(undefined)]), noBudget);
    const other = {
      ...pdbWith({ matchLabels: LABELS }),
      type: "kubernetes:policy/v1beta1:PodDisruptionBudget",
    };
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(2), other]), noBudget);
  });

  it("an HPA's Deployment must not set replicas; one without an HPA may", async () => {
    assert.deepEqual(await findingsOf(HPA_RULE, [replicas(undefined), hpa]), []);
    assert.deepEqual(await findingsOf(HPA_RULE, [replicas(0), hpaWith({}, "strata", HPA_V1)]), [
      ["api", "Deployment api sets replicas: 0 but an HPA scales it."],
    ]);
    assert.deepEqual(
      await findingsOf(HPA_RULE, [replicas(3), hpaWith({ ...target({ kind: "Deployment", name: "web" }) })]),
      [],
    );
    assert.deepEqual(notApplicableReasons(HPA_RULE, [replicas(3)]), ["no HPA in the stack"]);
  });
  it("an HPA scales the Deployment its dependencies point to, and only that one", async () => {
    const web = {
      ...deployment(),
      name: "web",
      inputs: { ...deployment().inputs, metadata: { name: "web", namespace: "strata" } },
    };
    // The HPA's inputs refer to web (by its mocked id) and to api's nothing: only web runs its minimum.
    const hpaOfWeb = hpaWith({ ...target({ kind: "Deployment", name: "web-id" }), minReplicas: 2 });
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(undefined), web, hpaOfWeb]), [
      ["web", "Deployment web has no PodDisruptionBudget."],
    ]);
    // One input may refer to several resources; the HPA scales each Deployment among them.
    const both = hpaWith({
      ...target({ kind: "Deployment", name: "web-id" }),
      minReplicas: 2,
      metrics: [{ note: "api-id" }],
    });
    const bothDeps = {
      ...both,
      inputs: {
        ...both.inputs,
        spec: {
          ...(both.inputs.spec as object),
          scaleTargetRef: { kind: "Deployment", name: ["api-id", "web-id"] },
        },
      },
    };
    assert.deepEqual(
      (await findingsOf(PDB_RULE, [replicas(undefined), web, bothDeps])).map(([name]) => name),
      ["api", "web"],
    );
  });

  it("an HPA without a target name scales no Deployment by name, not even one without a name", async () => {
    const unnamed = {
      ...deployment(),
      inputs: { ...deployment().inputs, metadata: { namespace: "strata" } },
    };
    assert.deepEqual(
      await findingsOf(PDB_RULE, [unnamed, hpaWith({ ...target({ kind: "Deployment" }), minReplicas: 2 })]),
      [],
    );
  });

  it("reads objects without a spec as their defaults, without failing", async () => {
    const bareHpa = res(hpa.type, "h", {
      metadata: { namespace: "strata", annotations: { target: "api-id" } },
    });
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(undefined), bareHpa]), []);
    const bareDeployment = res("kubernetes:apps/v1:Deployment", "bare", {
      metadata: { namespace: "strata" },
    });
    assert.deepEqual(await findingsOf(PDB_RULE, [bareDeployment]), []);
    assert.deepEqual(await findingsOf(HPA_RULE, [bareDeployment, hpa]), []);
    const barePdb = res(pdb.type, "p", { metadata: { namespace: "strata" } });
    assert.deepEqual(await findingsOf(PDB_RULE, [replicas(2), barePdb]), noBudget);
  });

  it("the HPA rule looks at Deployments only", async () => {
    const db = statefulSet(goodContainer);
    const withReplicas = {
      ...db,
      inputs: { ...db.inputs, spec: { ...(db.inputs.spec as object), replicas: 3 } },
    };
    assert.deepEqual(await findingsOf(HPA_RULE, [withReplicas, hpaWith({ ...target({ name: "db" }) })]), []);
  });
});

describe("policy rules: Kubernetes network policies and services, each condition alone", () => {
  const RULE = "kube-score-pod-networkpolicy";
  const policy = (spec: Record<string, unknown>, namespace = "strata", type = NETWORK_POLICY): Synthetic => ({
    type,
    name: "np",
    inputs: { metadata: { namespace }, spec: { podSelector: {}, ...spec } },
  });

  it("each direction must be governed by a policy that selects the pods, in their namespace", async () => {
    assert.deepEqual(await findingsOf(RULE, [deployment(), denyAll]), []);
    assert.deepEqual(
      await findingsOf(RULE, [
        deployment(),
        policy({ policyTypes: ["Ingress"] }),
        policy({ policyTypes: ["Egress"] }),
      ]),
      [],
    );
    assert.deepEqual(await findingsOf(RULE, [deployment(), policy({ policyTypes: ["Egress"] })]), [
      ["api", "The pods of api have no matching ingress NetworkPolicy."],
    ]);
    assert.deepEqual(await findingsOf(RULE, [deployment(), policy({ policyTypes: ["Ingress"] })]), [
      ["api", "The pods of api have no matching egress NetworkPolicy."],
    ]);
    const unselected = [["api", "The pods of api are not selected by any NetworkPolicy."]];
    assert.deepEqual(await findingsOf(RULE, [deployment()]), unselected);
    assert.deepEqual(
      await findingsOf(RULE, [deployment(), policy({ policyTypes: ["Ingress", "Egress"] }, "other")]),
      unselected,
    );
    assert.deepEqual(
      await findingsOf(RULE, [deployment(), policy({ podSelector: { matchLabels: { app: "web" } } })]),
      unselected,
    );
    const beta = policy(
      { policyTypes: ["Ingress", "Egress"] },
      "strata",
      "kubernetes:networking.k8s.io/v1beta1:NetworkPolicy",
    );
    assert.deepEqual(await findingsOf(RULE, [deployment(), beta]), unselected);
    assert.deepEqual(notApplicableReasons(RULE, [service()]), ["no workload in the stack"]);
  });

  it("an unset or empty policyTypes governs Ingress, and Egress only when the policy has egress rules", async () => {
    const noEgress = [["api", "The pods of api have no matching egress NetworkPolicy."]];
    assert.deepEqual(await findingsOf(RULE, [deployment(), policy({})]), noEgress);
    assert.deepEqual(
      await findingsOf(RULE, [deployment(), policy({ policyTypes: [], egress: [] })]),
      noEgress,
    );
    assert.deepEqual(
      await findingsOf(RULE, [deployment(), policy({ policyTypes: [], egress: [{ to: [] }] })]),
      [],
    );
    assert.deepEqual(await findingsOf(RULE, [deployment(), policy({ egress: [{ to: [] }] })]), []);
  });

  it("kube-score-service-type: ClusterIP (the default) passes; other types unless allowed by type or by name", async () => {
    const RULE = "kube-score-service-type";
    assert.deepEqual(await findingsOf(RULE, [service()]), []);
    assert.deepEqual(await findingsOf(RULE, [service("ClusterIP")]), []);
    for (const type of ["NodePort", "LoadBalancer"]) {
      assert.deepEqual(await findingsOf(RULE, [service(type)]), [["api", `Service of type ${type}.`]]);
    }
    const config = (settings: Record<string, unknown>) => ({ config: { [RULE]: settings } });
    assert.deepEqual(
      await findingsOf(RULE, [service("NodePort")], config({ allowedTypes: ["ClusterIP", "NodePort"] })),
      [],
    );
    assert.deepEqual(await findingsOf(RULE, [service("ClusterIP")], config({ allowedTypes: ["NodePort"] })), [
      ["api", "Service of type ClusterIP."],
    ]);
    assert.deepEqual(
      await findingsOf(RULE, [service("LoadBalancer")], config({ allowedServices: ["api"] })),
      [],
    );
    const named = res("kubernetes:core/v1:Service", "pulumi-name", {
      metadata: { name: "edge" },
      spec: { type: "LoadBalancer" },
    });
    assert.deepEqual(await findingsOf(RULE, [named], config({ allowedServices: ["edge"] })), []);
    assert.deepEqual(await findingsOf(RULE, [named], config({ allowedServices: ["pulumi-name"] })), []);
    assert.deepEqual(await findingsOf(RULE, [named], config({ allowedServices: ["other"] })), [
      ["pulumi-name", "Service of type LoadBalancer."],
    ]);
  });

  it("a NetworkPolicy without a spec selects no pod, and a Service without one is ClusterIP", async () => {
    assert.deepEqual(
      await findingsOf(RULE, [
        deployment(),
        res(NETWORK_POLICY, "np", { metadata: { namespace: "strata" } }),
      ]),
      [["api", "The pods of api are not selected by any NetworkPolicy."]],
    );
    assert.deepEqual(
      await findingsOf("kube-score-service-type", [res("kubernetes:core/v1:Service", "s", {})]),
      [],
    );
  });
});
