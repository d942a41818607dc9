import * as pulumi from "@pulumi/pulumi";
import * as aws from "./shared/aws/sdk";
import * as k8s from "@pulumi/kubernetes";
import type { StackConfig } from "../stacks/config";

/**
 * The explicit provider of the stack's target. Every layer receives it through `opts.providers`, so the
 * region and the cluster come from the stack config and never from ambient settings of the machine.
 */
export function createTargetProvider(config: StackConfig): pulumi.ProviderResource {
  if (config.target === "aws") {
    return new aws.Provider("aws", { region: config.aws.region as aws.Region });
  }
  return new k8s.Provider("kubernetes", {
    context: config.kubernetes.context,
    kubeconfig: config.kubeconfig,
    // The namespace is set on each object; the provider default would hide a missing one.
    enableServerSideApply: true,
  });
}
