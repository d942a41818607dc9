import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../target";
import type { Naming } from "../naming";
import { requireTargetArgs } from "../target-args";
import { ConfigError } from "../../stacks/problems";
import type { ServiceSpec } from "../../stacks/schema/compute";
import { buildAwsCompute, type AwsCompute, type AwsComputeArgs } from "./aws";
import { buildKubernetesCompute, type KubernetesCompute, type KubernetesComputeArgs } from "./kubernetes";
import { missingConnectionProblems, planServices, type Connections } from "./plan";

export type { AwsCompute, AwsComputeArgs } from "./aws";
export type { KubernetesCompute, KubernetesComputeArgs } from "./kubernetes";

export interface ComputeArgs {
  /** Which builder runs; the provider for it comes through `opts.providers`. */
  readonly target: Target;
  /** Physical names and tags of this project and stack. */
  readonly naming: Naming;
  /** The services, validated by the stack config (unique names and routes, known secrets, callees). */
  readonly services: readonly ServiceSpec[];
  /** The stack's secrets by name; a service's `secrets` map its variables to these. */
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  /** What each backing layer offers the services that `use` it. @default - none */
  readonly connections: Connections;
  /** Settings of the aws builder; required when target is aws. */
  readonly aws?: AwsComputeArgs;
  /** Settings of the kubernetes builder; required when target is kubernetes. */
  readonly kubernetes?: KubernetesComputeArgs;
}

/**
 * The organisation's services, each described once: ECS services on Fargate behind one Application Load
 * Balancer on aws, Deployments behind an Ingress on kubernetes. Switching target changes no service.
 */
export class Compute extends pulumi.ComponentResource {
  /** Set when target is aws. */
  public readonly aws?: AwsCompute;
  /** Set when target is kubernetes. */
  public readonly kubernetes?: KubernetesCompute;

  constructor(name: string, args: ComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    // A service that uses a layer the stack lacks is the user's mistake: say so before anything is registered.
    const problems = missingConnectionProblems(args.services, args.connections);
    if (problems.length > 0) throw new ConfigError(args.naming.stack, problems);
    super("strata:compute:Compute", name, {}, opts);
    const plans = planServices(args.services, args.connections);
    if (args.target === "aws") {
      const settings = requireTargetArgs(args.aws, "aws", name);
      this.aws = buildAwsCompute(name, settings, args.naming, plans, args.secrets, this);
      this.registerOutputs({
        clusterArn: this.aws.cluster.arn,
        loadBalancerDnsName: this.aws.loadBalancer?.dnsName,
        services: this.aws.services.map((service) => service.ecsServiceName),
      });
    } else {
      const settings = requireTargetArgs(args.kubernetes, "kubernetes", name);
      this.kubernetes = buildKubernetesCompute(name, settings, args.naming, plans, args.secrets, this);
      this.registerOutputs({ services: this.kubernetes.services.map((service) => service.serviceName) });
    }
  }
}
