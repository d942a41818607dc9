import { strict as assert } from "node:assert";
import { byType, findResource, type Graph } from "../tools/harness/graph";
import { ANSWERED_CALLS, MOCK_ACCOUNT_ID } from "../tools/harness/mocks";
import { ACTIONS_BY_CALL } from "./support/call-actions";
import { runStack } from "./support/harness";
import { bootstrapFile, runBootstrap } from "./bootstrap-support";
import { SERVICES_BY_MODULE } from "../bootstrap/services";
import { GLOBAL_REGION } from "../bootstrap/policies";
import { readStackFile } from "../tools/harness/stack-file";

/**
 * A small IAM evaluator for the policies the bootstrap writes: an explicit Deny wins, then any Allow, else
 * the implicit deny. Condition keys absent from the request follow IAM's rules: a negated operator
 * (StringNotEquals) and any ...IfExists match, the others do not, and Null tests for the absence itself.
 */
type Statement = Record<string, unknown>;
type Decision = "allow" | "deny" | "implicit deny";
interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

const list = (value: unknown): string[] =>
  (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);

function glob(pattern: string, value: string, caseless: boolean): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, caseless ? "i" : "").test(value);
}

function conditionHolds(
  operator: string,
  key: string,
  expected: string[],
  context: Readonly<Record<string, string>>,
) {
  const ifExists = operator.endsWith("IfExists");
  const base = operator.replace(/IfExists$/, "");
  const value = context[key];
  if (base === "Null") return expected.includes(value === undefined ? "true" : "false");
  if (value === undefined) return ifExists || base.includes("Not");
  switch (base) {
    case "StringEquals":
    case "Bool":
      return expected.includes(value);
    case "StringNotEquals":
      return !expected.includes(value);
    case "StringLike":
      return expected.some((p) => glob(p, value, false));
    default:
      throw new Error(`the evaluator does not know the operator ${operator}`);
  }
}

function applies(statement: Statement, request: Request): boolean {
  const actionMatch = (patterns: unknown) => list(patterns).some((p) => glob(p, request.action, true));
  const resourceMatch = (patterns: unknown) => list(patterns).some((p) => glob(p, request.resource, false));
  if (statement.Action !== undefined ? !actionMatch(statement.Action) : actionMatch(statement.NotAction))
    return false;
  if (
    statement.Resource !== undefined
      ? !resourceMatch(statement.Resource)
      : resourceMatch(statement.NotResource)
  )
    return false;
  const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      conditionHolds(operator, key, list(values), request.context ?? {}),
    ),
  );
}

function evaluate(statements: readonly Statement[], request: Request): Decision {
  const matching = statements.filter((s) => applies(s, request));
  if (matching.some((s) => s.Effect === "Deny")) return "deny";
  return matching.some((s) => s.Effect === "Allow") ? "allow" : "implicit deny";
}

/**
 * An approximation of AWS's managed ReadOnlyAccess (its text is AWS's, not in this repository): every
 * service's Get, List and Describe actions on everything. Close enough to prove that the denies carve out
 * what it must not read.
 */
const READ_ONLY_ACCESS: Statement = {
  Effect: "Allow",
  Action: ["*:Get*", "*:List*", "*:Describe*"],
  Resource: "*",
};

