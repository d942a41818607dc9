import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../target";
import type { Naming } from "../naming";
import { buildAwsNetwork, type AwsNetwork, type AwsNetworkArgs } from "./aws";
import { buildKubernetesNetwork, type KubernetesNetwork, type KubernetesNetworkArgs } from "./kubernetes";
import { requireTargetArgs } from "../target-args";

export interface NetworkArgs {
  /** Which builder runs; the provider for it comes through `opts.providers`. */
  readonly target: Target;
  /** Physical names and tags of this project and stack. */
  readonly naming: Naming;
  /** Settings of the aws builder; required when target is aws. */
  readonly aws?: AwsNetworkArgs;
  /** Settings of the kubernetes builder; required when target is kubernetes. */
  readonly kubernetes?: KubernetesNetworkArgs;
}

/**
 * The network every other layer lives in. On aws: a VPC with public, private and isolated subnets in each
 * zone. On kubernetes: a restricted namespace that denies all ingress and egress until a layer allows a path.
 */
export class Network extends pulumi.ComponentResource {
  /** Set when target is aws. */
  public readonly aws?: AwsNetwork;
  /** Set when target is kubernetes. */
  public readonly kubernetes?: KubernetesNetwork;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:network:Network", name, {}, opts);
    if (args.target === "aws") {
      this.aws = buildAwsNetwork(name, requireTargetArgs(args.aws, "aws", name), args.naming, this);
      this.registerOutputs({
        vpcId: this.aws.vpcId,
        publicSubnetIds: this.aws.subnetIds.public,
        privateSubnetIds: this.aws.subnetIds.private,
        isolatedSubnetIds: this.aws.subnetIds.isolated,
        availabilityZones: this.aws.availabilityZones,
      });
    } else {
      this.kubernetes = buildKubernetesNetwork(
        name,
        requireTargetArgs(args.kubernetes, "kubernetes", name),
        args.naming,
        this,
      );
      this.registerOutputs({ namespace: this.kubernetes.namespace });
    }
  }
}
