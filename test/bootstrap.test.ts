import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { ProgramError } from "../tools/harness/run";
import { byType, findResource, type Graph, type GraphResource } from "../tools/harness/graph";
import { MOCK_ACCOUNT_ID } from "../tools/harness/mocks";
import { ConfigError } from "../stacks/problems";
import { evaluatePolicies } from "../tools/policy/run";
import { BOOTSTRAP_DIR } from "../bootstrap/preview";
import { STATE_NONCURRENT_VERSION_DAYS } from "../bootstrap/state";
import { runBootstrap } from "./bootstrap-support";
import { GITHUB_OIDC_URL, READ_ONLY_POLICY_ARN, SESSION_SECONDS } from "../bootstrap/policies";

const REPO = "example-coop/strata";

function json(resource: GraphResource, input: string): Record<string, unknown> {
  return JSON.parse(String(resource.inputs[input])) as Record<string, unknown>;
}

function role(graph: Graph, stack: string, access: string): GraphResource {
  return findResource(graph, "aws:iam/role:Role", `github-${stack}-${access}`);
}

describe("the bootstrap program, under the mocked engine", () => {
  let graph: Graph;
  before(async () => {
    graph = await runBootstrap();
  });

  it("is its own Pulumi project, run like the main program, for the main program's project", () => {
    const project = parse(readFileSync(path.join(BOOTSTRAP_DIR, "Pulumi.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    const main = parse(readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    assert.equal(project.name, "strata-bootstrap");
    assert.deepEqual(project.runtime, main.runtime);
    assert.equal(project.main, "index.ts");
    // Its default `project` is the main program's name: the state paths and IAM scopes are the main stacks'.
    assert.equal(main.name, "strata");
    assert.equal(graph.stack, "account");
  });

  describe("the state backend", () => {
    it("is one private bucket: versioned, encrypted, every public access blocked, ACLs off, TLS only", () => {
      assert.equal(byType(graph, "aws:s3/bucket:Bucket").length, 1);
      const of = (type: string) => byType(graph, type).filter((r) => r.name.startsWith("state-bucket-"));
      assert.deepEqual(of("aws:s3/bucketVersioning:BucketVersioning")[0].inputs.versioningConfiguration, {
        status: "Enabled",
      });
      const sse = of(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      )[0];
      assert.deepEqual(sse.inputs.rules, [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ]);
      const block = of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs;
      for (const flag of [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
      ]) {
        assert.equal(block[flag], true, flag);
      }
      assert.deepEqual(of("aws:s3/bucketOwnershipControls:BucketOwnershipControls")[0].inputs.rule, {
        objectOwnership: "BucketOwnerEnforced",
      });
      const policy = json(of("aws:s3/bucketPolicy:BucketPolicy")[0], "policy") as {
        Statement: Record<string, unknown>[];
      };
      assert.ok(
        policy.Statement.some(
          (s) =>
            s.Effect === "Deny" && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
        ),
      );
      // A state's old versions are how a bad checkpoint is undone: the current checkpoint never expires, and
      // replaced versions are kept a year (bootstrap/state.ts), not the shared helper's quarter (CKV2_AWS_61).
      const lifecycles = byType(graph, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
      assert.equal(lifecycles.length, 1);
      assert.ok(lifecycles[0].name.startsWith("state-bucket-"), lifecycles[0].name);
      const rules = lifecycles[0].inputs.rules as Record<string, unknown>[];
      assert.equal(rules.length, 1);
      assert.equal(rules[0].status, "Enabled");
      assert.equal(rules[0].expiration, undefined);
      assert.deepEqual(rules[0].noncurrentVersionExpiration, { noncurrentDays: 365 });
      assert.equal(STATE_NONCURRENT_VERSION_DAYS, 365);
    });

    it("has one rotated KMS key per stack, tagged as that stack's, as its secrets provider", () => {
      const keys = byType(graph, "aws:kms/key:Key");
      assert.deepEqual(
        keys.map((k) => k.name),
        ["state-secrets-dev", "state-secrets-prod"],
      );
      for (const [key, stack] of keys.map((k, i) => [k, ["dev", "prod"][i]] as const)) {
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal((key.inputs.tags as Record<string, string>).Stack, stack);
        assert.equal((key.inputs.tags as Record<string, string>).Project, "strata");
      }
      assert.deepEqual(graph.outputs.secretsProviders, {
        dev: "awskms://state-secrets-dev-key-id?region=eu-west-1",
        prod: "awskms://state-secrets-prod-key-id?region=eu-west-1",
      });
      const [bucket] = byType(graph, "aws:s3/bucket:Bucket");
      assert.equal(
        graph.outputs.backendUrl,
        `s3://${String(bucket.inputs.bucketPrefix)}offline?region=eu-west-1`,
      );
    });

    it("protects the bucket and the keys unless the stack says protect: false", async () => {
      const stateful = (g: Graph) => [...byType(g, "aws:s3/bucket:Bucket"), ...byType(g, "aws:kms/key:Key")];
      for (const r of stateful(graph)) assert.ok(r.protect && r.retainOnDelete, r.name);
      assert.equal(byType(graph, "aws:s3/bucket:Bucket")[0].inputs.forceDestroy, false);
      const unprotected = await runBootstrap({ protect: false });
      for (const r of stateful(unprotected)) assert.ok(!r.protect && !r.retainOnDelete, r.name);
    });

    it("is left out with Pulumi Cloud as the backend, and the roles then carry no state access", async () => {
      const cloud = await runBootstrap({ backend: "cloud" });
      assert.equal(byType(cloud, "aws:s3/bucket:Bucket").length, 0);
      assert.equal(byType(cloud, "aws:kms/key:Key").length, 0);
      assert.equal(cloud.outputs.backendUrl, undefined);
      for (const policy of byType(cloud, "aws:iam/rolePolicy:RolePolicy")) {
        assert.doesNotMatch(String(policy.inputs.policy), /\.pulumi\//, policy.name);
      }
    });
  });

  describe("GitHub's OIDC", () => {
    it("trusts GitHub's issuer for the STS audience, with no thumbprint (IAM trusts GitHub's CA itself)", () => {
      const provider = findResource(
        graph,
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        "github-provider",
      );
      assert.equal(provider.inputs.url, GITHUB_OIDC_URL);
      assert.equal(GITHUB_OIDC_URL, "https://token.actions.githubusercontent.com");
      assert.deepEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
      assert.equal(provider.inputs.thumbprintLists, undefined);
      assert.ok(provider.protect);
    });

    it("lets only the stack's environment assume its deploy role: exactly these conditions", () => {
      const providerArn = `arn:aws:iam:eu-west-1:${MOCK_ACCOUNT_ID}:github-provider`;
      for (const stack of ["dev", "prod"]) {
        const deploy = role(graph, stack, "deploy");
        assert.equal(deploy.inputs.name, `strata-ci-${stack}-deploy`);
        assert.deepEqual(json(deploy, "assumeRolePolicy"), {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: providerArn },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: {
                  "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                  "token.actions.githubusercontent.com:sub": `repo:${REPO}:environment:${stack}`,
                },
              },
            },
          ],
        });
        assert.equal(deploy.inputs.maxSessionDuration, SESSION_SECONDS.deploy);
      }
    });

    it("lets pull requests and the default branch (the nightly drift) assume the read-only role, nothing else", () => {
      const preview = role(graph, "prod", "preview");
      const statement = (json(preview, "assumeRolePolicy").Statement as Record<string, unknown>[])[0];
      assert.deepEqual(statement.Condition, {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": [
            `repo:${REPO}:pull_request`,
            `repo:${REPO}:ref:refs/heads/main`,
          ],
        },
      });
      assert.equal(preview.inputs.maxSessionDuration, SESSION_SECONDS.preview);
      const attachments = byType(graph, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
      assert.deepEqual(
        attachments.map((a) => [a.name, a.inputs.policyArn]),
        [
          ["github-dev-preview-read-only", READ_ONLY_POLICY_ARN],
          ["github-prod-preview-read-only", READ_ONLY_POLICY_ARN],
        ],
      );
    });

    it("follows the configured default branch and repository", async () => {
      const other = await runBootstrap({ github: { repository: "Co-op/infra", branch: "trunk" } });
      const statement = (
        json(role(other, "dev", "preview"), "assumeRolePolicy").Statement as Record<string, unknown>[]
      )[0];
      assert.deepEqual(
        (statement.Condition as Record<string, Record<string, unknown>>).StringEquals[
          "token.actions.githubusercontent.com:sub"
        ],
        ["repo:Co-op/infra:pull_request", "repo:Co-op/infra:ref:refs/heads/trunk"],
      );
    });

    it("reuses the account's existing provider (IAM allows one per issuer) instead of creating one", async () => {
      const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
      const reused = await runBootstrap({ github: { oidcProviderArn: arn } });
      assert.equal(byType(reused, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
      const statement = (
        json(role(reused, "dev", "deploy"), "assumeRolePolicy").Statement as Record<string, unknown>[]
      )[0];
      assert.deepEqual(statement.Principal, { Federated: arn });
      assert.equal(reused.outputs.oidcProviderArn, arn);
    });

    it("is optional: without github, only the backend", async () => {
      const backendOnly = await runBootstrap({}, ["github"]);
      assert.equal(byType(backendOnly, "aws:iam/role:Role").length, 0);
      assert.equal(byType(backendOnly, "aws:s3/bucket:Bucket").length, 1);
    });
  });

  it("passes Strata's policy pack with no violation, mandatory or advisory (the same S3 and KMS rules)", async () => {
    const report = await evaluatePolicies(graph);
    assert.deepEqual(report.violations, []);
    assert.ok(report.rules > 40);
  });

  it("refuses a wrong configuration with every problem at once, before registering anything", async () => {
    try {
      await runBootstrap({
        region: "eu-west1",
        stacks: { ci: { regions: ["eu-west-1"] }, prod: { regions: [] } },
        github: { repository: "strata", branch: "main" },
        backnd: "s3",
      });
      assert.fail("the run was expected to fail");
    } catch (error) {
      assert.ok(error instanceof ProgramError && error.cause instanceof ConfigError, String(error));
      const settings = error.cause.problems.map((p) => p.setting).sort();
      assert.deepEqual(settings, [
        "backnd",
        "github.repository",
        "region",
        "stacks.ci",
        "stacks.prod.regions",
      ]);
      assert.match(
        error.cause.message,
        /github\.repository: expected a GitHub repository as owner\/name, found "strata"/,
      );
      assert.match(error.cause.message, /stacks\.ci: expected a stack name other than bootstrap or ci/);
      assert.equal(error.graph.resources.length, 0);
    }
  });
});
