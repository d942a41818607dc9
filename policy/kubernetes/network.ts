import type * as k8s from "@pulumi/kubernetes";
import type { Unwrap } from "@pulumi/pulumi";
import { known, stackRule } from "../rule";
import { podLabelsOf, sameNamespace, selects, WORKLOADS } from "./pods";

type NetworkPolicySpec = Unwrap<k8s.types.input.networking.v1.NetworkPolicySpec>;

/**
 * The directions a policy governs, as Kubernetes (and kube-score) read an unset policyTypes: always Ingress,
 * and Egress when the policy has egress rules.
 */
function directions(spec: NetworkPolicySpec): string[] {
  if (spec.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes;
  return spec.egress && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

export const networkPolicies = [
  stackRule(
    {
      id: "kube-score-pod-networkpolicy",
      description:
        "Every pod is selected by an Ingress and an Egress NetworkPolicy (the namespace's default-denies, then allowIngress and allowEgress paths).",
      fix: "Keep the network layer's default-deny NetworkPolicies in the namespace, and open paths with allowIngress() and allowEgress().",
    },
    (resources, args, fail) => {
      const workloads = resources.filter((r) => WORKLOADS.includes(r.type));
      if (workloads.length === 0) return args.notApplicable("no workload in the stack");
      const policies = resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
      for (const workload of workloads) {
        const labels = podLabelsOf(workload.type, workload.props);
        const covering = policies
          .filter((p) => sameNamespace(p.props, workload.props))
          .map((p) => known<NetworkPolicySpec>(p.props, "spec"))
          .filter((spec): spec is NetworkPolicySpec => selects(spec?.podSelector, labels));
        if (covering.length === 0) {
          fail(`The pods of ${workload.name} are not selected by any NetworkPolicy.`, workload.urn);
          continue;
        }
        const governed = new Set(covering.flatMap(directions));
        for (const direction of ["Ingress", "Egress"].filter((d) => !governed.has(d)))
          fail(
            `The pods of ${workload.name} have no matching ${direction.toLowerCase()} NetworkPolicy.`,
            workload.urn,
          );
      }
    },
  ),
];
