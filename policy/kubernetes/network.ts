import type * as k8s from "@pulumi/kubernetes";
import type { Unwrap } from "@pulumi/pulumi";
import { known, stackRule } from "../rule";
import { podTemplateOf, sameNamespace, selects, WORKLOADS } from "./pods";

type NetworkPolicySpec = Unwrap<k8s.types.input.networking.v1.NetworkPolicySpec>;

export const networkPolicies = [
  stackRule(
    {
      id: "kube-score-pod-networkpolicy",
      description:
        "Every pod is selected by a NetworkPolicy (the namespace's default-deny, then allowIngress paths).",
      fix: "Keep the network layer's default-deny NetworkPolicy in the namespace, and open paths with allowIngress().",
    },
    (resources, args, fail) => {
      const workloads = resources.filter((r) => WORKLOADS.includes(r.type));
      if (workloads.length === 0) return args.notApplicable("no workload in the stack");
      const policies = resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
      for (const workload of workloads) {
        const labels = podTemplateOf(workload.type, workload.props)?.labels ?? {};
        const covered = policies.some(
          (p) =>
            sameNamespace(p.props, workload.props) &&
            selects(known<NetworkPolicySpec>(p.props, "spec")?.podSelector, labels),
        );
        if (!covered)
          fail(`The pods of ${workload.name} are not selected by any NetworkPolicy.`, workload.urn);
      }
    },
  ),
];
