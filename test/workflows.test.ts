import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { ciRoleName, SESSION_SECONDS } from "../bootstrap/policies";

type Obj = Record<string, unknown>;

interface WorkflowFile {
  readonly file: string;
  readonly text: string;
  readonly doc: Obj;
}

const GITHUB_DIR = path.join(PROJECT_DIR, ".github");
const WORKFLOWS_DIR = path.join(GITHUB_DIR, "workflows");
const SETUP_ACTION = path.join(GITHUB_DIR, "actions", "setup-stack", "action.yml");

function load(file: string): WorkflowFile {
  const text = readFileSync(file, "utf8");
  return { file: path.relative(PROJECT_DIR, file), text, doc: parse(text) as Obj };
}

const workflows = readdirSync(WORKFLOWS_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => load(path.join(WORKFLOWS_DIR, name)));
const setupAction = load(SETUP_ACTION);
const byName = new Map(workflows.map((w) => [path.basename(w.file), w]));

function jobsOf(workflow: WorkflowFile): [string, Obj][] {
  return Object.entries(workflow.doc.jobs as Record<string, Obj>);
}

function stepsOf(job: Obj): Obj[] {
  return (job.steps as Obj[] | undefined) ?? [];
}

/** The reusable workflow a caller job runs, for `uses: ./.github/workflows/<file>`. */
function calledWorkflow(job: Obj): WorkflowFile | undefined {
  const uses = job.uses as string | undefined;
  if (!uses) return undefined;
  const called = byName.get(path.basename(uses));
  assert.ok(called, `no workflow ${uses}`);
  return called;
}

/** `${{ inputs.x }}` replaced by what the caller passes; other expressions are left as they are. */
function withInputs(value: string, inputs: Obj): string {
  return value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, key: string) => String(inputs[key]));
}

function triggers(workflow: WorkflowFile): string[] {
  const on = workflow.doc.on;
  return typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on as Obj);
}

const entryWorkflows = workflows.filter((w) => !triggers(w).includes("workflow_call"));

/** The caller jobs of an entry workflow that run a stack's reusable workflow, by stack. */
function stackJobs(file: string, reusable: string): Map<string, { id: string; job: Obj }> {
  const result = new Map<string, { id: string; job: Obj }>();
  for (const [id, job] of jobsOf(byName.get(file) as WorkflowFile)) {
    if (typeof job.uses === "string" && job.uses.endsWith(`/${reusable}`)) {
      result.set(String((job.with as Obj).stack), { id, job });
    }
  }
  return result;
}

