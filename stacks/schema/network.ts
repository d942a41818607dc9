import { z } from "zod";
import {
  dnsLabel,
  flag,
  ipv4Block,
  logRetentionDays,
  matching,
  oneOf,
  section,
  text,
  wholeNumber,
} from "./primitives";

export const NAT_STRATEGIES = ["none", "single", "perZone", "instance"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const MIN_ZONES = 2;
export const MAX_ZONES = 6;

/** The aws target's account-level and network settings. */
export const awsSection = section({
  /** The region every regional resource is created in; required when target is aws. */
  region: matching(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "an AWS region such as eu-west-1").optional(),
  /** Availability zones the network spans: each gets a public, a private and an isolated subnet. */
  zones: wholeNumber(MIN_ZONES, MAX_ZONES),
  /** The VPC's address block; subnets are carved from it by stacks' CIDR plan. */
  vpcCidr: ipv4Block(16, 24),
  /**
   * How private subnets reach the internet: no NAT, one shared NAT gateway, one per zone (zone-fault tolerant),
   * or one small EC2 NAT instance (dev only: a single point of failure, and about a tenth of a gateway's price).
   */
  natStrategy: oneOf(NAT_STRATEGIES),
  /** The NAT instance of natStrategy `instance`. */
  natInstance: section({
    /** A Graviton type: the instance runs Amazon Linux 2023 for arm64. @default "t4g.nano" */
    instanceType: matching(
      /^[a-z]+\d+g[a-z]*\.[a-z0-9]+$/,
      "a Graviton (arm64) instance type such as t4g.nano (the NAT instance runs Amazon Linux 2023 for arm64)",
    ).default("t4g.nano"),
    /**
     * An AMI id to pin. Unset, the newest Amazon Linux 2023 arm64 AMI (AWS's public SSM parameter) is read
     * at creation and kept afterwards: a newer one does not replace a running instance.
     */
    ami: matching(/^ami-[0-9a-f]{8,17}$/, "an AMI id such as ami-0123456789abcdef0").optional(),
  }).default({ instanceType: "t4g.nano" }),
  /** VPC flow logs to CloudWatch Logs (Checkov CKV2_AWS_11). */
  flowLogs: section({
    enabled: flag,
    retentionDays: logRetentionDays,
  }),
});

/** Addresses outside the cluster that pods may reach: IPv4 blocks and the TCP ports on them. */
export const externalPeerSchema = section({
  /** Blocks such as 203.0.113.0/24, or one address as 203.0.113.7/32. */
  cidrs: z.array(ipv4Block(0, 32), { error: "a list of IPv4 CIDR blocks" }).min(1, {
    error: "at least one IPv4 CIDR block",
  }),
  /** TCP ports. */
  ports: z.array(wholeNumber(1, 65535), { error: "a list of TCP ports" }).min(1, {
    error: "at least one TCP port",
  }),
});
export type ExternalPeer = z.output<typeof externalPeerSchema>;

/** The kubernetes target: an existing cluster, reached through a kube context. */
export const kubernetesSection = section({
  /** The kubeconfig context; the current context when unset. */
  context: text("a kubeconfig context name").optional(),
  /** The namespace every object of the platform lives in; created by the network layer. */
  namespace: dnsLabel,
  /** StorageClass for persistent volumes; the cluster's default when unset. */
  storageClass: text("a StorageClass name").optional(),
  /** IngressClass of the cluster's ingress controller. */
  ingressClass: text("an IngressClass name"),
  /** Namespace the ingress controller runs in, which NetworkPolicies admit traffic from. */
  ingressNamespace: dnsLabel,
  /** The cluster's DNS resolver, the one destination every service may reach through the default-deny egress. */
  dns: section({
    /** @default "kube-system" */
    namespace: dnsLabel,
    /** Labels of the resolver's pods. @default { "k8s-app": "kube-dns" } (CoreDNS keeps the kube-dns label) */
    podLabels: z.record(text("a label name"), z.string({ error: "a label value" }), {
      error: "a map of label names to values",
    }),
  }),
  /** Where an `external` database or cache answers: the services that use it may reach these and nothing else. */
  egress: section({
    database: externalPeerSchema.optional(),
    cache: externalPeerSchema.optional(),
  }).default({}),
});

export const networkShape = {
  aws: awsSection,
  kubernetes: kubernetesSection,
  /** Inline kubeconfig (a secret); the default kubeconfig file when unset. */
  kubeconfig: z.string({ error: "kubeconfig content as a secret string" }).optional(),
};
