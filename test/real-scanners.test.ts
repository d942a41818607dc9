import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Context } from "mocha";
import { planResources } from "../tools/export/terraform-plan";
import type { CheckResult } from "../tools/scan/findings";
import { judge, readAllAccepted, runScanners, type StackGraphs } from "../tools/scan/scan";
import { regionOf } from "../tools/harness/run";
import { policies } from "../policy/policies";
import { runStack, stackFile, type Graph } from "./support/harness";
import { syntheticGraph, violationsOf } from "./support/policy";
import { CASES } from "./support/policy-agreement-aws-cases";
import { toolOrSkip } from "./scan-support";

// The suites that run the real Checkov and kube-score share one run of them: Checkov's start-up is about 4 s of
// Python imports, which a second process would pay again. They share this file because mocha's workers take
// whole files: in two files, each worker could run its own scan.

/**
 * One resource of a graph, alone, with its inputs changed: what the scanners judge as the bad change. The rest of
 * the stack is judged once, as shipped; scanning it again beside the change would cost Checkov seconds and find
 * only what the shipped scan found.
 */
function changedAlone(
  graph: Graph,
  match: (type: string, name: string) => boolean,
  change: (inputs: Record<string, unknown>) => Record<string, unknown>,
): Graph {
  const target = graph.resources.find((r) => match(r.type, r.name));
  if (!target) throw new Error("no resource to change");
  return {
    ...graph,
    resources: [{ ...structuredClone(target), inputs: change(structuredClone(target.inputs)) }],
  };
}

/** The scanned stacks: prod on both targets, and the deliberate bad changes, each alone (`changedAlone`). */
async function stacksToScan(): Promise<StackGraphs[]> {
  const aws = await runStack("prod", { target: "aws" });
  const kubernetes = await runStack("prod", { target: "kubernetes" });
  // The deliberate bad changes: a public bucket, a privileged container.
  const publicBucket = changedAlone(
    aws,
    (type, name) =>
      type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && name.startsWith("cdn-bucket"),
    (inputs) => ({
      ...inputs,
      blockPublicAcls: false,
      blockPublicPolicy: false,
      ignorePublicAcls: false,
      restrictPublicBuckets: false,
    }),
  );
  const privileged = changedAlone(
    kubernetes,
    (type, name) => type === "kubernetes:apps/v1:Deployment" && name === "compute-api",
    (inputs) => {
      const copy = structuredClone(inputs) as {
        spec: { template: { spec: { containers: { securityContext?: object }[] } } };
      };
      const first = copy.spec.template.spec.containers[0];
      first.securityContext = {
        ...first.securityContext,
        privileged: true,
        allowPrivilegeEscalation: true,
      };
      return copy as unknown as Record<string, unknown>;
    },
  );
  const region = regionOf(stackFile("prod"));
  return [
    { stack: "prod", region, aws, kubernetes },
    { stack: "bad", region, aws: publicBucket, kubernetes: privileged },
  ];
}

/** The name an agreement case's plan is scanned under. */
const caseFile = (index: number, kind: "good" | "bad") => `agreement-${index}-${kind}`;

/** Each agreement case's compliant and violating resources, each as a plan of its own. */
function agreementCasesToScan(): StackGraphs[] {
  return CASES.flatMap((c, i) =>
    (["good", "bad"] as const).map((kind) => ({
      stack: caseFile(i, kind),
      region: "eu-west-1",
      aws: syntheticGraph(c.stack ?? "dev", c[kind]),
    })),
  );
}

let scan: Promise<CheckResult[]> | undefined;

