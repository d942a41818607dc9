import type * as aws from "../../components/shared/aws/sdk";
import type { Unwrap } from "@pulumi/pulumi";
import { asArray, known, resourceRule, stackRule } from "../rule";

type SecurityGroup = Unwrap<aws.ec2.SecurityGroupArgs>;
type IngressRule = Unwrap<aws.vpc.SecurityGroupIngressRuleArgs>;
type GroupRule = Unwrap<aws.ec2.SecurityGroupRuleArgs>;

/** One ingress permission, whichever resource declares it. */
interface Ingress {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: string[];
}

const ANYWHERE = { ipv4: "0.0.0.0/0", ipv6: "::/0" } as const;
type Family = keyof typeof ANYWHERE;

/** The ports the internet may reach: the load balancer's HTTP (redirect) and HTTPS listeners. */
export const PUBLIC_PORTS = [80, 443];

function ingressOf(type: string, props: Record<string, unknown>): Ingress[] {
  switch (type) {
    case "aws:ec2/securityGroup:SecurityGroup":
      return asArray(known<SecurityGroup["ingress"]>(props, "ingress")).map((rule) => ({
        protocol: String(rule.protocol),
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        cidrs: [...asArray(rule.cidrBlocks), ...asArray(rule.ipv6CidrBlocks)],
      }));
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
      const rule = props as IngressRule;
      return [
        {
          protocol: String(known(rule, "ipProtocol")),
          fromPort: known(rule, "fromPort"),
          toPort: known(rule, "toPort"),
          cidrs: [...asArray(known<string>(rule, "cidrIpv4")), ...asArray(known<string>(rule, "cidrIpv6"))],
        },
      ];
    }
    case "aws:ec2/securityGroupRule:SecurityGroupRule": {
      const rule = props as GroupRule;
      if (known(rule, "type") !== "ingress") return [];
      return [
        {
          protocol: String(known(rule, "protocol")),
          fromPort: known(rule, "fromPort"),
          toPort: known(rule, "toPort"),
          cidrs: [
            ...asArray(known<string[]>(rule, "cidrBlocks")),
            ...asArray(known<string[]>(rule, "ipv6CidrBlocks")),
          ],
        },
      ];
    }
    // Stryker disable next-line ConditionalExpression: unreachable, the rule runs on INGRESS_TYPES only
    default:
      // Stryker disable next-line ArrayDeclaration: unreachable, as above
      return [];
  }
}

/** A single allowed port over TCP; "-1"/"all" protocols and port ranges are never allowed from anywhere. */
function isAllowedPublicPort(ingress: Ingress, allowed: number[]): boolean {
  const tcp = ["tcp", "6"].includes(ingress.protocol.toLowerCase());
  return tcp && ingress.fromPort === ingress.toPort && allowed.includes(Number(ingress.fromPort));
}

function describe(ingress: Ingress): string {
  if (["-1", "all"].includes(ingress.protocol)) return "all traffic";
  const ports =
    ingress.fromPort === ingress.toPort ? `${ingress.fromPort}` : `${ingress.fromPort}-${ingress.toPort}`;
  return `${ingress.protocol} ${ports}`;
}

const INGRESS_TYPES = [
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
];

/**
 * CIS 5.2 and 5.3 forbid the world on administration ports; Strata forbids it on every port but the load
 * balancer's. A rule sees one resource at a time and ids are unknown during preview, so it cannot tell the load
 * balancer's group from another: the exception is by port (config `publicPorts`).
 */
function openToWorld(id: string, family: Family) {
  return resourceRule(
    {
      id,
      description: `Security groups admit ${ANYWHERE[family]} only on the load balancer's ports (${PUBLIC_PORTS.join(", ")}).`,
      fix: `Admit traffic from the load balancer's security group (referencedSecurityGroupId) or a known CIDR instead of ${ANYWHERE[family]}.`,
      configSchema: {
        properties: {
          publicPorts: { type: "array", items: { type: "integer" }, default: PUBLIC_PORTS },
        },
      },
    },
    INGRESS_TYPES,
    (props, args, fail) => {
      const allowed = args.getConfig<{ publicPorts?: number[] }>().publicPorts ?? PUBLIC_PORTS;
      for (const ingress of ingressOf(args.type, props)) {
        if (ingress.cidrs.includes(ANYWHERE[family]) && !isAllowedPublicPort(ingress, allowed)) {
          fail(`Ingress from ${ANYWHERE[family]} on ${describe(ingress)}.`);
        }
      }
    },
  );
}

export const securityGroupPolicies = [
  openToWorld("CIS-AWS-5.2", "ipv4"),
  openToWorld("CIS-AWS-5.3", "ipv6"),
  stackRule(
    {
      id: "CIS-AWS-5.4",
      description: "Every VPC's default security group is adopted and restricts all traffic.",
      fix: "Adopt it with aws.ec2.DefaultSecurityGroup { vpcId, ingress: [], egress: [] } (the network layer does).",
    },
    (resources, args, fail) => {
      const vpcs = resources.filter((r) => r.type === "aws:ec2/vpc:Vpc");
      const defaults = resources.filter(
        (r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
      );
      if (vpcs.length === 0 && defaults.length === 0) return args.notApplicable("no VPC in the stack");
      for (const group of defaults) {
        const rules = [
          ...asArray(known<unknown[]>(group.props, "ingress")),
          ...asArray(known<unknown[]>(group.props, "egress")),
        ];
        if (rules.length > 0)
          fail(`Default security group ${group.name} has ${rules.length} rule(s).`, group.urn);
      }
      if (defaults.length < vpcs.length) {
        fail(`${vpcs.length - defaults.length} VPC(s) leave their default security group open.`);
      }
    },
  ),
];