describe("the GitHub Actions workflows", () => {
  it("are the three entry points and their reusable parts", () => {
    assert.deepEqual(entryWorkflows.map((w) => path.basename(w.file)).sort(), [
      "deploy.yml",
      "drift.yml",
      "pull-request.yml",
    ]);
  });

  describe("pinning", () => {
    const files = [...workflows, setupAction];
    const usesLines = files.flatMap((f) =>
      f.text
        .split("\n")
        .filter((line) => /^\s*(-\s+)?uses:/.test(line))
        .map((line) => ({ file: f.file, line: line.trim() })),
    );

    it("pins every third-party action and reusable workflow by a full commit SHA, with its version", () => {
      assert.ok(usesLines.length >= 10, `only ${usesLines.length} uses: lines found`);
      for (const { file, line } of usesLines) {
        const ref = /uses:\s*(\S+)/.exec(line)?.[1] as string;
        if (ref.startsWith("./")) continue; // this repository's own, at the commit under test
        assert.match(
          line,
          /uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
          `${file}: "${line}" is not pinned as owner/repo@<40-hex SHA> # vX.Y.Z`,
        );
      }
    });

    it("pins each action at one commit and one version everywhere", () => {
      const pins = new Map<string, Set<string>>();
      for (const { line } of usesLines) {
        const match = /uses:\s*([^@\s]+)@(\S+ # \S+)/.exec(line);
        if (!match) continue;
        pins.set(match[1], (pins.get(match[1]) ?? new Set()).add(match[2]));
      }
      for (const [action, refs] of pins) assert.equal(refs.size, 1, `${action} is pinned as ${[...refs]}`);
    });

    it("has a uses: line for every uses the YAML holds (none hidden in flow style)", () => {
      let parsed = 0;
      for (const f of files) {
        const runs = (f.doc.runs as Obj | undefined)?.steps as Obj[] | undefined;
        if (runs) parsed += runs.filter((s) => s.uses).length;
        if (f.doc.jobs) {
          for (const [, job] of jobsOf(f))
            parsed += (job.uses ? 1 : 0) + stepsOf(job).filter((s) => s.uses).length;
        }
      }
      assert.equal(parsed, usesLines.length);
    });
  });

  describe("permissions", () => {
    it("grant nothing at the top of any workflow", () => {
      for (const w of workflows) assert.deepEqual(w.doc.permissions, {}, `${w.file}: top-level permissions`);
    });

    it("are declared by every job", () => {
      for (const w of workflows) {
        for (const [id, job] of jobsOf(w)) {
          assert.equal(typeof job.permissions, "object", `${w.file}: job ${id} declares no permissions`);
        }
      }
    });

    it("of a caller job are exactly what the jobs it calls need: no more, and not less (GitHub refuses that)", () => {
      for (const w of entryWorkflows) {
        for (const [id, job] of jobsOf(w)) {
          const called = calledWorkflow(job);
          if (!called) continue;
          const needed: Record<string, string> = {};
          for (const [, inner] of jobsOf(called)) {
            for (const [scope, level] of Object.entries(inner.permissions as Record<string, string>)) {
              if (needed[scope] !== "write") needed[scope] = level;
            }
          }
          assert.deepEqual(job.permissions, needed, `${w.file}: job ${id}`);
        }
      }
    });

    it("write only where a step needs it: OIDC for AWS, the preview comment, the drift issue", () => {
      for (const w of workflows) {
        for (const [id, job] of jobsOf(w)) {
          if (job.uses) continue;
          const perms = job.permissions as Record<string, string>;
          const steps = stepsOf(job);
          const uses = steps.map((s) => String(s.uses ?? ""));
          const where = `${w.file}: job ${id}`;
          for (const [scope, level] of Object.entries(perms)) {
            if (level !== "write") continue;
            if (scope === "id-token") assert.ok(uses.includes("./.github/actions/setup-stack"), where);
            else if (scope === "pull-requests")
              assert.ok(
                steps.some((s) => String((s.with as Obj | undefined)?.["comment-on-pr"]) === "true"),
                where,
              );
            else if (scope === "issues") {
              assert.ok(
                uses.some((u) => u.startsWith("actions/github-script@")),
                where,
              );
              // The job that writes issues holds no cloud credentials, and runs none of the repository's code.
              assert.equal(perms["id-token"], undefined, where);
              assert.ok(!uses.some((u) => u.startsWith("actions/checkout@")), where);
            } else assert.fail(`${where}: ${scope}: write is not needed by any step`);
          }
        }
      }
    });
  });

  describe("untrusted code and secrets", () => {
    it("never run on pull_request_target or workflow_run", () => {
      for (const w of workflows) {
        for (const trigger of ["pull_request_target", "workflow_run"]) {
          assert.ok(!triggers(w).includes(trigger), `${w.file} runs on ${trigger}`);
        }
      }
    });

    it("skip the previews, which hold credentials, for a fork's pull request", () => {
      const previews = stackJobs("pull-request.yml", "stack-preview.yml");
      assert.ok(previews.size > 0);
      for (const { id, job } of previews.values()) {
        assert.equal(job.if, "github.event.pull_request.head.repo.full_name == github.repository", id);
      }
    });

    it("check out without persisting the token in .git/config", () => {
      let checkouts = 0;
      for (const w of workflows) {
        for (const [id, job] of jobsOf(w)) {
          for (const step of stepsOf(job)) {
            if (!String(step.uses ?? "").startsWith("actions/checkout@")) continue;
            checkouts++;
            assert.equal((step.with as Obj | undefined)?.["persist-credentials"], false, `${w.file}: ${id}`);
          }
        }
      }
      assert.ok(checkouts >= 4);
    });

    it("pass no expression into a shell script (inputs and secrets go through env:) and inherit no secrets", () => {
      const runs = [
        ...workflows.flatMap((w) => jobsOf(w).flatMap(([, job]) => stepsOf(job))),
        ...((setupAction.doc.runs as Obj).steps as Obj[]),
      ].filter((s) => typeof s.run === "string");
      assert.ok(runs.length >= 5);
      for (const step of runs) assert.doesNotMatch(String(step.run), /\$\{\{/, String(step.run));
      for (const w of workflows) assert.doesNotMatch(w.text, /secrets:\s*inherit/, w.file);
    });
  });

  describe("the pipeline", () => {
    const stackFiles = readdirSync(PROJECT_DIR)
      .map((name) => /^Pulumi\.([\w-]+)\.yaml$/.exec(name)?.[1])
      .filter((stack): stack is string => stack !== undefined)
      .sort();

    it("previews, deploys and checks for drift every stack the repository ships", () => {
      assert.deepEqual(stackFiles, ["dev", "prod"]);
      assert.deepEqual([...stackJobs("pull-request.yml", "stack-preview.yml").keys()].sort(), stackFiles);
      assert.deepEqual([...stackJobs("deploy.yml", "stack-deploy.yml").keys()].sort(), stackFiles);
      assert.deepEqual([...stackJobs("drift.yml", "stack-drift.yml").keys()].sort(), stackFiles);
    });

    it("deploys prod in the prod environment, after dev, one up at a time, never cancelled", () => {
      const deploys = stackJobs("deploy.yml", "stack-deploy.yml");
      const prod = deploys.get("prod") as { id: string; job: Obj };
      const dev = deploys.get("dev") as { id: string; job: Obj };
      assert.equal(prod.job.needs, dev.id);
      const called = calledWorkflow(prod.job) as WorkflowFile;
      const jobs = jobsOf(called);
      assert.equal(jobs.length, 1);
      const [, up] = jobs[0];
      const environment = up.environment as Obj;
      assert.equal(withInputs(String(environment.name), prod.job.with as Obj), "prod");
      const concurrency = up.concurrency as Obj;
      assert.equal(withInputs(String(concurrency.group), prod.job.with as Obj), "pulumi-up-prod");
      assert.equal(withInputs(String(concurrency.group), dev.job.with as Obj), "pulumi-up-dev");
      assert.equal(concurrency["cancel-in-progress"], false);
      // Nothing else may deploy: no other workflow runs `up`.
      const ups = workflows.flatMap((w) =>
        jobsOf(w).flatMap(([, job]) =>
          stepsOf(job).filter((s) => (s.with as Obj | undefined)?.command === "up"),
        ),
      );
      assert.equal(ups.length, 1);
      assert.ok(byName.get("stack-deploy.yml")?.text.includes("command: up"));
    });

    it("never cancels a run that holds a stack's lock (a killed one can leave the lock behind)", () => {
      const usesSetup = (job: Obj) => stepsOf(job).some((s) => s.uses === "./.github/actions/setup-stack");
      let stackJobCount = 0;
      for (const w of workflows) {
        for (const [id, job] of jobsOf(w).filter(([, j]) => usesSetup(j))) {
          stackJobCount++;
          assert.equal(
            (job.concurrency as Obj | undefined)?.["cancel-in-progress"],
            false,
            `${w.file}: ${id}`,
          );
        }
        // A workflow-level group that cancels would cancel the stack jobs it calls.
        assert.notEqual((w.doc.concurrency as Obj | undefined)?.["cancel-in-progress"], true, w.file);
      }
      assert.equal(stackJobCount, 3);
    });

    it("runs the real preview and up with the policy pack and the CLI matching the SDK", () => {
      const pkg = JSON.parse(readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      const pulumiSteps = workflows.flatMap((w) =>
        jobsOf(w).flatMap(([, job]) =>
          stepsOf(job).filter((s) => String(s.uses ?? "").startsWith("pulumi/actions@")),
        ),
      );
      assert.equal(pulumiSteps.length, 3);
      for (const step of pulumiSteps) {
        const inputs = step.with as Obj;
        assert.equal(String(inputs["pulumi-version"]), pkg.dependencies["@pulumi/pulumi"]);
        if (inputs.command) assert.equal(inputs.policyPacks, "policy");
        if (inputs.command === "preview") assert.equal(inputs["comment-on-pr"], true);
      }
    });

    it("detects drift with a preview-only refresh that fails on any difference", () => {
      const drift = byName.get("stack-drift.yml") as WorkflowFile;
      assert.match(drift.text, /pulumi refresh --stack "\$STACK" --preview-only --expect-no-changes/);
      assert.deepEqual(Object.keys((byName.get("drift.yml") as WorkflowFile).doc.on as Obj).sort(), [
        "schedule",
        "workflow_dispatch",
      ]);
    });
  });

  describe("the setup action", () => {
    const steps = (setupAction.doc.runs as Obj).steps as Obj[];
    const aws = steps.find((s) => String(s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"));

    it("assumes the role the bootstrap creates, for as long as the role allows", () => {
      const inputs = (aws as Obj).with as Obj;
      for (const stack of ["dev", "prod"]) {
        for (const access of ["preview", "deploy"] as const) {
          const arn = withInputs(String(inputs["role-to-assume"]), { stack, access, "aws-account-id": "1" });
          assert.equal(arn, `arn:aws:iam::1:role/${ciRoleName(stack, access)}`);
        }
      }
      assert.equal(
        inputs["role-duration-seconds"],
        `\${{ inputs.access == 'deploy' && '${SESSION_SECONDS.deploy}' || '${SESSION_SECONDS.preview}' }}`,
      );
    });

    it("uses no long-lived AWS keys", () => {
      const inputs = (aws as Obj).with as Obj;
      for (const key of ["aws-access-key-id", "aws-secret-access-key", "aws-session-token"]) {
        assert.equal(inputs[key], undefined);
      }
      for (const w of workflows) assert.doesNotMatch(w.text, /AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)/, w.file);
    });
  });
});
