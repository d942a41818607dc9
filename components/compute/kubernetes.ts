import type * as pulumi from "@pulumi/pulumi";
import type { Naming } from "../naming";
import {
  metadataOf,
  selectorLabels,
  type KubernetesComputeArgs,
  type KubernetesCtx,
} from "./kubernetes-context";
import { createWorkload } from "./kubernetes-workload";
import { allowServiceEgress, allowTraffic, createIngress, createService } from "./kubernetes-exposure";
import { createAutoscaler, createDisruptionBudget } from "./kubernetes-scaling";
import type { ServicePlan } from "./plan";

export type { KubernetesComputeArgs } from "./kubernetes-context";

/** What other layers need from compute on kubernetes: each service's Service and the labels of its pods. */
export interface KubernetesCompute {
  readonly services: {
    readonly name: string;
    /** Known at program time (the Service is named after its spec), so monitors and rules can name it. */
    readonly serviceName: string;
    /** The Service itself, for objects of other layers that must wait for it (patches of it). */
    readonly resource: pulumi.Resource;
    readonly port: number;
    /** Labels that select the service's pods (for NetworkPolicies and monitors of other layers). */
    readonly labels: Record<string, string>;
  }[];
}

/** Per service: a Deployment with its ServiceAccount and Secret, a Service, scaling, policies, an Ingress. */
export function buildKubernetesCompute(
  name: string,
  args: KubernetesComputeArgs,
  naming: Naming,
  plans: readonly ServicePlan[],
  secretValues: Readonly<Record<string, pulumi.Output<string>>>,
  parent: pulumi.Resource,
): KubernetesCompute {
  const ctx: KubernetesCtx = { name, parent, naming, args };
  const services = plans.map((plan) => {
    const deployment = createWorkload(ctx, plan, secretValues);
    const service = createService(ctx, plan);
    if (plan.isPublic) createIngress(ctx, plan, service);
    allowTraffic(ctx, plan);
    allowServiceEgress(ctx, plan);
    createAutoscaler(ctx, plan, deployment);
    createDisruptionBudget(ctx, plan);
    return {
      name: plan.spec.name,
      serviceName: metadataOf(ctx, plan.spec.name).name,
      resource: service,
      port: plan.spec.port,
      labels: selectorLabels(ctx, plan.spec.name),
    };
  });
  return { services };
}
