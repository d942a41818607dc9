import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_DIR, SECRET_PLACEHOLDER } from "../tools/harness/stack-file";
import type { Graph } from "../tools/harness/graph";
import { previewInProcess as inProcess } from "./support/preview";

// Two cases run `npm start` as a real process: the fourth (--stack, --target, --stack-dir and --json, exit 0) and
// the last (a non-zero exit). The others call the same code in process (./support/preview), where the flags are
// parsed the same way: starting a process costs two or three seconds of module loading.

/** Runs `npm start -- <args>` as a newcomer would, minus npm itself (its own start-up is not ours to test). */
function preview(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, "tools/preview/cli.ts"), ...args],
    { cwd: PROJECT_DIR, encoding: "utf8", env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: undefined } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the offline preview (npm start)", () => {
  it("prints the dev stack's network on aws as a tree, with a count by type", async () => {
    const { code, stdout } = await inProcess();
    assert.equal(code, 0);
    assert.match(stdout, /stack dev, target aws/);
    assert.match(
      stdout,
      /[├└]─ strata:network:Network {2}network\n[│ ] {2}├─ aws:ec2\/vpc:Vpc {2}network-vpc/,
    );
    assert.match(stdout, /aws:ec2\/subnet:Subnet +6\n/);
    // dev's NAT is one instance (aws.natStrategy instance).
    assert.match(stdout, /aws:ec2\/instance:Instance +1\n/);
  });

  it("prints the Kubernetes network objects for prod with --target kubernetes", async () => {
    const { code, stdout } = await inProcess("--stack", "prod", "--target", "kubernetes");
    assert.equal(code, 0);
    assert.match(stdout, /stack prod, target kubernetes/);
    assert.match(
      stdout,
      /kubernetes:core\/v1:Namespace {2}network-namespace {2}\[protected, retained on delete\]/,
    );
    assert.match(stdout, /kubernetes:networking.k8s.io\/v1:NetworkPolicy {2}network-default-deny-ingress/);
    assert.doesNotMatch(stdout, /aws:/);
  });

  it("writes the whole graph as JSON in the stable format", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "strata-")), "graph.json");
    const { code } = await inProcess("--stack", "dev", "--json", file);
    assert.equal(code, 0);
    const graph = JSON.parse(readFileSync(file, "utf8")) as Graph;
    assert.equal(graph.stack, "dev");
    assert.equal(graph.target, "aws");
    const vpc = graph.resources.find((r) => r.type === "aws:ec2/vpc:Vpc");
    assert.ok(vpc);
    for (const key of ["type", "name", "parent", "inputs", "protect", "retainOnDelete", "dependsOn"]) {
      assert.ok(key in vpc, `resources carry ${key}`);
    }
    assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
    assert.match(String(vpc.parent), /strata:network:Network::network$/);
  });

  it("runs a stack whose secrets are encrypted, and shows them only as [secret]", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "strata-")), "graph.json");
    const fixtures = path.join(PROJECT_DIR, "test/fixtures");
    const { code, stdout } = preview(
      "--stack",
      "secretive",
      "--stack-dir",
      fixtures,
      "--json",
      file,
      "--target",
      "kubernetes",
    );
    assert.equal(code, 0);
    const text = readFileSync(file, "utf8");
    const graph = JSON.parse(text) as Graph;
    const provider = graph.resources.find((r) => r.type === "pulumi:providers:kubernetes");
    assert.equal(provider?.inputs.kubeconfig, "[secret]");
    assert.doesNotMatch(text + stdout, new RegExp(SECRET_PLACEHOLDER));
  });

  it("prints every mistake of a broken stack file and exits non-zero, registering nothing", async () => {
    const { code, stdout, stderr } = await inProcess(
      "--stack",
      "broken",
      "--stack-dir",
      path.join(PROJECT_DIR, "test/fixtures"),
    );
    assert.equal(code, 1);
    assert.equal(stdout, "", "nothing is printed as planned");
    assert.match(stderr, /Stack "broken" has 5 problems/);
    assert.match(stderr, /- target: expected one of aws, kubernetes, found "gcp"/);
    assert.match(stderr, /- aws\.zones: expected a whole number from 2 to 6, found 9/);
    assert.match(stderr, /- aws\.vpcCidr: expected an IPv4 CIDR block .*, found "10\.0\.0\.0\/33"/);
    assert.match(
      stderr,
      /- aws\.natStrategie: expected one of the known settings .*did you mean natStrategy\?/,
    );
    assert.match(stderr, /- secrets: expected a secret, set with: pulumi config set --secret/);
    assert.doesNotMatch(stderr, /written-in-plain-text/);
  });

  it("rejects an unknown target flag", () => {
    const { code, stderr } = preview("--target", "azure");
    assert.equal(code, 2);
    assert.match(stderr, /--target: expected one of aws, kubernetes, found "azure"/);
  });
});
