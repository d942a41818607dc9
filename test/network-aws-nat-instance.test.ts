import { strict as assert } from "node:assert";
import { byType, configErrorOf, findResource, runStack, stackFile, type Graph } from "./support/harness";
import { estimateStack } from "../tools/cost/stack";
import { AL2023_ARM64_PARAMETER, natUserData } from "../components/network/nat-instance";

const INSTANCE = "aws:ec2/instance:Instance";

function ruleCidrs(graph: Graph, type: string): unknown[] {
  return byType(graph, type)
    .filter((r) => r.inputs.securityGroupId === "network-nat-instance-id")
    .map((r) => [r.inputs.cidrIpv4, r.inputs.ipProtocol]);
}

describe("network on aws: the NAT instance (natStrategy instance, dev's preset)", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("dev", { target: "aws" });
  });

  it("is one Graviton instance in the first public subnet that forwards: source/dest check off, a public address", () => {
    const instances = byType(graph, INSTANCE);
    assert.deepEqual(
      instances.map((i) => i.name),
      ["network-nat-instance"],
    );
    const nat = instances[0];
    assert.equal(nat.inputs.instanceType, "t4g.nano");
    assert.equal(nat.inputs.subnetId, "network-public-1-id");
    assert.equal(nat.inputs.sourceDestCheck, false);
    assert.equal(nat.inputs.associatePublicIpAddress, true);
    assert.deepEqual(nat.inputs.vpcSecurityGroupIds, ["network-nat-instance-id"]);
  });

  it("runs AWS's current AL2023 arm64 AMI and keeps it: a newer AMI does not replace the running instance", () => {
    const nat = findResource(graph, INSTANCE, "network-nat-instance");
    assert.equal(nat.inputs.ami, "ami-0offline0al2023arm64");
    assert.deepEqual(nat.ignoreChanges, ["ami"]);
    assert.match(AL2023_ARM64_PARAMETER, /al2023-ami-kernel-default-arm64$/);
  });

  it("follows a pinned AMI instead, so that changing the pin is what replaces the instance", async () => {
    const pinned = await runStack("dev", {
      override: { aws: { natInstance: { ami: "ami-0123456789abcdef0" } } },
    });
    const nat = findResource(pinned, INSTANCE, "network-nat-instance");
    assert.equal(nat.inputs.ami, "ami-0123456789abcdef0");
    assert.equal(nat.ignoreChanges, undefined);
  });

  it("requires IMDSv2, has no SSH key, an encrypted root volume under the stack's key, and automatic recovery", () => {
    const nat = findResource(graph, INSTANCE, "network-nat-instance");
    assert.deepEqual(nat.inputs.metadataOptions, {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
    });
    assert.equal(nat.inputs.keyName, undefined);
    const root = nat.inputs.rootBlockDevice as Record<string, unknown>;
    assert.equal(root.encrypted, true);
    assert.match(String(root.kmsKeyId), /^arn:aws:kms:eu-west-1:123456789012:logs-key$/);
    assert.deepEqual(nat.inputs.maintenanceOptions, { autoRecovery: "default" });
    assert.deepEqual(nat.inputs.creditSpecification, { cpuCredits: "standard" });
  });

  it("is reached through Session Manager: an instance profile whose role holds AmazonSSMManagedInstanceCore", () => {
    const nat = findResource(graph, INSTANCE, "network-nat-instance");
    const profile = findResource(graph, "aws:iam/instanceProfile:InstanceProfile", "network-nat-instance");
    assert.equal(nat.inputs.iamInstanceProfile, profile.inputs.name);
    const role = findResource(graph, "aws:iam/role:Role", "network-nat-instance");
    assert.equal(profile.inputs.role, role.inputs.name);
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as {
      Statement: { Principal: { Service: string } }[];
    };
    assert.deepEqual(
      trust.Statement.map((s) => s.Principal.Service),
      ["ec2.amazonaws.com"],
    );
    const attachments = byType(graph, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(
      (a) => a.inputs.role === role.inputs.name,
    );
    assert.deepEqual(
      attachments.map((a) => a.inputs.policyArn),
      ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
    );
  });

  it("admits only the private subnets' blocks, and sends out anywhere", () => {
    const privateBlocks = byType(graph, "aws:ec2/subnet:Subnet")
      .filter((s) => s.inputs.tags && (s.inputs.tags as Record<string, string>).Tier === "private")
      .map((s) => [s.inputs.cidrBlock, "-1"]);
    assert.deepEqual(
      ruleCidrs(graph, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      privateBlocks,
    );
    assert.deepEqual(ruleCidrs(graph, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"), [
      ["0.0.0.0/0", "-1"],
    ]);
  });

  it("turns on forwarding and masquerading for the VPC at first boot, persisted across reboots", () => {
    const nat = findResource(graph, INSTANCE, "network-nat-instance");
    const script = String(nat.inputs.userData);
    assert.equal(script, natUserData("10.0.0.0/16"));
    assert.match(script, /^#!\/bin\/bash\n/);
    // Persisted: a sysctl.d file and iptables-services' saved rules, loaded by an enabled unit at boot.
    assert.match(script, /net\.ipv4\.ip_forward = 1' > \/etc\/sysctl\.d\/[\w-]+\.conf/);
    assert.match(script, /systemctl enable --now iptables/);
    assert.match(script, /iptables -t nat -A POSTROUTING -o "\$IFACE" -s 10\.0\.0\.0\/16 -j MASQUERADE/);
    assert.match(script, /iptables -F FORWARD/);
    // Saved after the rules are in place, or a reboot loads the defaults that reject forwarding.
    assert.ok(
      script.indexOf("iptables-save > /etc/sysconfig/iptables") > script.indexOf("iptables -F FORWARD"),
    );
    assert.equal(nat.inputs.userDataReplaceOnChange, true);
  });

  it("sleeps with the services: EventBridge Scheduler starts it 15 minutes before them and stops it 15 after", () => {
    const schedules = byType(graph, "aws:scheduler/schedule:Schedule").map((s) => {
      const target = s.inputs.target as { arn: string; roleArn: string; input: string };
      return [
        s.name,
        s.inputs.scheduleExpression,
        s.inputs.scheduleExpressionTimezone,
        target.arn,
        target.input,
      ];
    });
    assert.deepEqual(schedules, [
      [
        "network-nat-instance-start",
        "cron(45 7 ? * MON,TUE,WED,THU,FRI *)",
        "Europe/Dublin",
        "arn:aws:scheduler:::aws-sdk:ec2:startInstances",
        JSON.stringify({ InstanceIds: ["network-nat-instance-id"] }),
      ],
      [
        "network-nat-instance-stop",
        "cron(15 18 ? * MON,TUE,WED,THU,FRI *)",
        "Europe/Dublin",
        "arn:aws:scheduler:::aws-sdk:ec2:stopInstances",
        JSON.stringify({ InstanceIds: ["network-nat-instance-id"] }),
      ],
    ]);
  });

  it("lets the scheduler start and stop this instance only, with the grant its encrypted volume needs", () => {
    const role = findResource(graph, "aws:iam/role:Role", "network-nat-instance-scheduler");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as {
      Statement: { Principal: { Service: string }; Condition: unknown }[];
    };
    assert.equal(trust.Statement[0].Principal.Service, "scheduler.amazonaws.com");
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    const policy = JSON.parse(
      String(
        findResource(graph, "aws:iam/rolePolicy:RolePolicy", "network-nat-instance-scheduler").inputs.policy,
      ),
    ) as { Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[] };
    assert.deepEqual(policy.Statement, [
      {
        Effect: "Allow",
        Action: ["ec2:StartInstances", "ec2:StopInstances"],
        Resource: "arn:aws:ec2:eu-west-1:123456789012:network-nat-instance",
      },
      {
        Effect: "Allow",
        Action: "kms:CreateGrant",
        Resource: "arn:aws:kms:eu-west-1:123456789012:logs-key",
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
    ]);
    for (const schedule of byType(graph, "aws:scheduler/schedule:Schedule")) {
      assert.match(
        (schedule.inputs.target as { roleArn: string }).roleArn,
        /:network-nat-instance-scheduler$/,
      );
    }
  });

  it("runs all month without a schedule", async () => {
    const always = await runStack("prod", {
      override: { protect: false, aws: { natStrategy: "instance" } },
    });
    assert.equal(byType(always, "aws:scheduler/schedule:Schedule").length, 0);
    const lines = estimateStack(stackFile("prod"), always).lines.filter(
      (l) => l.name === "network-nat-instance",
    );
    assert.deepEqual(
      lines.map((l) => [l.priceId, l.quantity]),
      [
        ["ec2.t4g.nano.hour", 730],
        ["ebs.gp3.gb-month", 8],
        ["ipv4.hour", 730],
      ],
    );
  });

  it("costs its hours and public address only while it runs, and its 8 GB root volume all month", () => {
    const estimate = estimateStack(stackFile("dev"), graph);
    const lines = estimate.lines.filter((l) => l.name === "network-nat-instance");
    // 07:45 to 18:15 on five days: 52.5 hours a week, 52.5 x 730 / 168 a month.
    const running = (52.5 * 730) / 168;
    assert.deepEqual(
      lines.map((l) => [l.priceId, l.kind, l.quantity]),
      [
        ["ec2.t4g.nano.hour", "fixed", running],
        ["ebs.gp3.gb-month", "fixed", 8],
        ["ipv4.hour", "fixed", running],
      ],
    );
    assert.match(String(lines[0].assumption), /runs 52\.5 h a week .* stopped otherwise/);
    const monthly = lines.reduce((sum, l) => sum + l.monthly, 0);
    assert.ok(monthly > 2 && monthly < 4, `the NAT instance costs ${monthly}`);
  });

  it("is refused on a protected stack: one instance is a single point of failure", async () => {
    const { error } = await configErrorOf("prod", { override: { aws: { natStrategy: "instance" } } });
    assert.match(
      error.message,
      /aws\.natStrategy: expected none, single or perZone when protect is true \(a NAT instance is a single point of failure, for dev stacks\), found instance/,
    );
  });

  it("refuses an instance type that cannot run the arm64 AMI", async () => {
    const { error } = await configErrorOf("dev", {
      override: { aws: { natInstance: { instanceType: "t3.nano" } } },
    });
    assert.match(
      error.message,
      /aws\.natInstance\.instanceType: expected a Graviton \(arm64\) instance type/,
    );
  });
});
