import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../target";
import type { Naming } from "../naming";
import { requireTargetArgs } from "../target-args";
import { buildAwsObservability, type AwsObservability, type AwsObservabilityArgs } from "./aws";
import {
  buildKubernetesObservability,
  type KubernetesObservability,
  type KubernetesObservabilityArgs,
} from "./kubernetes";

export type { AwsWatched } from "./alarm-specs";
export type { KubernetesServiceInput } from "./prometheus-rules";

export interface ObservabilityArgs {
  /** Which builder runs; the provider for it comes through `opts.providers`. */
  readonly target: Target;
  /** Physical names and tags of this project and stack. */
  readonly naming: Naming;
  /** Settings of the aws builder, with what it watches; required when target is aws. */
  readonly aws?: AwsObservabilityArgs;
  /** Settings of the kubernetes builder, with what it watches; required when target is kubernetes. */
  readonly kubernetes?: KubernetesObservabilityArgs;
}

/**
 * Monitoring that tells people when something breaks. On aws: CloudWatch alarms to an encrypted SNS topic
 * with email subscriptions, and one dashboard. On kubernetes: the cluster's Prometheus, through the
 * operator's objects or scrape annotations. Every watched layer is optional: its alarms appear with it.
 */
export class Observability extends pulumi.ComponentResource {
  /** Set when target is aws. */
  public readonly aws?: AwsObservability;
  /** Set when target is kubernetes. */
  public readonly kubernetes?: KubernetesObservability;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:observability:Observability", name, {}, opts);
    if (args.target === "aws") {
      this.aws = buildAwsObservability(name, requireTargetArgs(args.aws, "aws", name), args.naming, this);
      this.registerOutputs({ topicArn: this.aws.topicArn, dashboardName: this.aws.dashboardName });
    } else {
      const settings = requireTargetArgs(args.kubernetes, "kubernetes", name);
      this.kubernetes = buildKubernetesObservability(name, settings, args.naming, this);
      this.registerOutputs({ prometheusMode: this.kubernetes.mode });
    }
  }
}
