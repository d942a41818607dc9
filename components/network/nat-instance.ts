import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { serviceTrustPolicy } from "../shared/aws/trust-policy";
import type { Naming } from "../naming";

/** AWS's public SSM parameter that names the newest Amazon Linux 2023 AMI for arm64 (Graviton) in each region. */
export const AL2023_ARM64_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/** The root volume: the size of the AL2023 AMI's snapshot, which a volume cannot be smaller than. */
export const NAT_ROOT_VOLUME_GB = 8;

export interface NatInstanceArgs {
  readonly naming: Naming;
  readonly vpcId: pulumi.Input<string>;
  readonly vpcCidr: string;
  /** The private subnets' blocks: the only sources the instance forwards for. */
  readonly privateCidrs: readonly string[];
  /** The public subnet the instance lives in. */
  readonly subnetId: pulumi.Input<string>;
  readonly instanceType: string;
  /** A pinned AMI; unset, AWS's SSM parameter is read and the AMI then kept (see `createInstance`). */
  readonly ami?: string;
  /** The stack's KMS key, for the root volume. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * The commands AWS's VPC guide gives for a NAT instance on Amazon Linux 2023 ("Create a NAT AMI"), run once at
 * first boot: forwarding on through sysctl.d and iptables-services' saved rules, so both survive a reboot.
 * The interface is looked up (ens5 on Nitro types, not eth0); masquerading only for the VPC's addresses.
 */
export function natUserData(vpcCidr: string): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-strata-nat.conf",
    "sysctl -p /etc/sysctl.d/90-strata-nat.conf",
    // The package comes from AWS's repositories over the instance's own public address; retry while it settles.
    "for attempt in 1 2 3 4 5; do dnf install -y iptables-services && break; sleep 10; done",
    "systemctl enable --now iptables",
    "IFACE=$(ip -4 route show default | awk '{print $5; exit}')",
    `iptables -t nat -A POSTROUTING -o "$IFACE" -s ${vpcCidr} -j MASQUERADE`,
    // iptables-services' default rules reject forwarded packets.
    "iptables -F FORWARD",
    "iptables-save > /etc/sysconfig/iptables",
    "",
  ].join("\n");
}

/** One EC2 instance that forwards the private subnets' traffic to the internet; routes point at its interface. */
export function createNatInstance(
  name: string,
  args: NatInstanceArgs,
  parent: pulumi.Resource,
): aws.ec2.Instance {
  const group = createSecurityGroup(name, args, parent);
  const profile = createInstanceProfile(name, args, parent);
  return createInstance(name, args, group, profile, parent);
}

function tags(args: NatInstanceArgs, role: string): Record<string, string> {
  return args.naming.tags("network", { Name: args.naming.physicalName(role, 255) });
}

/** In: anything from the private subnets, nothing else (no SSH: SSM reaches it). Out: anywhere, as NAT must. */
function createSecurityGroup(
  name: string,
  args: NatInstanceArgs,
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const group = new aws.ec2.SecurityGroup(
    `${name}-nat-instance`,
    {
      vpcId: args.vpcId,
      name: args.naming.physicalName("nat-instance", 255),
      description: "NAT instance: forwards the private subnets' traffic to the internet",
      tags: tags(args, "nat-instance"),
    },
    { parent },
  );
  args.privateCidrs.forEach(
    (cidr, i) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-nat-instance-from-private-${i + 1}`,
        {
          securityGroupId: group.id,
          cidrIpv4: cidr,
          ipProtocol: "-1",
          description: `Traffic to forward from private subnet ${i + 1}`,
          tags: tags(args, `nat-instance-from-private-${i + 1}`),
        },
        { parent },
      ),
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-nat-instance-out`,
    {
      securityGroupId: group.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
      description: "Forwarded traffic to any destination on the internet",
      tags: tags(args, "nat-instance-out"),
    },
    { parent },
  );
  return group;
}

/** Session Manager instead of SSH: the instance has no key pair, and AWS's managed policy lets the agent in. */
function createInstanceProfile(
  name: string,
  args: NatInstanceArgs,
  parent: pulumi.Resource,
): aws.iam.InstanceProfile {
  const role = new aws.iam.Role(
    `${name}-nat-instance`,
    {
      name: args.naming.physicalName("nat-instance", 64),
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      tags: tags(args, "nat-instance"),
    },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-nat-instance-ssm`,
    { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
    { parent },
  );
  return new aws.iam.InstanceProfile(
    `${name}-nat-instance`,
    {
      name: args.naming.physicalName("nat-instance", 128),
      role: role.name,
      tags: tags(args, "nat-instance"),
    },
    { parent },
  );
}

/**
 * `ami` forces replacement, and the SSM parameter moves whenever AWS publishes an AMI: read from it, the AMI
 * is ignored after creation, so an unrelated `pulumi up` keeps the running instance (take a new AMI with
 * `pulumi up --replace`, or pin one in aws.natInstance.ami). A pinned AMI is followed: changing it is a choice.
 */
function createInstance(
  name: string,
  args: NatInstanceArgs,
  group: aws.ec2.SecurityGroup,
  profile: aws.iam.InstanceProfile,
  parent: pulumi.Resource,
): aws.ec2.Instance {
  const ami =
    args.ami ??
    aws.ssm.getParameterOutput({ name: AL2023_ARM64_PARAMETER }, { parent }).apply((p) => p.value);
  return new aws.ec2.Instance(
    `${name}-nat-instance`,
    {
      ami,
      instanceType: args.instanceType,
      subnetId: args.subnetId,
      vpcSecurityGroupIds: [group.id],
      // A public address from launch, so the first boot can install iptables-services (an Elastic IP attaches
      // only after the instance exists). It costs what an Elastic IP costs.
      associatePublicIpAddress: true,
      // It forwards packets that are neither from nor to itself.
      sourceDestCheck: false,
      iamInstanceProfile: profile.name,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: {
        volumeType: "gp3",
        volumeSize: NAT_ROOT_VOLUME_GB,
        encrypted: true,
        kmsKeyId: args.kmsKeyArn,
        deleteOnTermination: true,
      },
      ebsOptimized: true,
      // Standard credits: a T instance never bills surplus CPU credits (unlimited is T4g's default).
      creditSpecification: { cpuCredits: "standard" },
      // Simplified automatic recovery: EC2 moves the instance to healthy hardware on a system status failure.
      maintenanceOptions: { autoRecovery: "default" },
      userData: natUserData(args.vpcCidr),
      // A changed script replaces the instance: it only runs at first boot.
      userDataReplaceOnChange: true,
      tags: tags(args, "nat-instance"),
      volumeTags: tags(args, "nat-instance-root"),
    },
    { parent, ignoreChanges: args.ami === undefined ? ["ami"] : [] },
  );
}
