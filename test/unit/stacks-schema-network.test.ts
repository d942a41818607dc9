import assert from "node:assert/strict";
import { awsSection, externalPeerSchema, kubernetesSection, networkShape } from "../../stacks/schema/network";
import { platformShape } from "../../stacks/schema/platform";
import { assertSetting, issueMessages, problemsAt, shapeOf, unwrap } from "../support/schema-cases";

describe("the network and platform settings (stacks/schema/network.ts, platform.ts)", () => {
  it("an AWS region has a two-letter area, an optional gov or iso partition, a direction and one digit", () => {
    assertSetting(awsSection.shape.region, {
      phrase: "an AWS region such as eu-west-1",
      good: ["eu-west-1", "ap-southeast-2", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "us-gov-1"],
      bad: [
        "eu-west",
        "eu-west-12",
        "euw-west-1",
        "e-west-1",
        "EU-west-1",
        "eu-West-1",
        "abeu-west-1",
        "eu-west-1x",
        "eu-west-x",
        "eu--1",
        "us-isobc-east-1",
        "us-iso1-east-1",
        "eu-west1-1",
        "eu west-1",
        1,
      ],
    });
  });

  it("zones, the VPC block and the NAT strategy have their limits and choices", () => {
    assertSetting(awsSection.shape.zones, {
      phrase: "a whole number from 2 to 6",
      good: [2, 6],
      bad: [1, 7],
    });
    assertSetting(awsSection.shape.vpcCidr, {
      phrase: "an IPv4 CIDR block from /16 to /24 with no host bits set (such as 10.0.0.0/16)",
      good: ["10.20.0.0/16", "10.0.0.0/24"],
      bad: ["10.0.0.0/15", "10.0.0.0/25"],
    });
    assertSetting(awsSection.shape.natStrategy, {
      phrase: "one of none, single, perZone, instance",
      good: ["none", "single", "perZone", "instance"],
      bad: ["perzone"],
    });
    const flowLogs = shapeOf(awsSection.shape.flowLogs);
    assertSetting(flowLogs.enabled, { phrase: "true or false", good: [true], bad: ["yes"] });
    assert.deepEqual(issueMessages(flowLogs.retentionDays, 7), []);
  });

  it("an external peer needs at least one block and one port, each well formed", () => {
    const { cidrs, ports } = externalPeerSchema.shape;
    assertSetting(cidrs, {
      phrase: "at least one IPv4 CIDR block",
      good: [["203.0.113.0/24"], ["203.0.113.7/32", "0.0.0.0/0"]],
      bad: [[]],
    });
    assert.deepEqual(issueMessages(cidrs, "203.0.113.0/24"), ["a list of IPv4 CIDR blocks"]);
    assert.deepEqual(issueMessages(cidrs, ["203.0.113.7/33"]), [
      "an IPv4 CIDR block from /0 to /32 with no host bits set (such as 10.0.0.0/16)",
    ]);
    assertSetting(ports, { phrase: "at least one TCP port", good: [[1], [443, 65535]], bad: [[]] });
    assert.deepEqual(issueMessages(ports, 443), ["a list of TCP ports"]);
    assertSetting(ports, { phrase: "a whole number from 1 to 65535", good: [], bad: [[0], [65536]] });
  });

  it("the kubernetes target's names are DNS labels or non-empty text", () => {
    const k = kubernetesSection.shape;
    assertSetting(k.context, {
      phrase: "a kubeconfig context name",
      good: [undefined, "kind-dev"],
      bad: [""],
    });
    assertSetting(k.storageClass, { phrase: "a StorageClass name", good: ["gp3"], bad: [""] });
    assertSetting(k.ingressClass, { phrase: "an IngressClass name", good: ["nginx"], bad: ["", undefined] });
    for (const label of [k.namespace, k.ingressNamespace, shapeOf(k.dns).namespace]) {
      assert.deepEqual(issueMessages(label, "kube-system"), []);
      assert.match(issueMessages(label, "Kube")[0], /^a DNS label/);
    }
    const { podLabels } = shapeOf(k.dns);
    assertSetting(podLabels, {
      phrase: "a map of label names to values",
      good: [{ "k8s-app": "kube-dns" }, {}],
      bad: [[], "x"],
    });
    assertSetting(podLabels, { phrase: "a label name", good: [], bad: [{ "": "v" }] });
    assertSetting(podLabels, { phrase: "a label value", good: [{ a: "" }], bad: [{ a: 1 }] });
    const egress = shapeOf(k.egress);
    assert.deepEqual(issueMessages(k.egress, undefined), []);
    assert.deepEqual(issueMessages(egress.database, { cidrs: ["10.1.0.0/16"], ports: [5432] }), []);
    assert.deepEqual(issueMessages(egress.cache, { cidrs: [], ports: [6379] }), [
      "at least one IPv4 CIDR block",
    ]);
    assertSetting(networkShape.kubeconfig, {
      phrase: "kubeconfig content as a secret string",
      good: [undefined, "apiVersion: v1"],
      bad: [1],
    });
  });

  it("tag keys are 1 to 128 letters, digits, spaces and _.:/=+-@, never starting aws:", () => {
    const tags = unwrap(platformShape.tags);
    assertSetting(tags, {
      phrase: "a tag key of 1 to 128 characters, not starting aws:",
      good: [
        { a: "v" },
        { "Cost Center": "v" },
        { [`k${"x".repeat(127)}`]: "v" },
        { "é9_.:/=+-@": "v" },
        { awsx: "v" },
        { "x-aws:": "v" },
        { 9: "v" },
      ],
      bad: [
        { "": "v" },
        { [`k${"x".repeat(128)}`]: "v" },
        { "aws:team": "v" },
        { "a#b": "v" },
        { "a\tb": "v" },
        { "a!": "v" },
      ],
    });
    assertSetting(tags, {
      phrase: "a tag value of at most 256 characters",
      good: [{ a: "" }, { a: "v".repeat(256) }, { a: "web platform é9_.:/=+-@" }],
      bad: [{ a: "v".repeat(257) }, { a: "a#b" }, { a: "a\nb" }, { a: 5 }],
    });
    assertSetting(tags, { phrase: "a map of tag names to values", good: [{}], bad: [["a"], "a"] });
    assert.deepEqual(issueMessages(platformShape.tags, undefined), []);
  });

  it("secret names start with a letter, then letters, digits and '_'", () => {
    const secrets = unwrap(platformShape.secrets);
    assertSetting(secrets, {
      phrase: "a secret name of letters, digits and '_'",
      good: [{ a: "v" }, { Z: "v" }, { api_Token9: "v" }],
      bad: [{ "9a": "v" }, { _a: "v" }, { "a-b": "v" }, { "a b": "v" }, { "": "v" }, { "ab!": "v" }],
    });
    assertSetting(secrets, { phrase: "a secret string", good: [{ a: "" }], bad: [{ a: 1 }] });
    assertSetting(secrets, { phrase: "a map of secret names to values", good: [{}], bad: [[], "x"] });
  });

  it("the platform's own settings: target, preset, protect and log retention", () => {
    assertSetting(platformShape.target, {
      phrase: "one of aws, kubernetes",
      good: ["aws", "kubernetes"],
      bad: ["gcp"],
    });
    assertSetting(platformShape.preset, { phrase: "one of dev, prod", good: ["dev", "prod"], bad: ["qa"] });
    assertSetting(platformShape.protect, { phrase: "true or false", good: [true, false], bad: ["false"] });
    assert.match(
      issueMessages(platformShape.logs, { retentionDays: 8 })[0],
      /^one of the CloudWatch Logs retention periods/,
    );
  });

  it("a stack file's bad network value is reported with its setting and what was found", () => {
    assert.deepEqual(problemsAt("dev", { override: { aws: { natStrategy: "double" } } }, "aws"), [
      { setting: "aws.natStrategy", expected: "one of none, single, perZone, instance", found: '"double"' },
    ]);
    assert.deepEqual(
      problemsAt(
        "dev",
        { target: "kubernetes", override: { kubernetes: { namespace: "Web" } } },
        "kubernetes",
      ),
      [
        {
          setting: "kubernetes.namespace",
          expected:
            "a DNS label: lower-case letters, digits and '-', at most 63 characters, starting and ending alphanumeric",
          found: '"Web"',
        },
      ],
    );
  });
});
