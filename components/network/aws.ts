import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import { serviceTrustPolicy } from "../shared/aws/trust-policy";
import type { Naming } from "../naming";
import { transformed, type Transform } from "../transform";
import { planSubnets, type Tier } from "./cidr-plan";
import { createLogGroup } from "../shared/aws/log-group";
import type { NatStrategy } from "../../stacks/schema/network";
import { createNatInstance } from "./nat-instance";
import { scheduleNatInstance } from "./nat-schedule";
import type { ServiceSchedule } from "../../stacks/schema/schedule";

export interface AwsNetworkArgs {
  /** Region of the provider the component is given; names the S3 endpoint's service. */
  readonly region: string;
  /** Availability zones to span, each with a public, a private and an isolated subnet. */
  readonly zones: number;
  /** The VPC's address block. */
  readonly cidrBlock: string;
  /** @default - "single" in dev, "perZone" in prod (from the preset) */
  readonly natStrategy: NatStrategy;
  /** The NAT instance of natStrategy `instance`. */
  readonly natInstance?: { readonly instanceType: string; readonly ami?: string };
  /** The services' working hours: a NAT instance sleeps outside them too (nothing needs it then). */
  readonly schedule?: ServiceSchedule;
  /** VPC flow logs to a CloudWatch log group with this retention. */
  readonly flowLogs: { readonly enabled: boolean; readonly retentionDays: number };
  /** The stack's KMS key for log groups. */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: {
    readonly vpc?: Transform<aws.ec2.VpcArgs>;
    readonly subnet?: Transform<aws.ec2.SubnetArgs>;
    readonly natGateway?: Transform<aws.ec2.NatGatewayArgs>;
    readonly flowLog?: Transform<aws.ec2.FlowLogArgs>;
  };
}

/** What later layers need from the AWS network. */
export interface AwsNetwork {
  readonly vpcId: pulumi.Output<string>;
  readonly cidrBlock: string;
  /** The zone names, in subnet order. */
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly subnetIds: Readonly<Record<Tier, pulumi.Output<string>[]>>;
  /** The private and isolated route tables, for gateway endpoints a later layer adds. */
  readonly privateRouteTableIds: pulumi.Output<string>[];
}

interface Ctx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly naming: Naming;
  readonly args: AwsNetworkArgs;
}

/**
 * A VPC over `zones` zones: public subnets behind an internet gateway, private subnets that leave through
 * NAT, isolated subnets with no route out (databases), the default security group closed, flow logs on.
 */
export function buildAwsNetwork(
  name: string,
  args: AwsNetworkArgs,
  naming: Naming,
  parent: pulumi.Resource,
): AwsNetwork {
  const ctx: Ctx = { name, parent, naming, args };
  const vpc = createVpc(ctx);
  const availabilityZones = lookupZones(ctx);
  const subnets = createSubnets(ctx, vpc, availabilityZones);
  const internetGateway = createInternetGateway(ctx, vpc);
  createPublicRoutes(ctx, vpc, internetGateway, subnets.public);
  const privateRouteTables = createPrivateRoutes(
    ctx,
    vpc,
    createNat(ctx, vpc, subnets.public),
    subnets.private,
  );
  const isolatedRouteTable = createIsolatedRoutes(ctx, vpc, subnets.isolated);
  closeDefaultSecurityGroup(ctx, vpc);
  if (args.flowLogs.enabled) createFlowLogs(ctx, vpc);
  const privateRouteTableIds = [...privateRouteTables, isolatedRouteTable].map((table) => table.id);
  createS3Endpoint(ctx, vpc, privateRouteTableIds);
  return {
    vpcId: vpc.id,
    cidrBlock: args.cidrBlock,
    availabilityZones,
    subnetIds: {
      public: subnets.public.map((s) => s.id),
      private: subnets.private.map((s) => s.id),
      isolated: subnets.isolated.map((s) => s.id),
    },
    privateRouteTableIds,
  };
}

function tags(ctx: Ctx, role: string): Record<string, string> {
  return ctx.naming.tags("network", { Name: ctx.naming.physicalName(role, 255) });
}

function createVpc(ctx: Ctx): aws.ec2.Vpc {
  const name = `${ctx.name}-vpc`;
  const args: aws.ec2.VpcArgs = {
    cidrBlock: ctx.args.cidrBlock,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: tags(ctx, "vpc"),
  };
  return new aws.ec2.Vpc(name, transformed(args, name, ctx.args.transform?.vpc), { parent: ctx.parent });
}

/** Zone names come from the account (they differ per account); how many is known from config. */
function lookupZones(ctx: Ctx): pulumi.Output<string[]> {
  return aws.getAvailabilityZonesOutput({ state: "available" }, { parent: ctx.parent }).apply((result) => {
    if (result.names.length < ctx.args.zones) {
      throw new Error(
        `aws.zones is ${ctx.args.zones} but region ${ctx.args.region} has ${result.names.length} available zones`,
      );
    }
    return result.names.slice(0, ctx.args.zones);
  });
}

