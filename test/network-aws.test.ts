import { strict as assert } from "node:assert";
import { byType, findResource, runStack, type Graph } from "./support/harness";

const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const NAT = "aws:ec2/natGateway:NatGateway";

function subnetPlan(graph: Graph): string[] {
  return byType(graph, SUBNET).map(
    (s) => `${s.name} ${String(s.inputs.cidrBlock)} ${String(s.inputs.availabilityZone)}`,
  );
}

/** Each private subnet's route table and where its default route goes. */
function privateEgress(graph: Graph): Record<string, string | undefined> {
  const egress: Record<string, string | undefined> = {};
  for (const association of byType(graph, ASSOCIATION).filter((a) => /private/.test(a.name))) {
    const route = byType(graph, ROUTE).find((r) => r.inputs.routeTableId === association.inputs.routeTableId);
    egress[String(association.inputs.subnetId)] = route
      ? String(route.inputs.natGatewayId ?? route.inputs.networkInterfaceId)
      : undefined;
  }
  return egress;
}

describe("network on aws", () => {
  describe("dev", () => {
    let graph: Graph;
    before(async () => {
      graph = await runStack("dev", { target: "aws" });
    });

    it("spans two zones with a public, a private and an isolated subnet each", () => {
      assert.deepEqual(subnetPlan(graph), [
        "network-public-1 10.0.0.0/21 eu-west-1a",
        "network-private-1 10.0.8.0/21 eu-west-1a",
        "network-isolated-1 10.0.16.0/21 eu-west-1a",
        "network-public-2 10.0.32.0/21 eu-west-1b",
        "network-private-2 10.0.40.0/21 eu-west-1b",
        "network-isolated-2 10.0.48.0/21 eu-west-1b",
      ]);
      for (const subnet of byType(graph, SUBNET)) assert.equal(subnet.inputs.mapPublicIpOnLaunch, false);
    });

    it("has a VPC with DNS support and hostnames, tagged for cost allocation", () => {
      const vpc = findResource(graph, "aws:ec2/vpc:Vpc", "network-vpc");
      assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
      assert.equal(vpc.inputs.enableDnsSupport, true);
      assert.equal(vpc.inputs.enableDnsHostnames, true);
      assert.deepEqual(vpc.inputs.tags, {
        Project: "strata",
        Stack: "dev",
        Layer: "network",
        ManagedBy: "pulumi",
        CostCenter: "web-platform",
        Name: "strata-dev-vpc",
      });
    });

    it("routes the public subnets to the internet gateway", () => {
      const table = findResource(graph, ROUTE_TABLE, "network-public");
      const routes = byType(graph, ROUTE).filter((r) => r.inputs.routeTableId === "network-public-id");
      assert.deepEqual(
        routes.map((r) => [r.inputs.destinationCidrBlock, r.inputs.gatewayId]),
        [["0.0.0.0/0", "network-igw-id"]],
      );
      assert.ok(table);
      assert.deepEqual(
        byType(graph, ASSOCIATION)
          .filter((a) => a.inputs.routeTableId === "network-public-id")
          .map((a) => a.inputs.subnetId),
        ["network-public-1-id", "network-public-2-id"],
      );
    });

    it("sends both zones' private subnets through the one NAT instance", () => {
      assert.equal(byType(graph, NAT).length, 0);
      assert.deepEqual(privateEgress(graph), {
        "network-private-1-id": "eni-network-nat-instance",
        "network-private-2-id": "eni-network-nat-instance",
      });
    });

    it("gives the isolated subnets no route out of the VPC", () => {
      assert.deepEqual(
        byType(graph, ROUTE).filter((r) => r.inputs.routeTableId === "network-isolated-id"),
        [],
      );
      assert.deepEqual(
        byType(graph, ASSOCIATION)
          .filter((a) => a.inputs.routeTableId === "network-isolated-id")
          .map((a) => a.inputs.subnetId),
        ["network-isolated-1-id", "network-isolated-2-id"],
      );
    });

    it("closes the default security group (CIS AWS 5.4)", () => {
      const sg = findResource(
        graph,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        "network-default-sg",
      );
      assert.deepEqual(sg.inputs.ingress, []);
      assert.deepEqual(sg.inputs.egress, []);
      assert.equal(sg.inputs.vpcId, "network-vpc-id");
    });

    it("sends all traffic to flow logs in an encrypted log group with the preset's retention (CKV2_AWS_11)", () => {
      const flowLog = findResource(graph, "aws:ec2/flowLog:FlowLog", "network-flow-log");
      assert.equal(flowLog.inputs.trafficType, "ALL");
      assert.equal(flowLog.inputs.vpcId, "network-vpc-id");
      assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
      const group = findResource(graph, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");
      assert.equal(group.inputs.name, "/strata/strata-dev-vpc-flow-logs");
      assert.equal(
        flowLog.inputs.logDestination,
        "arn:aws:cloudwatch:eu-west-1:123456789012:network-flow-logs",
      );
      assert.equal(group.inputs.retentionInDays, 7);
      assert.equal(group.inputs.kmsKeyId, "arn:aws:kms:eu-west-1:123456789012:logs-key");
    });

    it("lets the flow-log role write only to its own log group", () => {
      const role = findResource(graph, "aws:iam/role:Role", "network-flow-logs");
      const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
      assert.deepEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
      // The confused-deputy guard: only this account's flow logs, in this region, may assume the role.
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" },
      });
      const policy = JSON.parse(
        String(findResource(graph, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs").inputs.policy),
      );
      assert.deepEqual(policy.Statement, [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [
            "arn:aws:cloudwatch:eu-west-1:123456789012:network-flow-logs",
            "arn:aws:cloudwatch:eu-west-1:123456789012:network-flow-logs:*",
          ],
        },
      ]);
    });

    it("reaches S3 through a gateway endpoint from the private and isolated route tables", () => {
      const endpoint = findResource(graph, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-s3");
      assert.equal(endpoint.inputs.serviceName, "com.amazonaws.eu-west-1.s3");
      assert.equal(endpoint.inputs.vpcEndpointType, "Gateway");
      assert.deepEqual(endpoint.inputs.routeTableIds, [
        "network-private-1-id",
        "network-private-2-id",
        "network-isolated-id",
      ]);
    });

    it("exports the VPC, the zones and the subnets per tier", () => {
      assert.deepEqual(graph.outputs.network, {
        vpcId: "network-vpc-id",
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
        publicSubnetIds: ["network-public-1-id", "network-public-2-id"],
        privateSubnetIds: ["network-private-1-id", "network-private-2-id"],
        isolatedSubnetIds: ["network-isolated-1-id", "network-isolated-2-id"],
      });
    });
  });

  describe("prod", () => {
    let graph: Graph;
    before(async () => {
      graph = await runStack("prod", { target: "aws" });
    });

    it("spans three zones from its own block", () => {
      assert.deepEqual(
        subnetPlan(graph).filter((s) => s.includes("isolated")),
        [
          "network-isolated-1 10.20.16.0/21 eu-west-1a",
          "network-isolated-2 10.20.48.0/21 eu-west-1b",
          "network-isolated-3 10.20.80.0/21 eu-west-1c",
        ],
      );
      assert.equal(byType(graph, SUBNET).length, 9);
    });

    it("has one NAT gateway per zone, each zone leaving through its own", () => {
      assert.deepEqual(
        byType(graph, NAT).map((n) => [n.name, n.inputs.subnetId]),
        [
          ["network-nat-1", "network-public-1-id"],
          ["network-nat-2", "network-public-2-id"],
          ["network-nat-3", "network-public-3-id"],
        ],
      );
      assert.deepEqual(privateEgress(graph), {
        "network-private-1-id": "network-nat-1-id",
        "network-private-2-id": "network-nat-2-id",
        "network-private-3-id": "network-nat-3-id",
      });
    });

    it("keeps flow logs a year", () => {
      assert.equal(
        findResource(graph, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").inputs.retentionInDays,
        365,
      );
    });

    it("protects the logs key, without which the logs cannot be read", () => {
      const key = findResource(graph, "aws:kms/key:Key", "logs-key");
      assert.equal(key.protect, true);
      assert.equal(key.retainOnDelete, true);
      assert.equal(key.inputs.enableKeyRotation, true);
    });
  });

  it("has one NAT gateway, with an Elastic IP, in the first public subnet, shared by both zones, with natStrategy single", async () => {
    const graph = await runStack("dev", { override: { aws: { natStrategy: "single" } } });
    const nats = byType(graph, NAT);
    assert.deepEqual(
      nats.map((n) => [n.name, n.inputs.subnetId, n.inputs.allocationId]),
      [["network-nat-1", "network-public-1-id", "network-nat-1-id"]],
    );
    assert.equal(byType(graph, "aws:ec2/eip:Eip")[0].inputs.domain, "vpc");
    assert.equal(byType(graph, "aws:ec2/instance:Instance").length, 0);
    assert.deepEqual(privateEgress(graph), {
      "network-private-1-id": "network-nat-1-id",
      "network-private-2-id": "network-nat-1-id",
    });
  });

  it("builds no NAT gateway and no default route for private subnets with natStrategy none", async () => {
    const graph = await runStack("dev", { override: { aws: { natStrategy: "none" } } });
    assert.equal(byType(graph, NAT).length, 0);
    assert.equal(byType(graph, "aws:ec2/eip:Eip").length, 0);
    assert.deepEqual(privateEgress(graph), {
      "network-private-1-id": undefined,
      "network-private-2-id": undefined,
    });
  });

  it("builds no flow logs when they are turned off", async () => {
    const graph = await runStack("dev", { override: { aws: { flowLogs: { enabled: false } } } });
    assert.equal(byType(graph, "aws:ec2/flowLog:FlowLog").length, 0);
    assert.equal(byType(graph, "aws:iam/role:Role").filter((r) => r.name === "network-flow-logs").length, 0);
  });

  it("spans only zones the region has: the offline account gives each region its real count", async () => {
    const graph = await runStack("prod", { override: { aws: { region: "us-east-1", zones: 6 } } });
    assert.equal(byType(graph, "aws:ec2/subnet:Subnet").length, 18);
  });
});