/** The one run of both scanners over everything this file judges; the first suite to ask starts it. */
function scanOnce(context: Context): Promise<CheckResult[]> {
  const tools = {
    checkov: toolOrSkip(context, "checkov"),
    kubeScore: toolOrSkip(context, "kube-score"),
    // Both cores already run test files: forked Checkov workers would add memory, not speed.
    checkovInOneProcess: true,
  };
  scan ??= (async () => {
    const stacks = [...(await stacksToScan()), ...agreementCasesToScan()];
    const dir = mkdtempSync(join(tmpdir(), "strata-scan-test-"));
    try {
      return runScanners(dir, stacks, tools);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return scan;
}

describe("scan: the real scanners on the stacks", function () {
  this.timeout(300_000);
  /** Failed checks as `tool check resource`, of the shipped prod stack and of prod with two bad changes. */
  let shipped: string[] = [];
  /** What `npm run scan` would report as failing on the changed stack: not accepted, not failing before. */
  let added: CheckResult[] = [];
  let parsed = 0;

  before(async function () {
    const results = (await scanOnce(this)).filter((r) => r.stack === "prod" || r.stack === "bad");
    parsed = results.length;
    const key = (f: CheckResult) => `${f.tool} ${f.check} ${f.resource}`;
    shipped = results.filter((r) => r.stack === "prod" && !r.passed).map(key);
    // The changed stack judged as prod, against the shipped accepted-findings files.
    const asProd = results.filter((r) => r.stack === "bad").map((r) => ({ ...r, stack: "prod" }));
    added = judge(asProd, readAllAccepted()).failures.filter((f) => !shipped.includes(key(f)));
  });

  const names = () => added.map((f) => `${f.tool} ${f.check} ${f.resource}`);

  it("both tools judge both targets of the stack", () => {
    assert.ok(parsed > 500, `${parsed} results`);
    assert.ok(shipped.some((f) => f.startsWith("checkov CKV_")));
    assert.ok(shipped.some((f) => f.startsWith("kube-score ")));
  });

  it("a public bucket is a new failure: the scan fails on it", () => {
    for (const id of ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"]) {
      assert.ok(
        names().some((f) => f.startsWith(`checkov ${id} aws_s3_bucket_public_access_block.cdn-bucket`)),
        `${id} on the public bucket's access block, in: ${names().join("; ")}`,
      );
    }
  });

  it("a privileged container is a new failure for Checkov and kube-score: the scan fails on it", () => {
    for (const expected of [
      "checkov CKV_K8S_16 Deployment.strata-prod.api",
      "checkov CKV_K8S_20 Deployment.strata-prod.api",
      "kube-score container-security-context-privileged Deployment/strata-prod/api",
    ]) {
      assert.ok(names().includes(expected), `${expected}, in: ${names().join("; ")}`);
    }
  });
});

/** Checkov's verdict on one resource of a case, from one run over every case's plan. */
function verdict(results: CheckResult[], file: string, check: string, address: string): boolean | undefined {
  const found = results.filter((r) => r.stack === file && r.check === check && r.resource === address);
  return found.length === 0 ? undefined : found.every((r) => r.passed);
}

describe("policy pack agrees with Checkov (Terraform plan)", function () {
  this.timeout(300_000);
  let results: CheckResult[] = [];

  before(async function () {
    results = (await scanOnce(this)).filter((r) => r.tool === "checkov" && r.stack.startsWith("agreement-"));
  });

  it("covers every rule of the pack that carries a Checkov ID", () => {
    const ids = policies.map((p) => p.name).filter((n) => /^CKV2?_AWS_\d+$/.test(n));
    assert.deepEqual(
      ids.filter((id) => !CASES.some((c) => c.rule === id)),
      [],
    );
  });

  CASES.forEach((c, i) => {
    const where = c.stack ?? "dev";
    it(`${c.rule} (${c.bad[0].type.split(":").pop()} in ${where}): pack and Checkov pass the compliant case, fail the violating one`, async () => {
      for (const [kind, resources] of [
        ["good", c.good],
        ["bad", c.bad],
      ] as const) {
        const graph = syntheticGraph(where, resources);
        const judged =
          graph.resources.find((r) => r.name === (c.checkovJudges ?? resources[0].name)) ??
          graph.resources[0];
        const address = planResources(graph).get(judged.urn)?.address ?? "";
        const checkov = verdict(results, caseFile(i, kind), c.rule, address);
        assert.notEqual(checkov, undefined, `Checkov did not judge ${c.rule} on ${address} (${kind})`);
        const pack = (await violationsOf(c.rule, resources, { stack: where })).length === 0;
        assert.equal(pack, kind === "good", `the pack on the ${kind} case`);
        // A known miss of Checkov's: it passes the violating case; when a release fixes that, this fails.
        const expected = c.checkovMisses !== undefined && kind === "bad" ? true : pack;
        assert.equal(
          checkov,
          expected,
          `Checkov's ${c.rule} on ${address} (${kind}) says ${checkov ? "passed" : "failed"}`,
        );
      }
    });
  });
});
