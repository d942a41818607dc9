import { strict as assert } from "node:assert";
import { configErrorOf, runStack } from "./support/harness";
import type { ConfigProblem } from "../stacks/problems";

function problemFor(problems: readonly ConfigProblem[], setting: string): ConfigProblem {
  const problem = problems.find((p) => p.setting === setting);
  assert.ok(problem, `no problem reported for ${setting}; got ${problems.map((p) => p.setting).join(", ")}`);
  return problem;
}

describe("stack configuration", () => {
  describe("each kind of mistake gets a message naming the setting, the expectation and the value", () => {
    const cases: {
      name: string;
      override: Record<string, unknown>;
      remove?: string[];
      setting: string;
      expected: RegExp;
      found: string;
    }[] = [
      {
        name: "an unknown target",
        override: { target: "gcp" },
        setting: "target",
        expected: /one of aws, kubernetes/,
        found: '"gcp"',
      },
      {
        name: "a CIDR that is not a network address",
        override: { aws: { vpcCidr: "10.0.0.1/16" } },
        setting: "aws.vpcCidr",
        expected: /IPv4 CIDR block from \/16 to \/24/,
        found: '"10.0.0.1/16"',
      },
      {
        name: "a CIDR block larger than /16",
        override: { aws: { vpcCidr: "10.0.0.0/8" } },
        setting: "aws.vpcCidr",
        expected: /from \/16 to \/24/,
        found: '"10.0.0.0/8"',
      },
      {
        name: "a CIDR block smaller than /24",
        override: { aws: { vpcCidr: "10.0.0.0/25" } },
        setting: "aws.vpcCidr",
        expected: /from \/16 to \/24/,
        found: '"10.0.0.0/25"',
      },
      {
        name: "text that is no CIDR at all",
        override: { aws: { vpcCidr: "my-network" } },
        setting: "aws.vpcCidr",
        expected: /IPv4 CIDR block/,
        found: '"my-network"',
      },
      {
        name: "too few zones",
        override: { aws: { zones: 1 } },
        setting: "aws.zones",
        expected: /whole number from 2 to 6/,
        found: "1",
      },
      {
        name: "too many zones",
        override: { aws: { zones: 7 } },
        setting: "aws.zones",
        expected: /whole number from 2 to 6/,
        found: "7",
      },
      {
        name: "a fractional zone count",
        override: { aws: { zones: 2.5 } },
        setting: "aws.zones",
        expected: /whole number/,
        found: "2.5",
      },
      {
        name: "more zones than the VPC block holds",
        override: { aws: { vpcCidr: "10.0.0.0/24", zones: 5 } },
        setting: "aws.zones",
        expected: /at most 4 zones in aws.vpcCidr 10.0.0.0\/24/,
        found: "5",
      },
      {
        name: "an unknown NAT strategy",
        override: { aws: { natStrategy: "two" } },
        setting: "aws.natStrategy",
        expected: /one of none, single, perZone/,
        found: '"two"',
      },
      {
        name: "a retention CloudWatch does not offer",
        override: { aws: { flowLogs: { retentionDays: 10 } } },
        setting: "aws.flowLogs.retentionDays",
        expected: /CloudWatch Logs retention periods/,
        found: "10",
      },
      {
        name: "a boolean given as text",
        override: { aws: { flowLogs: { enabled: "yes" } } },
        setting: "aws.flowLogs.enabled",
        expected: /true or false/,
        found: '"yes"',
      },
      {
        name: "an invalid namespace",
        override: { kubernetes: { namespace: "Strata_Dev" } },
        setting: "kubernetes.namespace",
        expected: /DNS label/,
        found: '"Strata_Dev"',
      },
      {
        name: "a reserved tag key",
        override: { tags: { "aws:owner": "me" } },
        setting: "tags.aws:owner",
        expected: /not starting aws:/,
        found: '"aws:owner"',
      },
      {
        name: "a missing region on aws",
        override: {},
        remove: ["aws.region"],
        setting: "aws.region",
        expected: /AWS region/,
        found: "nothing",
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { error } = await configErrorOf("dev", { override: c.override, remove: c.remove });
        const problem = problemFor(error.problems, c.setting);
        assert.match(problem.expected, c.expected);
        assert.equal(problem.found, c.found);
        assert.match(
          error.message,
          new RegExp(`- ${c.setting.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: expected .+, found `),
        );
      });
    }

    it("an unknown key, with the setting it most likely meant", async () => {
      const { error } = await configErrorOf("dev", { override: { aws: { zonse: 3 }, tagz: {} } });
      const nested = problemFor(error.problems, "aws.zonse");
      assert.equal(nested.found, "an unknown setting");
      assert.match(
        nested.expected,
        /known settings \(region, zones, vpcCidr, natStrategy, natInstance, flowLogs\); did you mean zones\?/,
      );
      const top = problemFor(error.problems, "tagz");
      assert.match(top.expected, /did you mean tags\?/);
    });

    it("a value that must be a secret, given in plain text", async () => {
      const { error } = await configErrorOf("dev", { override: { secrets: { apiToken: "hunter2" } } });
      const problem = problemFor(error.problems, "secrets");
      assert.equal(problem.found, "plain text");
      assert.match(problem.expected, /pulumi config set --secret --path secrets.<name>/);
      assert.doesNotMatch(error.message, /hunter2/, "the plain-text secret must not be echoed");
    });

    it("the same secret is accepted when it is set as a secret", async () => {
      const graph = await runStack("dev", {
        override: { secrets: { apiToken: "hunter2" } },
        secretKeys: ["secrets"],
      });
      assert.ok(graph.resources.length > 0);
    });

    it("a stack not named after a preset must name one", async () => {
      const { error } = await configErrorOf("dev", { override: { preset: "staging" } });
      const problem = problemFor(error.problems, "preset");
      assert.match(problem.expected, /one of dev, prod/);
      assert.equal(problem.found, '"staging"');
      // Settings the preset would have supplied are not reported as missing on top of it.
      assert.equal(
        error.problems.filter((p) => p.found === "nothing").length,
        0,
        error.problems.map((p) => p.setting).join(", "),
      );
    });
  });

  it("reports every problem at once and registers no resource", async () => {
    const { error, graph } = await configErrorOf("dev", {
      override: {
        target: "gcp",
        aws: { zones: 9, vpcCidr: "300.0.0.0/16", natStrategy: "always" },
        color: "blue",
      },
    });
    assert.deepEqual(error.problems.map((p) => p.setting).sort(), [
      "aws.natStrategy",
      "aws.vpcCidr",
      "aws.zones",
      "color",
      "target",
    ]);
    assert.match(error.message, /^Stack "dev" has 5 problems in its configuration \(Pulumi.dev.yaml\):/);
    assert.deepEqual(graph.resources, []);
  });

  it("lets a stack override any preset value", async () => {
    const graph = await runStack("prod", { override: { aws: { zones: 2, natStrategy: "single" } } });
    assert.equal(graph.resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 1);
    assert.equal(graph.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").length, 6);
  });

  it("refuses a protected aws stack whose alarms would reach no one", async () => {
    const { error } = await configErrorOf("prod", { override: { observability: { alertEmails: [] } } });
    const problem = problemFor(error.problems, "observability.alertEmails");
    assert.match(problem.expected, /at least one email address when protect is true/);
    assert.equal(problem.found, "an empty list");
    // Dev (nothing protected) may do without.
    const dev = await runStack("dev", { override: { observability: { alertEmails: [] } } });
    assert.ok(dev.resources.length > 0);
  });

  it("runs a stack of the user's own (staging) on the preset it names", async () => {
    const graph = await runStack("dev", {
      override: {
        preset: "prod",
        database: { drRegion: "eu-central-1" },
        observability: { alertEmails: ["ops@example.org"] },
      },
    });
    assert.equal(graph.resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 3);
  });
});