function createSubnets(
  ctx: Ctx,
  vpc: aws.ec2.Vpc,
  zones: pulumi.Output<string[]>,
): Record<Tier, aws.ec2.Subnet[]> {
  const subnets: Record<Tier, aws.ec2.Subnet[]> = { public: [], private: [], isolated: [] };
  for (const block of planSubnets(ctx.args.cidrBlock, ctx.args.zones)) {
    const role = `${block.tier}-${block.zoneIndex + 1}`;
    const name = `${ctx.name}-${role}`;
    const args: aws.ec2.SubnetArgs = {
      vpcId: vpc.id,
      cidrBlock: block.cidr,
      availabilityZone: zones.apply((names) => names[block.zoneIndex]),
      // Nothing is launched with a public IP, even in public subnets (Checkov CKV_AWS_130).
      mapPublicIpOnLaunch: false,
      tags: { ...tags(ctx, role), Tier: block.tier },
    };
    subnets[block.tier].push(
      new aws.ec2.Subnet(name, transformed(args, name, ctx.args.transform?.subnet), { parent: ctx.parent }),
    );
  }
  return subnets;
}

function createInternetGateway(ctx: Ctx, vpc: aws.ec2.Vpc): aws.ec2.InternetGateway {
  return new aws.ec2.InternetGateway(
    `${ctx.name}-igw`,
    { vpcId: vpc.id, tags: tags(ctx, "igw") },
    { parent: ctx.parent },
  );
}

function associate(ctx: Ctx, role: string, table: aws.ec2.RouteTable, subnets: aws.ec2.Subnet[]): void {
  subnets.forEach(
    (subnet, i) =>
      new aws.ec2.RouteTableAssociation(
        `${ctx.name}-${role}-${i + 1}`,
        { routeTableId: table.id, subnetId: subnet.id },
        { parent: ctx.parent },
      ),
  );
}

function createPublicRoutes(
  ctx: Ctx,
  vpc: aws.ec2.Vpc,
  gateway: aws.ec2.InternetGateway,
  subnets: aws.ec2.Subnet[],
) {
  const table = new aws.ec2.RouteTable(
    `${ctx.name}-public`,
    { vpcId: vpc.id, tags: tags(ctx, "public") },
    { parent: ctx.parent },
  );
  new aws.ec2.Route(
    `${ctx.name}-public-internet`,
    { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id },
    { parent: ctx.parent },
  );
  associate(ctx, "public", table, subnets);
}

/** How many NAT gateways a strategy needs: none, one shared, or one per zone so a zone's loss stays local. */
export function natGatewayCount(strategy: NatStrategy, zones: number): number {
  return { none: 0, single: 1, perZone: zones, instance: 0 }[strategy];
}

/** Where a private route table's default route goes. */
type NatTarget = { natGatewayId: pulumi.Output<string> } | { networkInterfaceId: pulumi.Output<string> };

/** The NAT the strategy asks for: gateways, or one instance in the first public subnet that every zone shares. */
function createNat(ctx: Ctx, vpc: aws.ec2.Vpc, publicSubnets: aws.ec2.Subnet[]): NatTarget[] {
  if (ctx.args.natStrategy !== "instance") {
    return createNatGateways(ctx, publicSubnets).map((nat) => ({ natGatewayId: nat.id }));
  }
  const instance = createNatInstance(
    ctx.name,
    {
      naming: ctx.naming,
      vpcId: vpc.id,
      vpcCidr: ctx.args.cidrBlock,
      privateCidrs: planSubnets(ctx.args.cidrBlock, ctx.args.zones)
        .filter((block) => block.tier === "private")
        .map((block) => block.cidr),
      subnetId: publicSubnets[0].id,
      instanceType: ctx.args.natInstance?.instanceType ?? "t4g.nano",
      ami: ctx.args.natInstance?.ami,
      kmsKeyArn: ctx.args.logsKmsKeyArn,
    },
    ctx.parent,
  );
  if (ctx.args.schedule) {
    scheduleNatInstance(
      ctx.name,
      {
        naming: ctx.naming,
        instance,
        kmsKeyArn: ctx.args.logsKmsKeyArn,
        schedule: ctx.args.schedule,
      },
      ctx.parent,
    );
  }
  return [{ networkInterfaceId: instance.primaryNetworkInterfaceId }];
}

