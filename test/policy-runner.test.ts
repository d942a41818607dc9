import { strict as assert } from "node:assert";
import * as aws from "../components/shared/aws/sdk";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
} from "@pulumi/policy";
import { evaluatePolicies, SCHEMA_RULE } from "../tools/policy/run";
import { PackConfigError } from "../tools/policy/config";
import { renderPolicyReport } from "../tools/preview/render";
import { runStack } from "./support/harness";
import { syntheticGraph, urnOf, violationsOf, type Synthetic } from "./support/policy";

const KEY: Synthetic = {
  type: "aws:kms/key:Key",
  name: "logs-key",
  inputs: { enableKeyRotation: true, tags: { Stack: "prod" } },
  protect: true,
  parent: urnOf("prod", "strata:observability:LogsKey", "logs"),
};

describe("offline policy runner", () => {
  it("gives a resource policy the arguments the engine would", async () => {
    let seen: ResourceValidationArgs | undefined;
    const spy: ResourceValidationPolicy = {
      name: "spy",
      description: "records its arguments",
      configSchema: { properties: { limit: { type: "integer", default: 3 } } },
      validateResource: (args: ResourceValidationArgs) => {
        if (args.type === KEY.type) seen = args;
      },
    };
    await evaluatePolicies(syntheticGraph("prod", [KEY]), { policies: [spy], config: { spy: { limit: 5 } } });
    assert.ok(seen);
    assert.equal(seen.type, "aws:kms/key:Key");
    assert.equal(seen.name, "logs-key");
    assert.equal(seen.urn, "urn:pulumi:prod::strata::aws:kms/key:Key::logs-key");
    assert.deepEqual(JSON.parse(JSON.stringify(seen.props)), KEY.inputs);
    assert.deepEqual(seen.opts, {
      protect: true,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent: KEY.parent,
    });
    assert.equal(seen.isType(aws.kms.Key), true);
    assert.equal(seen.isType(aws.s3.Bucket), false);
    assert.equal(seen.asType(aws.kms.Key), seen.props);
    assert.equal(seen.asType(aws.s3.Bucket), undefined);
    assert.deepEqual(seen.getConfig(), { limit: 5 });
    assert.equal(seen.stackTags.size, 0);
    assert.throws(() => seen!.notApplicable("why"));
  });

  it("gives a stack policy every resource with its parent and the inputs' dependencies", async () => {
    let resources: PolicyResource[] = [];
    const spy = {
      name: "spy",
      description: "records the stack",
      validateStack: (args: StackValidationArgs) => {
        resources = args.resources;
      },
    };
    const graph = await runStack("dev", { target: "aws" });
    await evaluatePolicies(graph, { policies: [spy] });
    assert.equal(resources.length, graph.resources.length);
    const flowLog = resources.find((r) => r.type === "aws:ec2/flowLog:FlowLog");
    assert.ok(flowLog);
    assert.equal(flowLog.parent?.type, "strata:network:Network");
    // Recovered from the mocks' ids and ARNs; two resources of one service with one name (the flow logs' role
    // and its policy) share a mocked ARN, so a dependency may be over-approximated, never missed.
    const typesOf = (key: string) => flowLog.propertyDependencies[key]?.map((d) => d.type) ?? [];
    assert.deepEqual(Object.keys(flowLog.propertyDependencies).sort(), [
      "iamRoleArn",
      "logDestination",
      "vpcId",
    ]);
    assert.deepEqual(typesOf("vpcId"), ["aws:ec2/vpc:Vpc"]);
    assert.deepEqual(typesOf("logDestination"), ["aws:cloudwatch/logGroup:LogGroup"]);
    assert.ok(typesOf("iamRoleArn").includes("aws:iam/role:Role"));
    assert.equal(flowLog.isType(aws.ec2.FlowLog), true);
  });

  it("lets the pack's config change a rule's enforcement level, or disable it", async () => {
    const bare: Synthetic[] = [
      { type: "aws:cloudwatch/logGroup:LogGroup", name: "g", inputs: { kmsKeyId: "k" } },
    ];
    const levels = async (config: Record<string, unknown>) =>
      (await violationsOf("CKV_AWS_66", bare, { config })).map((v) => v.enforcementLevel);
    assert.deepEqual(await levels({}), ["mandatory"]);
    assert.deepEqual(await levels({ CKV_AWS_66: "advisory" }), ["advisory"]);
    assert.deepEqual(await levels({ all: "advisory" }), ["advisory"]);
    assert.deepEqual(await levels({ all: "advisory", CKV_AWS_66: { enforcementLevel: "mandatory" } }), [
      "mandatory",
    ]);
    assert.deepEqual(await levels({ CKV_AWS_66: "disabled" }), []);
  });

  it("reports every problem of the pack's config at once", async () => {
    const graph = syntheticGraph("dev", []);
    await assert.rejects(
      evaluatePolicies(graph, {
        config: { all: "strict", CKV_AWS_999: "advisory", "CIS-AWS-5.2": { publicPorts: ["443"] } },
      }),
      (error: unknown) => {
        assert.ok(error instanceof PackConfigError);
        assert.deepEqual(error.problems, [
          "CKV_AWS_999: expected a rule ID of the pack, found an unknown rule",
          'all: expected one of advisory, mandatory, remediate, disabled, found "strict"',
          'CIS-AWS-5.2.publicPorts: an item: expected integer, found "443"',
        ]);
        return true;
      },
    );
  });

  it("treats a secret input as a value the rule cannot read, as a computed value during preview", async () => {
    const secretDefinitions: Synthetic[] = [
      {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "api",
        inputs: { family: "api", containerDefinitions: "[secret]" },
        secretInputs: ["containerDefinitions"],
      },
    ];
    const violations = await violationsOf("CKV_AWS_336", secretDefinitions);
    assert.equal(violations.length, 1);
    assert.equal(violations[0].enforcementLevel, "advisory");
    assert.match(violations[0].message, /can't run policy 'CKV_AWS_336' offline/);
    // A rule that only needs to know the value is set is satisfied by it.
    const secretKey: Synthetic[] = [
      {
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: "g",
        inputs: { retentionInDays: 7, kmsKeyId: "[secret]" },
        secretInputs: ["kmsKeyId"],
      },
    ];
    assert.deepEqual(await violationsOf("CKV_AWS_158", secretKey), []);
    // A setting that must be read is never mistaken for a missing one: the rule cannot run, as in a preview.
    const secretFlag: Synthetic[] = [
      {
        type: "aws:rds/cluster:Cluster",
        name: "db",
        inputs: { engine: "aurora-postgresql", storageEncrypted: "[secret]" },
        secretInputs: ["storageEncrypted"],
      },
    ];
    assert.deepEqual(
      (await violationsOf("CKV_AWS_96", secretFlag)).map((v) => v.enforcementLevel),
      ["advisory"],
    );
  });

  it("reports a Kubernetes object that breaks the OpenAPI schema as a mandatory violation", async () => {
    const broken: Synthetic = {
      type: "kubernetes:apps/v1:Deployment",
      name: "api",
      inputs: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "api" },
        spec: {
          replicas: "two",
          selector: { matchLabels: { app: "api" } },
          template: { spec: { containers: [] } },
        },
      },
    };
    const report = await evaluatePolicies(syntheticGraph("dev", [broken]), { policies: [] });
    assert.equal(report.mandatory, 1);
    assert.equal(report.violations[0].policy, SCHEMA_RULE);
    assert.equal(report.violations[0].resource?.name, "api");
    assert.match(report.violations[0].message, /replicas/);
  });

  it("renders each violation with its rule ID, resource, problem and fix", async () => {
    const report = await evaluatePolicies(
      syntheticGraph("dev", [
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "app-logs", inputs: { retentionInDays: 7 } },
      ]),
    );
    const text = renderPolicyReport(report);
    assert.match(text, /1 mandatory and 0 advisory violation/);
    assert.match(text, /\[mandatory\] CKV_AWS_158 {2}aws:cloudwatch\/logGroup:LogGroup {2}app-logs/);
    assert.match(text, /The log group has no KMS key\./);
    assert.match(text, /Fix: Set kmsKeyId to the stack's logs key/);
  });
});
