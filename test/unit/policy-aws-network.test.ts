import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import { INGRESS_RULE, LOG_GROUP, SG, SG_RULE, iamDoc, tcp } from "../support/policy-aws-fixtures";
import { PUBLIC_PORTS } from "../../policy/aws/security-groups";
import { ruleNamed } from "../support/policy";

const VPC = "aws:ec2/vpc:Vpc";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const world = { cidrBlocks: ["0.0.0.0/0"] };
const world6 = { ipv6CidrBlocks: ["::/0"] };
const sg = (...ingress: Record<string, unknown>[]) => res(SG, "sg", { ingress });

describe("policy rules: security groups, each condition alone", () => {
  it("CIS-AWS-5.2: from 0.0.0.0/0 only TCP (by name or number) on one allowed port", async () => {
    assert.deepEqual(PUBLIC_PORTS, [80, 443]);
    // The description the CLI shows names the ports and the range.
    assert.match(ruleNamed("CIS-AWS-5.2").description ?? "", /admit 0\.0\.0\.0\/0 only on .* \(80, 443\)\.$/);
    assert.match(ruleNamed("CIS-AWS-5.3").description ?? "", /admit ::\/0 only on .* \(80, 443\)\.$/);
    for (const rule of [
      tcp(80, world),
      tcp(443, world),
      { ...tcp(443, world), protocol: "6" },
      { ...tcp(80, world), protocol: "TCP" },
    ]) {
      assert.deepEqual(await findingsOf("CIS-AWS-5.2", [sg(rule)]), [], JSON.stringify(rule));
    }
    for (const [rule, shown] of [
      [tcp(22, world), "tcp 22"],
      [{ ...tcp(443, world), protocol: "udp" }, "udp 443"],
      [{ ...tcp(80, world), toPort: 443 }, "tcp 80-443"],
      [{ ...tcp(443, world), fromPort: 80 }, "tcp 80-443"],
      [{ protocol: "-1", fromPort: 0, toPort: 0, ...world }, "all traffic"],
      [{ protocol: "all", fromPort: 443, toPort: 443, ...world }, "all traffic"],
    ] as const) {
      assert.deepEqual(
        await findingsOf("CIS-AWS-5.2", [sg(tcp(443, { cidrBlocks: ["10.0.0.0/8"] }), rule)]),
        [["sg", `Ingress from 0.0.0.0/0 on ${shown}.`]],
        JSON.stringify(rule),
      );
    }
    // The IPv4 rule ignores ::/0, and the IPv6 rule 0.0.0.0/0.
    assert.deepEqual(await findingsOf("CIS-AWS-5.2", [sg(tcp(22, world6))]), []);
    assert.deepEqual(await findingsOf("CIS-AWS-5.3", [sg(tcp(22, world))]), []);
    assert.deepEqual(await findingsOf("CIS-AWS-5.3", [sg(tcp(22, world6))]), [
      ["sg", "Ingress from ::/0 on tcp 22."],
    ]);
  });

  it("reads the ingress of all three resource types, and only the ingress of a security group rule", async () => {
    const ingressRule = (inputs: Record<string, unknown>) =>
      res(INGRESS_RULE, "in", {
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        securityGroupId: "sg",
        ...inputs,
      });
    assert.deepEqual(await findingsOf("CIS-AWS-5.2", [ingressRule({ cidrIpv4: "0.0.0.0/0" })]), [
      ["in", "Ingress from 0.0.0.0/0 on tcp 22."],
    ]);
    assert.deepEqual(await findingsOf("CIS-AWS-5.3", [ingressRule({ cidrIpv6: "::/0" })]), [
      ["in", "Ingress from ::/0 on tcp 22."],
    ]);
    assert.deepEqual(await findingsOf("CIS-AWS-5.2", [ingressRule({ cidrIpv4: "10.0.0.0/8" })]), []);
    const groupRule = (type: string, inputs: Record<string, unknown>) =>
      res(SG_RULE, "r", {
        type,
        protocol: "tcp",
        fromPort: 3389,
        toPort: 3389,
        securityGroupId: "sg",
        ...inputs,
      });
    assert.deepEqual(await findingsOf("CIS-AWS-5.2", [groupRule("ingress", { cidrBlocks: ["0.0.0.0/0"] })]), [
      ["r", "Ingress from 0.0.0.0/0 on tcp 3389."],
    ]);
    assert.deepEqual(
      await findingsOf("CIS-AWS-5.2", [groupRule("egress", { cidrBlocks: ["0.0.0.0/0"] })]),
      [],
    );
    assert.deepEqual(notApplicableReasons("CIS-AWS-5.2", [res(VPC, "vpc", {})]), [
      `applies to ${SG}, ${INGRESS_RULE}, ${SG_RULE}`,
    ]);
  });

  it("CIS-AWS-5.4: each default security group holds no rule, and every VPC adopts one", async () => {
    const adopted = (inputs: Record<string, unknown>, name = "default") =>
      res(DEFAULT_SG, name, { ingress: [], egress: [], ...inputs });
    assert.deepEqual(await findingsOf("CIS-AWS-5.4", [res(VPC, "vpc", {}), adopted({})]), []);
    assert.deepEqual(
      await findingsOf("CIS-AWS-5.4", [res(VPC, "vpc", {}), adopted({ egress: [tcp(443, world)] })]),
      [["default", "Default security group default has 1 rule(s)."]],
    );
    assert.deepEqual(
      await findingsOf("CIS-AWS-5.4", [
        adopted({ ingress: [tcp(1, world), tcp(2, world)], egress: [tcp(3, world)] }),
      ]),
      [["default", "Default security group default has 3 rule(s)."]],
    );
    const vpcs = [res(VPC, "a", {}), res(VPC, "b", {}), res(VPC, "c", {})];
    assert.deepEqual(await findingsOf("CIS-AWS-5.4", [...vpcs, adopted({})]), [
      [undefined, "2 VPC(s) leave their default security group open."],
    ]);
    assert.deepEqual(
      await findingsOf("CIS-AWS-5.4", [...vpcs.slice(1), adopted({}), adopted({}, "other")]),
      [],
    );
    assert.deepEqual(notApplicableReasons("CIS-AWS-5.4", [sg()]), ["no VPC in the stack"]);
    assert.deepEqual(notApplicableReasons("CIS-AWS-5.4", [adopted({})]), [undefined]);
    assert.deepEqual(notApplicableReasons("CIS-AWS-5.4", [res(VPC, "vpc", {})]), [undefined]);
  });
});