function createNatGateways(ctx: Ctx, publicSubnets: aws.ec2.Subnet[]): aws.ec2.NatGateway[] {
  const count = natGatewayCount(ctx.args.natStrategy, ctx.args.zones);
  return publicSubnets.slice(0, count).map((subnet, i) => {
    const eip = new aws.ec2.Eip(
      `${ctx.name}-nat-${i + 1}`,
      { domain: "vpc", tags: tags(ctx, `nat-${i + 1}`) },
      { parent: ctx.parent },
    );
    const name = `${ctx.name}-nat-${i + 1}`;
    const args: aws.ec2.NatGatewayArgs = {
      allocationId: eip.id,
      subnetId: subnet.id,
      connectivityType: "public",
      tags: tags(ctx, `nat-${i + 1}`),
    };
    return new aws.ec2.NatGateway(name, transformed(args, name, ctx.args.transform?.natGateway), {
      parent: ctx.parent,
    });
  });
}

/** One route table per zone, so each zone leaves through its own NAT gateway when there is one per zone. */
function createPrivateRoutes(
  ctx: Ctx,
  vpc: aws.ec2.Vpc,
  nats: NatTarget[],
  subnets: aws.ec2.Subnet[],
): aws.ec2.RouteTable[] {
  return subnets.map((subnet, i) => {
    const role = `private-${i + 1}`;
    const table = new aws.ec2.RouteTable(
      `${ctx.name}-${role}`,
      { vpcId: vpc.id, tags: tags(ctx, role) },
      { parent: ctx.parent },
    );
    const nat = nats[Math.min(i, nats.length - 1)];
    if (nat) {
      new aws.ec2.Route(
        `${ctx.name}-${role}-nat`,
        { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", ...nat },
        { parent: ctx.parent },
      );
    }
    new aws.ec2.RouteTableAssociation(
      `${ctx.name}-${role}`,
      { routeTableId: table.id, subnetId: subnet.id },
      { parent: ctx.parent },
    );
    return table;
  });
}

/** Isolated subnets share one table with only the VPC's local route: nothing in them reaches the internet. */
function createIsolatedRoutes(ctx: Ctx, vpc: aws.ec2.Vpc, subnets: aws.ec2.Subnet[]): aws.ec2.RouteTable {
  const table = new aws.ec2.RouteTable(
    `${ctx.name}-isolated`,
    { vpcId: vpc.id, tags: tags(ctx, "isolated") },
    { parent: ctx.parent },
  );
  associate(ctx, "isolated", table, subnets);
  return table;
}

/** Adopts the VPC's default security group and removes all its rules (CIS AWS Foundations 5.4). */
function closeDefaultSecurityGroup(ctx: Ctx, vpc: aws.ec2.Vpc): void {
  new aws.ec2.DefaultSecurityGroup(
    `${ctx.name}-default-sg`,
    { vpcId: vpc.id, ingress: [], egress: [], tags: tags(ctx, "default-closed") },
    { parent: ctx.parent },
  );
}

/** All traffic of the VPC to CloudWatch Logs (Checkov CKV2_AWS_11), through a role scoped to that group. */
function createFlowLogs(ctx: Ctx, vpc: aws.ec2.Vpc): void {
  const logGroup = createLogGroup(
    `${ctx.name}-flow-logs`,
    {
      naming: ctx.naming,
      layer: "network",
      role: "vpc-flow-logs",
      retentionDays: ctx.args.flowLogs.retentionDays,
      kmsKeyArn: ctx.args.logsKmsKeyArn,
    },
    { parent: ctx.parent },
  );
  const account = aws.getCallerIdentityOutput({}, { parent: ctx.parent }).accountId;
  const role = new aws.iam.Role(
    `${ctx.name}-flow-logs`,
    {
      name: ctx.naming.physicalName("flow-logs", 64),
      // The confused-deputy guard: the service may assume the role only for this account's flow logs.
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: {
          "aws:SourceArn": pulumi.interpolate`arn:aws:ec2:${ctx.args.region}:${account}:vpc-flow-log/*`,
        },
      }),
      tags: tags(ctx, "flow-logs"),
    },
    { parent: ctx.parent },
  );
  new aws.iam.RolePolicy(
    `${ctx.name}-flow-logs`,
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
          },
        ],
      }),
    },
    { parent: ctx.parent },
  );
  const name = `${ctx.name}-flow-log`;
  const args: aws.ec2.FlowLogArgs = {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: logGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
    tags: tags(ctx, "flow-log"),
  };
  new aws.ec2.FlowLog(name, transformed(args, name, ctx.args.transform?.flowLog), { parent: ctx.parent });
}

/** S3 traffic from private and isolated subnets stays on AWS's network and costs no NAT processing. */
function createS3Endpoint(ctx: Ctx, vpc: aws.ec2.Vpc, routeTableIds: pulumi.Output<string>[]): void {
  new aws.ec2.VpcEndpoint(
    `${ctx.name}-s3`,
    {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${ctx.args.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds,
      tags: tags(ctx, "s3-endpoint"),
    },
    { parent: ctx.parent },
  );
}
