import * as k8s from "@pulumi/kubernetes";
import { metadataOf, selectorLabels, type KubernetesCtx } from "./kubernetes-context";
import type { ServicePlan } from "./plan";

/** A HorizontalPodAutoscaler on average CPU when the count may vary (max above min). */
export function createAutoscaler(
  ctx: KubernetesCtx,
  plan: ServicePlan,
  deployment: k8s.apps.v1.Deployment,
): void {
  const { spec } = plan;
  if (spec.replicas.max <= spec.replicas.min) return;
  new k8s.autoscaling.v2.HorizontalPodAutoscaler(
    `${ctx.name}-${spec.name}`,
    {
      metadata: metadataOf(ctx, spec.name),
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
        minReplicas: spec.replicas.min,
        maxReplicas: spec.replicas.max,
        metrics: [
          {
            type: "Resource",
            resource: {
              name: "cpu",
              target: { type: "Utilization", averageUtilization: spec.autoscaling.cpuPercent },
            },
          },
        ],
      },
    },
    { parent: ctx.parent },
  );
}

/** With two or more pods, a node drain takes at most one at a time (kube-score pod-disruption-budget). */
export function createDisruptionBudget(ctx: KubernetesCtx, plan: ServicePlan): void {
  const { spec } = plan;
  if (spec.replicas.min < 2) return;
  new k8s.policy.v1.PodDisruptionBudget(
    `${ctx.name}-${spec.name}`,
    {
      metadata: metadataOf(ctx, spec.name),
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(ctx, spec.name) } },
    },
    { parent: ctx.parent },
  );
}
