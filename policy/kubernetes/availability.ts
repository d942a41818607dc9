import type * as k8s from "@pulumi/kubernetes";
import type { PolicyResource } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { ifKnown, known, stackRule } from "../rule";
import { objectName, podLabelsOf, sameNamespace, selects } from "./pods";

type PdbSpec = Unwrap<k8s.types.input.policy.v1.PodDisruptionBudgetSpec>;
type HpaSpec = Unwrap<k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec>;

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const HPAS = [
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  "kubernetes:autoscaling/v1:HorizontalPodAutoscaler",
];

/** The HPAs that scale a Deployment: by its object name, its Pulumi name, or the engine's property dependencies. */
function hpasOf(resources: PolicyResource[], deployment: PolicyResource): PolicyResource[] {
  const names = [objectName(deployment.props), deployment.name];
  return resources.filter((r) => {
    if (!HPAS.includes(r.type) || !sameNamespace(r.props, deployment.props)) return false;
    const target = ifKnown<HpaSpec["scaleTargetRef"]>(ifKnown(r.props, "spec"), "scaleTargetRef");
    const [kind, name] = [ifKnown<string>(target, "kind"), ifKnown<string>(target, "name")];
    if (kind !== undefined && kind !== "Deployment") return false;
    const byDependency = Object.values(r.propertyDependencies).some((deps) =>
      deps.some((d) => d.urn === deployment.urn),
    );
    return byDependency || (name !== undefined && names.includes(name));
  });
}

/** Replicas a Deployment runs: its own count, or its HPA's minimum; Kubernetes defaults to 1. */
function replicasOf(resources: PolicyResource[], deployment: PolicyResource): number {
  const hpa = hpasOf(resources, deployment)[0];
  if (hpa) return known<HpaSpec>(hpa.props, "spec")?.minReplicas ?? 1;
  return known<{ replicas?: number }>(deployment.props, "spec")?.replicas ?? 1;
}

export const availabilityPolicies = [
  stackRule(
    {
      id: "kube-score-deployment-has-poddisruptionbudget",
      description:
        "Deployments of 2 or more replicas have a PodDisruptionBudget, so node drains keep some running.",
      fix: "Add a policy/v1 PodDisruptionBudget selecting the Deployment's pods, with maxUnavailable: 1.",
    },
    (resources, args, fail) => {
      const deployments = resources.filter((r) => r.type === DEPLOYMENT);
      if (deployments.length === 0) return args.notApplicable("no Deployment in the stack");
      const budgets = resources.filter((r) => r.type === PDB);
      for (const deployment of deployments) {
        if (replicasOf(resources, deployment) < 2) continue;
        const labels = podLabelsOf(deployment.type, deployment.props);
        const covered = budgets.some(
          (b) =>
            sameNamespace(b.props, deployment.props) &&
            selects(known<PdbSpec>(b.props, "spec")?.selector, labels),
        );
        if (!covered) fail(`Deployment ${deployment.name} has no PodDisruptionBudget.`, deployment.urn);
      }
    },
  ),
  stackRule(
    {
      id: "kube-score-deployment-targeted-by-hpa-does-not-have-replicas-configured",
      description:
        "A Deployment scaled by an HPA does not set replicas (each update would reset the HPA's count).",
      fix: "Remove spec.replicas from the Deployment; set minReplicas on the HorizontalPodAutoscaler.",
    },
    (resources, args, fail) => {
      const deployments = resources.filter((r) => r.type === DEPLOYMENT);
      if (!resources.some((r) => HPAS.includes(r.type))) return args.notApplicable("no HPA in the stack");
      for (const deployment of deployments) {
        const replicas = known<{ replicas?: number }>(deployment.props, "spec")?.replicas;
        if (replicas !== undefined && hpasOf(resources, deployment).length > 0) {
          fail(
            `Deployment ${deployment.name} sets replicas: ${replicas} but an HPA scales it.`,
            deployment.urn,
          );
        }
      }
    },
  ),
];
