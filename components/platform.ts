import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stacks/config";
import { Naming } from "./naming";
import { createTargetProvider } from "./providers";
import { Network } from "./network";
import { Compute } from "./compute";
import type { AwsNetwork } from "./network/aws";
import { LogsKey } from "./shared/aws/logs-key";
import { requireTargetArgs } from "./target-args";
import { buildDataLayer } from "./data-layer";

/** The stack outputs: what a user or another stack needs to reach the platform. */
export interface PlatformOutputs {
  readonly target: string;
  readonly network: Record<string, pulumi.Input<unknown>>;
  /** Where the database and cache answer (never their credentials). */
  readonly data: Record<string, pulumi.Input<unknown>>;
  readonly compute: Record<string, pulumi.Input<unknown>>;
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

  // Database and cache after the network: they live in its isolated / private subnets or its namespace.
  const { database, cache } = buildDataLayer({
    config,
    naming,
    network,
    logsKmsKeyArn: logsKey?.arn,
    provider,
  });
  // Each service that declares `uses: [database]` or `uses: [cache]` receives that connection's env,
  // secrets and client security group / pod labels.
  const connections = { database: database.connection, cache: cache.connection };

  const compute = new Compute(
    "compute",
    {
      target: config.target,
      naming,
      services: config.services,
      secrets: config.secrets,
      connections,
      aws: network.aws && logsKey ? awsComputeArgs(config, network.aws, logsKey.arn) : undefined,
      kubernetes: network.kubernetes
        ? {
            namespace: network.kubernetes.namespace,
            ingressClass: config.kubernetes.ingressClass,
            ingressNamespace: config.kubernetes.ingressNamespace,
            registry: config.compute.kubernetes.registry,
            imagePullSecret: config.compute.kubernetes.imagePullSecret,
            tls: config.compute.kubernetes.tls,
          }
        : undefined,
    },
    opts,
  );

  return {
    target: config.target,
    data: {
      databaseEndpoint: database.endpoint,
      databaseClusterIdentifier: database.aws?.clusterIdentifier,
      cacheEndpoint: cache.endpoint,
      cacheReplicationGroupId: cache.aws?.replicationGroupId,
    },
    network: network.aws
      ? {
          vpcId: network.aws.vpcId,
          availabilityZones: network.aws.availabilityZones,
          publicSubnetIds: network.aws.subnetIds.public,
          privateSubnetIds: network.aws.subnetIds.private,
          isolatedSubnetIds: network.aws.subnetIds.isolated,
        }
      : { namespace: network.kubernetes?.namespace },
    compute: compute.aws
      ? {
          clusterName: compute.aws.cluster.name,
          loadBalancerDnsName: compute.aws.loadBalancer.dnsName,
          url: config.compute.aws.domain
            ? `https://${config.compute.aws.domain.name}`
            : pulumi.interpolate`http://${compute.aws.loadBalancer.dnsName}`,
          services: compute.aws.services.map((service) => service.ecsServiceName),
        }
      : { services: compute.kubernetes?.services.map((service) => service.serviceName) ?? [] },
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

function awsComputeArgs(config: StackConfig, network: AwsNetwork, logsKmsKeyArn: pulumi.Output<string>) {
  return {
    region: awsRegion(config),
    vpcId: network.vpcId,
    publicSubnetIds: network.subnetIds.public,
    privateSubnetIds: network.subnetIds.private,
    logsKmsKeyArn,
    logRetentionDays: config.logs.retentionDays,
    capacityProviders: config.compute.aws.capacityProviders,
    domain: config.compute.aws.domain,
    loadBalancer: config.compute.aws.loadBalancer,
    protect: config.protect,
  };
}
