import assert from "node:assert/strict";
import { validateSettings } from "../../stacks/validate";
import { ConfigError, type ConfigProblem } from "../../stacks/problems";
import type { ConfigSource } from "../../stacks/source";
import type { StackSettings } from "../../stacks/schema";

const BASE = { target: "aws", aws: { region: "eu-west-1" } };

function source(stack: string, values: Record<string, unknown>, secretKeys: string[] = []): ConfigSource {
  return { project: "strata", stack, values, secretKeys: new Set(secretKeys) };
}

function problemsOf(config: ConfigSource): readonly ConfigProblem[] {
  try {
    validateSettings(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      assert.equal(error.stackName, config.stack);
      return error.problems;
    }
    throw error;
  }
  return [];
}

function settingsOf(config: ConfigSource): StackSettings {
  const problems = problemsOf(config);
  assert.deepEqual(problems, [], "the stack was expected to be valid");
  return validateSettings(config);
}

const PRESET_EXPECTED = "one of dev, prod (a stack not named after a preset must name one)";

describe("merging and validating a stack (stacks/validate.ts)", () => {
  it("a stack starts from the preset it is named after, or the one it names, which wins", () => {
    assert.equal(settingsOf(source("dev", BASE)).preset, "dev");
    assert.equal(settingsOf(source("dev", BASE)).protect, false);
    assert.equal(settingsOf(source("staging", { ...BASE, preset: "dev" })).preset, "dev");
    const named = settingsOf(
      source("dev", {
        ...BASE,
        preset: "prod",
        database: { drRegion: "eu-central-1" },
        observability: { alertEmails: ["ops@example.org"] },
      }),
    );
    assert.equal(named.preset, "prod");
    assert.equal(named.protect, true);
  });

  it("a stack named after no preset and naming none gets one problem, not one per missing setting", () => {
    assert.deepEqual(problemsOf(source("staging", BASE)), [
      { setting: "preset", expected: PRESET_EXPECTED, found: "nothing" },
    ]);
    assert.deepEqual(problemsOf(source("dev", { ...BASE, preset: "qa" })), [
      { setting: "preset", expected: PRESET_EXPECTED, found: '"qa"' },
    ]);
  });

  it("without a preset, values that are wrong rather than missing are still reported", () => {
    const problems = problemsOf(source("staging", { ...BASE, aws: { region: "eu-west-1", zones: 9 } }));
    assert.deepEqual(problems[0], { setting: "preset", expected: PRESET_EXPECTED, found: "nothing" });
    assert.ok(
      problems.some(
        (p) => p.setting === "aws.zones" && p.expected === "a whole number from 2 to 6" && p.found === "9",
      ),
      JSON.stringify(problems),
    );
    assert.ok(
      problems.every((p) => p.found !== "nothing" || p.setting === "preset"),
      JSON.stringify(problems),
    );
  });

  it("with a preset, a missing required value is reported as nothing", () => {
    assert.deepEqual(problemsOf(source("dev", { aws: { region: "eu-west-1" } })), [
      { setting: "target", expected: "one of aws, kubernetes", found: "nothing" },
    ]);
  });

  it("reports a problem found twice once, and keeps problems that share only a setting or an expectation", () => {
    // Below the range and off the 0.5 steps: zod raises two issues with the one phrase.
    const serverless = { minCapacity: -0.25, maxCapacity: 2 };
    assert.deepEqual(problemsOf(source("dev", { ...BASE, database: { serverless } })), [
      {
        setting: "database.serverless.minCapacity",
        expected: "a capacity from 0 to 256 ACUs in steps of 0.5",
        found: "-0.25",
      },
    ]);
    const expected = "a user name of at most 16 letters, digits or '_'";
    assert.deepEqual(
      problemsOf(source("dev", { ...BASE, database: { username: "9a", appUsername: "9b" } })),
      [
        { setting: "database.username", expected, found: '"9a"' },
        { setting: "database.appUsername", expected, found: '"9b"' },
      ],
    );
    const build = { context: "api", tag: "-1" };
    const problems = problemsOf(source("dev", { ...BASE, services: [{ name: "api", build, port: 80 }] }));
    assert.deepEqual(
      problems.filter((p) => p.setting === "services[0].build.tag"),
      [
        {
          setting: "services[0].build.tag",
          expected: "an image tag of letters, digits, '_', '.' and '-'",
          found: '"-1"',
        },
        {
          setting: "services[0].build.tag",
          expected: "an image tag that names one build (not latest)",
          found: '"-1"',
        },
      ],
    );
  });

  it("the namespace defaults to <project>-<stack> as a DNS label, cut to its 63 characters", () => {
    const config = (stack: string, project = "Strata"): ConfigSource => ({
      project,
      stack,
      values: { ...BASE, preset: "dev" },
      secretKeys: new Set(),
    });
    assert.equal(settingsOf(config("QA")).kubernetes.namespace, "strata-qa");
    const long = settingsOf(config("s".repeat(70))).kubernetes.namespace;
    assert.equal(long, `strata-${"s".repeat(56)}`);
    assert.equal(long.length, 63);
    // Pulumi's project and stack names may hold '_' and '.', which a DNS label may not: a stack of a project
    // named my_app must still validate, though it never set a namespace.
    assert.equal(settingsOf(config("qa.eu", "_my_app")).kubernetes.namespace, "my-app-qa-eu");
    // A cut that would end on a hyphen ends before it.
    assert.equal(settingsOf(config("b", "a".repeat(62))).kubernetes.namespace, "a".repeat(62));
    const own = settingsOf(source("dev", { ...BASE, kubernetes: { namespace: "web" } }));
    assert.equal(own.kubernetes.namespace, "web");
    assert.equal(
      own.kubernetes.ingressClass,
      "nginx",
      "the preset's cluster settings stay under the stack's",
    );
  });

  it("secrets and a kubeconfig must be set as secrets, each with the command that does it", () => {
    const values = { ...BASE, secrets: { token: "t" }, kubeconfig: "apiVersion: v1" };
    assert.deepEqual(problemsOf(source("dev", values)), [
      {
        setting: "secrets",
        expected: "a secret, set with: pulumi config set --secret --path secrets.<name> <value>",
        found: "plain text",
      },
      {
        setting: "kubeconfig",
        expected: "a secret, set with: pulumi config set --secret kubeconfig < kubeconfig.yaml",
        found: "plain text",
      },
    ]);
    assert.deepEqual(
      problemsOf(source("dev", values, ["secrets"])).map((p) => p.setting),
      ["kubeconfig"],
    );
    const settings = settingsOf(source("dev", values, ["secrets", "kubeconfig"]));
    assert.deepEqual(settings.secrets, { token: "t" });
    assert.equal(settings.kubeconfig, "apiVersion: v1");
  });

  it("a secret's wrong value is reported without showing it", () => {
    assert.deepEqual(problemsOf(source("dev", { ...BASE, secrets: { token: 42 } }, ["secrets"])), [
      { setting: "secrets.token", expected: "a secret string", found: "a value (hidden: secret)" },
    ]);
  });

  it("returns the settings with the schema's defaults filled in", () => {
    const settings = settingsOf(
      source("dev", { ...BASE, services: [{ name: "api", image: "ghcr.io/o/api:1.0", port: 80 }] }),
    );
    assert.equal(settings.services[0].cpu, 256);
    assert.equal(settings.services[0].healthCheckPath, "/healthz");
    assert.deepEqual(settings.tags, {});
  });
});