describe("policy rules: CloudWatch Logs and IAM, each condition alone", () => {
  it("CKV_AWS_66: a retention of 1 day or more; 0 or unset keeps logs forever", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_66", [res(LOG_GROUP, "g", { retentionInDays: 1 })]), []);
    for (const retentionInDays of [0, undefined]) {
      assert.deepEqual(await findingsOf("CKV_AWS_66", [res(LOG_GROUP, "g", { retentionInDays })]), [
        ["g", "Logs are kept forever."],
      ]);
    }
  });

  it("CKV_AWS_158: a KMS key must be set", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_158", [res(LOG_GROUP, "g", { kmsKeyId: "k" })]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_158", [res(LOG_GROUP, "g", { kmsKeyId: "" })]), [
      ["g", "The log group has no KMS key."],
    ]);
  });

  it("CKV_AWS_62: only an Allow of action * on resource * fails, on each IAM policy type, as JSON or object", async () => {
    const admin = [["p", 'A statement allows "*" on "*": full administrator access.']];
    for (const type of [
      "aws:iam/policy:Policy",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/userPolicy:UserPolicy",
      "aws:iam/groupPolicy:GroupPolicy",
    ]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_62", [res(type, "p", { policy: iamDoc("*", "*") })]),
        admin,
        type,
      );
    }
    const statement = { Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: "*" };
    assert.deepEqual(
      await findingsOf("CKV_AWS_62", [
        res("aws:iam/policy:Policy", "p", { policy: { Statement: statement } }),
      ]),
      admin,
    );
    for (const safe of [
      { ...statement, Effect: "Deny" },
      { ...statement, Action: "s3:*" },
      { ...statement, Resource: ["arn:aws:s3:::b"] },
    ]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_62", [
          res("aws:iam/policy:Policy", "p", { policy: { Statement: [safe] } }),
        ]),
        [],
        JSON.stringify(safe),
      );
    }
  });

  it("CKV_AWS_62: a policy that is not JSON, or absent, has no statement to report", async () => {
    for (const policy of ["{not json", undefined]) {
      assert.deepEqual(await findingsOf("CKV_AWS_62", [res("aws:iam/policy:Policy", "p", { policy })]), []);
    }
  });
});
