import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stacks/config";
import { Naming } from "./naming";
import { createTargetProvider } from "./providers";
import { Network } from "./network";
import { LogsKey } from "./shared/aws/logs-key";
import { requireTargetArgs } from "./target-args";
import { Cdn } from "./cdn";
import { Observability } from "./observability";

/** The stack outputs: what a user or another stack needs to reach the platform. */
export interface PlatformOutputs {
  readonly target: string;
  readonly network: Record<string, pulumi.Input<unknown>>;
  readonly cdn: Record<string, pulumi.Input<unknown>>;
  readonly observability: Record<string, pulumi.Input<unknown>>;
}

/** Builds every layer for the stack's target, in dependency order. */
export function buildPlatform(config: StackConfig): PlatformOutputs {
  const naming = new Naming(config.project, config.stack, config.tags);
  const provider = createTargetProvider(config);
  const opts = { providers: [provider] };
  const logsKey =
    config.target === "aws"
      ? new LogsKey("logs", { naming, region: awsRegion(config), protect: config.protect }, opts)
      : undefined;

  const network = new Network(
    "network",
    {
      target: config.target,
      naming,
      aws: logsKey ? awsNetworkArgs(config, logsKey.arn) : undefined,
      kubernetes:
        config.target === "kubernetes"
          ? {
              namespace: config.kubernetes.namespace,
              ingressNamespace: config.kubernetes.ingressNamespace,
              protect: config.protect,
            }
          : undefined,
    },
    opts,
  );

  // Compute and data are built here, after the network: the CDN takes `apiOrigin` from
  // compute.aws.loadBalancer.dnsName, and observability the load balancer, target groups, services,
  // database and cache they return (see docs/edge-and-observability.md).
  const cdn = new Cdn(
    "cdn",
    {
      target: config.target,
      naming,
      siteDir: path.resolve(config.cdn.siteDir),
      spaFallback: config.cdn.spaFallback,
      aws: config.target === "aws" ? awsCdnArgs(config) : undefined,
      kubernetes: network.kubernetes ? kubernetesCdnArgs(config, network.kubernetes.namespace) : undefined,
    },
    opts,
  );

  const observability = new Observability(
    "observability",
    {
      target: config.target,
      naming,
      aws:
        config.target === "aws"
          ? {
              region: awsRegion(config),
              alertEmails: config.observability.alertEmails,
              thresholds: config.observability.thresholds,
              protect: config.protect,
              distribution: cdn.aws ? { id: cdn.aws.distributionId } : undefined,
            }
          : undefined,
      kubernetes:
        config.target === "kubernetes"
          ? {
              namespace: requireTargetArgs(network.kubernetes, "kubernetes", "network").namespace,
              namespaceName: config.kubernetes.namespace,
              prometheusOperator: config.observability.kubernetes.prometheusOperator,
              selectorLabels: config.observability.kubernetes.selectorLabels,
              thresholds: config.observability.thresholds,
            }
          : undefined,
    },
    opts,
  );

  return {
    target: config.target,
    network: network.aws
      ? {
          vpcId: network.aws.vpcId,
          availabilityZones: network.aws.availabilityZones,
          publicSubnetIds: network.aws.subnetIds.public,
          privateSubnetIds: network.aws.subnetIds.private,
          isolatedSubnetIds: network.aws.subnetIds.isolated,
        }
      : { namespace: network.kubernetes?.namespace },
    cdn: cdn.aws
      ? { url: cdn.aws.url, distributionDomainName: cdn.aws.domainName, bucketName: cdn.aws.bucketName }
      : { url: cdn.kubernetes?.url, serviceName: cdn.kubernetes?.serviceName },
    observability: observability.aws
      ? { dashboardName: observability.aws.dashboardName, alertTopicArn: observability.aws.topicArn }
      : { prometheusMode: observability.kubernetes?.mode },
  };
}

function awsRegion(config: StackConfig): string {
  return requireTargetArgs(config.aws.region, "aws", "aws.region");
}

function awsNetworkArgs(config: StackConfig, logsKmsKeyArn: pulumi.Output<string>) {
  return {
    region: awsRegion(config),
    logsKmsKeyArn,
    zones: config.aws.zones,
    cidrBlock: config.aws.vpcCidr,
    natStrategy: config.aws.natStrategy,
    flowLogs: config.aws.flowLogs,
  };
}

/** The custom domain's zone: `cdn.hostedZone`, else the domain's parent (or the domain itself at a zone apex). */
function domainSpec(config: StackConfig) {
  const domain = config.cdn.domain;
  if (domain === undefined) return undefined;
  const parent = domain.slice(domain.indexOf(".") + 1);
  return { domain, hostedZone: config.cdn.hostedZone ?? (parent.includes(".") ? parent : domain) };
}

function awsCdnArgs(config: StackConfig) {
  return {
    domain: domainSpec(config),
    priceClass: config.cdn.priceClass,
    waf: config.cdn.waf.enabled ? { ratePerFiveMinutes: config.cdn.waf.ratePerFiveMinutes } : undefined,
    logRetentionDays: config.logs.retentionDays,
    protect: config.protect,
  };
}

function kubernetesCdnArgs(config: StackConfig, namespace: pulumi.Output<string>) {
  return {
    namespace,
    ingressNamespace: config.kubernetes.ingressNamespace,
    ingressClass: config.kubernetes.ingressClass,
    domain: config.cdn.domain,
    replicas: config.cdn.kubernetes.replicas,
    image: config.cdn.kubernetes.image,
  };
}
