import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluatePolicies } from "../tools/policy/run";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { runStack, STACK_MATRIX } from "./support/harness";
import { previewInProcess } from "./support/preview";

describe("policy pack on the shipped stacks", () => {
  for (const { stack, target } of STACK_MATRIX) {
    it(`${stack} on ${target}: no mandatory violation`, async () => {
      const report = await evaluatePolicies(await runStack(stack, { target }));
      assert.deepEqual(
        report.violations.filter((v) => v.enforcementLevel === "mandatory"),
        [],
      );
    });
  }

  it("npm start exits non-zero on a broken prod stack file and prints and writes the rule IDs", async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), "strata-broken-"));
    try {
      // The shipped prod stack with its data left unprotected.
      const prod = readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
      writeFileSync(path.join(dir, "Pulumi.prod.yaml"), `${prod.trimEnd()}\n  strata:protect: false\n`);
      const json = path.join(dir, "graph.json");
      // In process: --stack-dir and --json run as a real process in test/preview-cli.test.ts, and so does a
      // non-zero exit (an unknown --target).
      const run = await previewInProcess("--stack", "prod", "--stack-dir", dir, "--json", json);
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stdout,
        /\[mandatory\] AWS-WellArchitected-REL09-stateful-protected {2}aws:kms\/key:Key {2}logs-key/,
      );
      assert.match(run.stdout, /Fix: Set `protect: true` in the stack file/);
      const written = JSON.parse(readFileSync(json, "utf8")) as Record<string, unknown>;
      assert.deepEqual(Object.keys(written), ["stack", "target", "resources", "outputs", "policy"]);
      const policy = written.policy as {
        mandatory: number;
        violations: { policy: string; resource?: { name: string } }[];
      };
      assert.ok(policy.mandatory >= 1);
      assert.equal(policy.violations.length, policy.mandatory);
      assert.deepEqual(
        [...new Set(policy.violations.map((v) => v.policy))],
        ["AWS-WellArchitected-REL09-stateful-protected"],
      );
      assert.ok(policy.violations.some((v) => v.resource?.name === "logs-key"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