describe("what the CI roles may do", () => {
  let bootstrap: Graph;
  let bucket: string;
  const statementsOf = (stack: string, access: string): Statement[] => {
    const policy = findResource(
      bootstrap,
      "aws:iam/rolePolicy:RolePolicy",
      `github-${stack}-${access}-policy`,
    );
    const inline = (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement;
    return access === "preview" ? [READ_ONLY_ACCESS, ...inline] : inline;
  };
  const key = (stack: string) => `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:state-secrets-${stack}`;
  const state = (object: string) => `arn:aws:s3:::${bucket}/.pulumi/${object}`;
  /** The regions the bootstrap stack file gives a stack's CI roles. */
  const regionsOf = (stack: string) =>
    (bootstrapFile().values.stacks as Record<string, { regions: string[] }>)[stack].regions;
  const inRegion = (region = "eu-west-1", extra: Record<string, string> = {}) => ({
    "aws:RequestedRegion": region,
    ...extra,
  });

  before(async () => {
    bootstrap = await runBootstrap();
    bucket = /^s3:\/\/([^?]+)/.exec(String(bootstrap.outputs.backendUrl))?.[1] as string;
  });

  describe("a stack's deploy role", () => {
    let dev: Statement[];
    before(() => {
      dev = statementsOf("dev", "deploy");
    });

    it("may call every service the real program creates resources with, in the stack's regions", async () => {
      for (const stack of ["dev", "prod"]) {
        const graph = await runStack(stack, { target: "aws" });
        const statements = statementsOf(stack, "deploy");
        const regions = regionsOf(stack);
        for (const resource of graph.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
          const module = resource.type.split(":")[1].split("/")[0];
          const services = SERVICES_BY_MODULE[module];
          assert.ok(services, `${resource.type}: add its module to bootstrap/services.ts`);
          for (const service of services.filter((s) => s !== "iam" && s !== "s3")) {
            for (const region of regions) {
              assert.equal(
                evaluate(statements, {
                  action: `${service}:Create`,
                  resource: "*",
                  context: inRegion(region),
                }),
                "allow",
              );
            }
          }
        }
        // The names the program gives its roles and buckets are inside the role's scope, so CI can make them.
        for (const r of byType(graph, "aws:iam/role:Role")) {
          const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${String(r.inputs.name)}`;
          assert.equal(evaluate(statements, { action: "iam:CreateRole", resource: arn }), "allow", arn);
          assert.equal(evaluate(statements, { action: "iam:PassRole", resource: arn }), "allow", arn);
        }
        for (const b of byType(graph, "aws:s3/bucket:Bucket")) {
          const arn = `arn:aws:s3:::${String(b.inputs.bucketPrefix)}20261201abcdef`;
          assert.equal(evaluate(statements, { action: "s3:CreateBucket", resource: arn }), "allow", arn);
          assert.equal(
            evaluate(statements, { action: "s3:PutObject", resource: `${arn}/index.html` }),
            "allow",
          );
        }
      }
    });

    it("covers the regions the main program's stack files name (region and backup copy region)", () => {
      for (const stack of ["dev", "prod"]) {
        const values = readStackFile(stack).values as {
          aws?: { region?: string };
          database?: { drRegion?: string };
        };
        for (const region of [values.aws?.region, values.database?.drRegion].filter(Boolean)) {
          assert.ok(regionsOf(stack).includes(String(region)), `${stack}: ${region}`);
        }
      }
    });

    it("acts in no other region than its own and us-east-1 (IAM, CloudFront, Route 53)", () => {
      assert.equal(
        evaluate(dev, { action: "ec2:RunInstances", resource: "*", context: inRegion("ap-southeast-2") }),
        "implicit deny",
      );
      assert.equal(
        evaluate(dev, {
          action: "cloudfront:CreateDistribution",
          resource: "*",
          context: inRegion(GLOBAL_REGION),
        }),
        "allow",
      );
    });

    it("cannot touch, nor tag as its own, anything tagged as another stack's", () => {
      const prodTagged = inRegion("eu-west-1", { "aws:ResourceTag/Stack": "prod" });
      assert.equal(
        evaluate(dev, { action: "rds:DeleteDBCluster", resource: "*", context: prodTagged }),
        "deny",
      );
      assert.equal(
        evaluate(dev, { action: "secretsmanager:GetSecretValue", resource: "*", context: prodTagged }),
        "deny",
      );
      const devTagged = inRegion("eu-west-1", { "aws:ResourceTag/Stack": "dev" });
      assert.equal(
        evaluate(dev, { action: "rds:DeleteDBCluster", resource: "*", context: devTagged }),
        "allow",
      );
      const asProd = inRegion("eu-west-1", { "aws:RequestTag/Stack": "prod" });
      assert.equal(evaluate(dev, { action: "ec2:CreateVpc", resource: "*", context: asProd }), "deny");
    });

    it("makes IAM roles of its own stack only, and never the CI's own identity", () => {
      const arn = (name: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
      assert.equal(
        evaluate(dev, { action: "iam:CreateRole", resource: arn("strata-dev-api-task") }),
        "allow",
      );
      assert.equal(
        evaluate(dev, { action: "iam:PutRolePolicy", resource: arn("strata-prod-api-task") }),
        "implicit deny",
      );
      assert.equal(
        evaluate(dev, { action: "iam:UpdateAssumeRolePolicy", resource: arn("strata-ci-dev-deploy") }),
        "deny",
      );
      const provider = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
      assert.equal(evaluate(dev, { action: "iam:DeleteOpenIDConnectProvider", resource: provider }), "deny");
      const slr = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`;
      const ecs = { "iam:AWSServiceName": "ecs.amazonaws.com" };
      assert.equal(
        evaluate(dev, { action: "iam:CreateServiceLinkedRole", resource: slr, context: ecs }),
        "allow",
      );
    });

    it("reads and writes its own stack's state and locks, and no other stack's", () => {
      for (const object of [
        "stacks/strata/dev.json",
        "history/strata/dev/dev-1.checkpoint.json",
        "locks/organization/strata/dev/1.json",
      ]) {
        assert.equal(evaluate(dev, { action: "s3:PutObject", resource: state(object) }), "allow", object);
      }
      for (const object of [
        "stacks/strata/prod.json",
        "stacks/strata/dev2.json",
        "history/strata/prod/1.json",
      ]) {
        assert.equal(
          evaluate(dev, { action: "s3:GetObject", resource: state(object) }),
          "implicit deny",
          object,
        );
      }
      assert.equal(evaluate(dev, { action: "s3:DeleteBucket", resource: `arn:aws:s3:::${bucket}` }), "deny");
      assert.equal(
        evaluate(dev, { action: "s3:DeleteObjectVersion", resource: state("stacks/strata/dev.json") }),
        "deny",
      );
    });

    it("uses its own secrets key, and can neither use nor disable another's, nor delete its own", () => {
      assert.equal(
        evaluate(dev, { action: "kms:Decrypt", resource: key("dev"), context: inRegion() }),
        "allow",
      );
      const prodKey = {
        action: "kms:Decrypt",
        resource: key("prod"),
        context: inRegion("eu-west-1", { "aws:ResourceTag/Stack": "prod" }),
      };
      assert.equal(evaluate(dev, prodKey), "deny");
      for (const action of ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"]) {
        assert.equal(evaluate(dev, { action, resource: key("dev"), context: inRegion() }), "deny", action);
      }
    });
  });

  describe("both roles of a stack", () => {
    it("may make every data-source call the program can make, in each of the stack's regions", () => {
      assert.deepEqual(
        ANSWERED_CALLS.filter((token) => !(token in ACTIONS_BY_CALL)),
        [],
        "list each call's IAM actions in test/support/call-actions.ts",
      );
      assert.deepEqual(
        Object.keys(ACTIONS_BY_CALL).filter((token) => !ANSWERED_CALLS.includes(token)),
        [],
        "a listed call the program no longer makes",
      );
      for (const stack of ["dev", "prod"]) {
        const regions = regionsOf(stack);
        for (const access of ["deploy", "preview"]) {
          const statements = statementsOf(stack, access);
          for (const [token, needs] of Object.entries(ACTIONS_BY_CALL)) {
            for (const { action, resource, global } of needs) {
              for (const region of global ? [GLOBAL_REGION] : regions) {
                const request = { action, resource: resource?.(region) ?? "*", context: inRegion(region) };
                assert.equal(
                  evaluate(statements, request),
                  "allow",
                  `${stack} ${access}: ${action} (${token}) in ${region}`,
                );
              }
            }
          }
        }
      }
    });

    it("read no Systems Manager parameter of the account, tagged as another stack's or not", () => {
      // AWS's public parameters, which every run reads, are allowed by the test above; nothing else is.
      for (const access of ["deploy", "preview"]) {
        const statements = statementsOf("dev", access);
        for (const region of regionsOf("dev")) {
          const accounts = `arn:aws:ssm:${region}:${MOCK_ACCOUNT_ID}:parameter/strata-prod/database`;
          const read = (context: Record<string, string> = {}) =>
            evaluate(statements, {
              action: "ssm:GetParameter",
              resource: accounts,
              context: inRegion(region, context),
            });
          assert.notEqual(read(), "allow", `${access} reads the account's parameters`);
          assert.notEqual(read({ "aws:ResourceTag/Stack": "prod" }), "allow", `${access}: prod's`);
        }
      }
    });
  });

  describe("a stack's read-only role", () => {
    let prod: Statement[];
    before(() => {
      prod = statementsOf("prod", "preview");
    });

    it("reads its stack's state, takes the state lock, and writes nothing else", () => {
      assert.equal(
        evaluate(prod, { action: "s3:GetObject", resource: state("stacks/strata/prod.json") }),
        "allow",
      );
      const lock = state("locks/organization/strata/prod/1.json");
      assert.equal(evaluate(prod, { action: "s3:PutObject", resource: lock }), "allow");
      assert.equal(evaluate(prod, { action: "s3:DeleteObject", resource: lock }), "allow");
      assert.equal(
        evaluate(prod, { action: "s3:PutObject", resource: state("stacks/strata/prod.json") }),
        "implicit deny",
      );
      assert.equal(
        evaluate(prod, { action: "ec2:CreateVpc", resource: "*", context: inRegion() }),
        "implicit deny",
      );
    });

    it("reads no other stack's state and no S3 object that is not its stack's", () => {
      assert.equal(
        evaluate(prod, { action: "s3:GetObject", resource: state("stacks/strata/dev.json") }),
        "deny",
      );
      assert.equal(
        evaluate(prod, { action: "s3:GetObject", resource: "arn:aws:s3:::strata-prod-site-1/index.html" }),
        "allow",
      );
      assert.equal(
        evaluate(prod, { action: "s3:GetObject", resource: "arn:aws:s3:::payroll/2026.csv" }),
        "deny",
      );
    });

    it("decrypts its own secrets only: no secret value or KMS decryption of anything not tagged as its stack's", () => {
      const tagged = (stack?: string): Record<string, string> =>
        stack ? { "aws:ResourceTag/Stack": stack } : {};
      assert.equal(
        evaluate(prod, { action: "kms:Decrypt", resource: key("prod"), context: tagged("prod") }),
        "allow",
      );
      assert.equal(
        evaluate(prod, { action: "kms:Decrypt", resource: key("dev"), context: tagged("dev") }),
        "deny",
      );
      assert.equal(
        evaluate(prod, { action: "secretsmanager:GetSecretValue", resource: "*", context: tagged("prod") }),
        "allow",
      );
      assert.equal(
        evaluate(prod, { action: "secretsmanager:GetSecretValue", resource: "*", context: tagged("dev") }),
        "deny",
      );
      assert.equal(
        evaluate(prod, { action: "secretsmanager:GetSecretValue", resource: "*", context: tagged() }),
        "deny",
      );
      assert.equal(evaluate(prod, { action: "ssm:GetParameter", resource: "*", context: tagged() }), "deny");
    });
  });
});
