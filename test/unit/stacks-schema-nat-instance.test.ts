import assert from "node:assert/strict";
import { awsSection } from "../../stacks/schema/network";
import { assertSetting, issueMessages, shapeOf } from "../support/schema-cases";

// The NAT instance settings of natStrategy `instance` (stacks/schema/network.ts): each pattern at both ends
// and inside, the defaults, and each phrase.

describe("the NAT instance settings (stacks/schema/network.ts)", () => {
  it("the section defaults to a t4g.nano and takes its two known settings", () => {
    const natInstance = awsSection.shape.natInstance;
    assert.deepEqual(natInstance.parse(undefined), { instanceType: "t4g.nano" });
    assert.deepEqual(natInstance.parse({}), { instanceType: "t4g.nano" });
    assert.deepEqual(natInstance.parse({ instanceType: "c7gn.large", ami: "ami-0123456789abcdef0" }), {
      instanceType: "c7gn.large",
      ami: "ami-0123456789abcdef0",
    });
    assert.deepEqual(issueMessages(natInstance, { size: "small" }), [
      "one of the known settings (instanceType, ami)",
    ]);
  });

  it("the instance type is a Graviton family (a g after the generation), any size", () => {
    assertSetting(shapeOf(awsSection.shape.natInstance).instanceType, {
      phrase:
        "a Graviton (arm64) instance type such as t4g.nano (the NAT instance runs Amazon Linux 2023 for arm64)",
      good: ["t4g.nano", "m7g.large", "c7gn.xlarge", "im4gn.large", "x2gd.2xlarge", "c10g.medium"],
      bad: [
        "t3.nano",
        "t3a.micro",
        "m7i.large",
        "4g.nano",
        "9t4g.nano",
        "T4g.nano",
        "tg.nano",
        "t4g.",
        "t4g",
        "t4g.nano!",
        "t4g.nano.x",
        "t4g1.nano",
        "t4g.na-no",
        "",
        4,
      ],
    });
  });

  it("an AMI id is ami- and 8 to 17 lower-case hex digits", () => {
    assertSetting(shapeOf(awsSection.shape.natInstance).ami, {
      phrase: "an AMI id such as ami-0123456789abcdef0",
      good: ["ami-01234567", "ami-0123456789abcdef0", "ami-89abcdef"],
      bad: [
        "ami-0123456",
        "ami-0123456789abcdef01",
        "ami-0123456789ABCDEF0",
        "ami-0123456g",
        "xami-0123456789abcdef0",
        "ami-0123456789abcdef0x",
        "ami0123456789abcdef0",
        "0123456789abcdef0",
        1,
      ],
    });
    assert.deepEqual(issueMessages(shapeOf(awsSection.shape.natInstance).ami, undefined), []);
  });
});
