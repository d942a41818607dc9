import * as path from "node:path";
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
import { Cdn } from "./cdn";
import { Observability } from "./observability";
import type { ApiOrigin } from "./cdn/aws";
import { backingDestinations, dataEgressPaths } from "./network/kubernetes-peers";

/** The stack outputs: what a user or another stack needs to reach the platform. */
export interface PlatformOutputs {
  readonly target: string;
  readonly network: Record<string, pulumi.Input<unknown>>;
  /** Where the database and cache answer (never their credentials). */
  readonly data: Record<string, pulumi.Input<unknown>>;
  readonly compute: Record<string, pulumi.Input<unknown>>;
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
              egressPaths: dataEgressPaths(config, naming),
              acmeSolver: config.compute.kubernetes.tls?.clusterIssuer !== undefined,
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
            defaultHost: config.cdn.domain,
            dns: config.kubernetes.dns,
            backing: backingDestinations(config, connections),
          }
        : undefined,
    },
    opts,
  );

  // The front end's `/api/*` goes to the services' load balancer (a backend for the front end).
  const cdn = new Cdn(
    "cdn",
    {
      target: config.target,
      naming,
      siteDir: path.resolve(config.cdn.siteDir),
      spaFallback: config.cdn.spaFallback,
      apiOrigin: apiOrigin(config, compute),
      aws: logsKey ? awsCdnArgs(config, logsKey.arn) : undefined,
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
              ...awsWatched(config, compute, database.aws, cache.aws),
            }
          : undefined,
      kubernetes:
        config.target === "kubernetes"
          ? {
              namespace: requireTargetArgs(network.kubernetes, "kubernetes", "network").namespace,
              namespaceName: config.kubernetes.namespace,
              prometheusOperator: config.observability.kubernetes.prometheusOperator,
              selectorLabels: config.observability.kubernetes.selectorLabels,
              monitoringNamespace: config.observability.kubernetes.monitoringNamespace,
              thresholds: config.observability.thresholds,
              services: compute.kubernetes?.services.map((service) => ({
                ...service,
                public: specOf(config, service.name).route !== undefined,
              })),
              database: config.database.mode !== "external",
              databaseInstances:
                config.database.kubernetes.operator === "cloudnative-pg"
                  ? config.database.kubernetes.cloudnativePg.instances
                  : undefined,
              cache: config.cache.mode !== "external",
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
          // The load balancer is internal: the services answer through the CDN, at their domain when set.
          url: config.compute.aws.domain ? `https://${config.compute.aws.domain.name}` : cdn.aws?.url,
          services: compute.aws.services.map((service) => service.ecsServiceName),
        }
      : { services: compute.kubernetes?.services.map((service) => service.serviceName) ?? [] },
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
    natInstance: config.aws.natInstance,
    schedule: config.compute.aws.schedule,
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
    schedule: config.compute.aws.schedule,
    protect: config.protect,
  };
}

/**
 * CloudFront reaches the internal load balancer through a VPC origin: over HTTPS by the services' domain when
 * the stack has one (the load balancer's certificate is valid only for it), which the distribution then answers
 * too; without a domain, over plain HTTP inside the VPC by the load balancer's own name.
 */
function apiOrigin(config: StackConfig, compute: Compute): ApiOrigin | undefined {
  const lb = compute.aws?.loadBalancer;
  if (!lb) return undefined;
  const paths = config.services.flatMap((service) => (service.route?.path ? [service.route.path] : []));
  const domain = config.compute.aws.domain;
  return lb.httpsEnabled && domain
    ? {
        loadBalancerArn: lb.arn,
        domainName: domain.name,
        protocolPolicy: "https-only",
        paths,
        // Stacks made before the CDN became the only way in pointed the name at the load balancer.
        hostname: {
          domain: domain.name,
          zoneId: domain.hostedZoneId,
          formerA: { name: "compute-alias", parent: compute },
        },
      }
    : { loadBalancerArn: lb.arn, domainName: lb.dnsName, protocolPolicy: "http-only", paths };
}

/** What the aws alarms watch: the load balancer, each service, the database and the cache. */
function awsWatched(
  config: StackConfig,
  compute: Compute,
  database: { clusterIdentifier: pulumi.Input<string> } | undefined,
  cache: { replicationGroupId: pulumi.Input<string> } | undefined,
) {
  const data = {
    database: database ? { clusterIdentifier: database.clusterIdentifier } : undefined,
    cache: cache
      ? { replicationGroupId: cache.replicationGroupId, nodeCount: config.cache.replicas + 1 }
      : undefined,
  };
  if (!compute.aws) return data;
  const { services, cluster, loadBalancer } = compute.aws;
  return {
    ...data,
    loadBalancer: loadBalancer ? { arnSuffix: loadBalancer.arnSuffix } : undefined,
    targetGroups: services.flatMap((service) =>
      service.targetGroupArnSuffix
        ? [{ service: service.name, arnSuffix: service.targetGroupArnSuffix }]
        : [],
    ),
    services: services.map((service) => ({
      name: service.name,
      clusterName: cluster.name,
      ecsServiceName: service.ecsServiceName,
      desiredCount: specOf(config, service.name).replicas.min,
      scheduled: config.compute.aws.schedule !== undefined,
    })),
  };
}

/** The custom domain's zone: `cdn.hostedZone`, else the domain's parent (or the domain itself at a zone apex). */
function domainSpec(config: StackConfig) {
  const domain = config.cdn.domain;
  if (domain === undefined) return undefined;
  const parent = domain.slice(domain.indexOf(".") + 1);
  return { domain, hostedZone: config.cdn.hostedZone ?? (parent.includes(".") ? parent : domain) };
}

function awsCdnArgs(config: StackConfig, logsKmsKeyArn: pulumi.Output<string>) {
  return {
    domain: domainSpec(config),
    priceClass: config.cdn.priceClass,
    waf: config.cdn.waf.enabled ? { ratePerFiveMinutes: config.cdn.waf.ratePerFiveMinutes } : undefined,
    logRetentionDays: config.logs.retentionDays,
    region: awsRegion(config),
    logsKmsKeyArn,
    hstsPreload: config.cdn.hstsPreload,
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
    tls: frontendTls(config),
  };
}

/**
 * The front end's certificate: an existing Secret the stack names, else the one cert-manager issues with the
 * services' ClusterIssuer; none (plain HTTP) otherwise, which the config checks allow only outside prod.
 */
function frontendTls(config: StackConfig) {
  const secretName = config.cdn.kubernetes.tlsSecretName;
  if (secretName !== undefined) return { secretName };
  const clusterIssuer = config.compute.kubernetes.tls?.clusterIssuer;
  return clusterIssuer === undefined ? undefined : { secretName: "frontend-tls", clusterIssuer };
}

/** The stack's spec of a service that a layer built: every built service comes from one. */
function specOf(config: StackConfig, name: string) {
  return requireTargetArgs(
    config.services.find((spec) => spec.name === name),
    config.target,
    `service ${name}`,
  );
}
