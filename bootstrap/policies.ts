import { regionalServices, SERVICE_LINKED_ROLE_SERVICES } from "./services";

/** GitHub's OIDC issuer, and the audience aws-actions/configure-aws-credentials asks its token for. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
export const STS_AUDIENCE = "sts.amazonaws.com";

/** IAM, CloudFront, Route 53, and CloudFront's certificates and WAF are requested in us-east-1. */
export const GLOBAL_REGION = "us-east-1";

export type Access = "preview" | "deploy";
export const ACCESSES: readonly Access[] = ["preview", "deploy"];

/** The CI role of a stack; .github/actions/setup-stack/action.yml builds the same name. */
export function ciRoleName(stack: string, access: Access): string {
  return `strata-ci-${stack}-${access}`;
}

/**
 * How long a role's session may last: `up` of a new prod (Aurora, CloudFront) can outlast the default hour.
 * The setup action asks for the same durations.
 */
export const SESSION_SECONDS: Readonly<Record<Access, number>> = { preview: 3600, deploy: 7200 };

/**
 * The OIDC subjects a role trusts (GitHub's default subject claim). A deploy role trusts only a job that runs
 * in the stack's environment; the read-only role trusts pull requests and runs on the default branch (the
 * nightly drift check), and nothing else: not another branch, not a tag, not another repository.
 */
export function trustedSubjects(repository: string, branch: string, stack: string, access: Access): string[] {
  return access === "deploy"
    ? [`repo:${repository}:environment:${stack}`]
    : [`repo:${repository}:pull_request`, `repo:${repository}:ref:refs/heads/${branch}`];
}

export type PolicyDocument = { Version: "2012-10-17"; Statement: Record<string, unknown>[] };

/** The role's trust policy: GitHub's token, for STS, with one of the subjects, checked exactly (StringEquals). */
export function trustPolicy(providerArn: string, subjects: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0] : [...subjects],
          },
        },
      },
    ],
  };
}

/** What the roles of one stack are scoped by. */
export interface StackScope {
  readonly account: string;
  /** The main program's project: Strata's physical names start with <project>-<stack>-. */
  readonly project: string;
  readonly stack: string;
  readonly regions: readonly string[];
  /** The self-managed backend, when there is one. */
  readonly state?: {
    readonly bucket: string;
    /** This stack's secrets key: its config's and state's secrets. */
    readonly secretsKeyArn: string;
    /** Every secrets key of the bootstrap: none may be disabled, deleted or re-permissioned by CI. */
    readonly allSecretsKeyArns: readonly string[];
  };
}

/** The state bucket's objects of one stack, as the DIY backend lays them out in project mode. */
export function stateObjects(bucket: string, project: string, stack: string): string[] {
  return [
    // .pulumi/stacks/<project>/<stack>.json and its .bak and .gz forms.
    `arn:aws:s3:::${bucket}/.pulumi/stacks/${project}/${stack}.json*`,
    // .pulumi/history/, .pulumi/backups/ and .pulumi/locks/organization/ of the stack.
    `arn:aws:s3:::${bucket}/.pulumi/*/${project}/${stack}/*`,
  ];
}

function stateReadStatements(scope: StackScope, objectActions: string[]): Record<string, unknown>[] {
  if (!scope.state) return [];
  const { bucket } = scope.state;
  return [
    {
      Sid: "StateList",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringLike: { "s3:prefix": [".pulumi/*"] } },
    },
    {
      Sid: "StateMeta",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${bucket}/.pulumi/meta.yaml`,
    },
    {
      Sid: "OwnState",
      Effect: "Allow",
      Action: objectActions,
      Resource: stateObjects(bucket, scope.project, scope.stack),
    },
  ];
}

/** The actions on the bootstrap's own resources that CI may never take, whatever else allows them. */
function bootstrapGuard(scope: StackScope): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [
    {
      Sid: "DenyCiIdentity",
      Effect: "Deny",
      Action: "iam:*",
      Resource: [
        `arn:aws:iam::${scope.account}:role/strata-ci-*`,
        `arn:aws:iam::${scope.account}:oidc-provider/*`,
      ],
    },
  ];
  if (scope.state) {
    statements.push(
      {
        Sid: "DenyStateBucketChanges",
        Effect: "Deny",
        Action: [
          "s3:DeleteBucket",
          "s3:DeleteBucketPolicy",
          "s3:PutBucketPolicy",
          "s3:PutBucketVersioning",
          "s3:PutLifecycleConfiguration",
          "s3:PutEncryptionConfiguration",
          "s3:PutBucketPublicAccessBlock",
          "s3:PutBucketOwnershipControls",
          "s3:DeleteObjectVersion",
        ],
        Resource: [`arn:aws:s3:::${scope.state.bucket}`, `arn:aws:s3:::${scope.state.bucket}/*`],
      },
      {
        Sid: "DenySecretsKeyChanges",
        Effect: "Deny",
        Action: [
          "kms:ScheduleKeyDeletion",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:PutKeyPolicy",
          "kms:CreateGrant",
          "kms:TagResource",
          "kms:UntagResource",
        ],
        Resource: [...scope.state.allSecretsKeyArns],
      },
    );
  }
  return statements;
}

/**
 * AWS's public Systems Manager parameters in a region (`/aws/service/...`, such as the latest Amazon Linux AMI).
 * No account can create a parameter under `aws` (a reserved prefix); their ARNs carry no account.
 */
export function publicParameters(region: string): string {
  return `arn:aws:ssm:${region}::parameter/aws/service/*`;
}

/**
 * What a stack's deploy role may do: every action of the services Strata uses, in the stack's regions only;
 * IAM roles and policies, and S3 buckets, named <project>-<stack>-* only; its own state and secrets key.
 * Nothing tagged as another stack's (Strata tags every resource with Stack), and nothing of the bootstrap.
 */
export function deployPolicy(scope: StackScope): PolicyDocument {
  const { account, project, stack } = scope;
  const own = `${project}-${stack}-*`;
  const regions = [...new Set([...scope.regions, GLOBAL_REGION])];
  const statements: Record<string, unknown>[] = [
    {
      Sid: "StrataServices",
      Effect: "Allow",
      Action: regionalServices().map((service) => `${service}:*`),
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": regions } },
    },
    {
      Sid: "OwnBuckets",
      Effect: "Allow",
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${own}`, `arn:aws:s3:::${own}/*`],
    },
    { Sid: "ListBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
    {
      // The NAT instance's AMI is read from AWS's public parameter every run (components/network/nat-instance.ts).
      Sid: "PublicParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: regions.map((region) => publicParameters(region)),
    },
    {
      Sid: "OwnRoles",
      Effect: "Allow",
      Action: "iam:*",
      Resource: [
        `arn:aws:iam::${account}:role/${own}`,
        `arn:aws:iam::${account}:policy/${own}`,
        `arn:aws:iam::${account}:instance-profile/${own}`,
      ],
    },
    { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${account}:role/aws-service-role/*`,
      Condition: { StringEquals: { "iam:AWSServiceName": [...SERVICE_LINKED_ROLE_SERVICES] } },
    },
    ...stateReadStatements(scope, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]),
  ];
  if (scope.state) {
    statements.push({
      Sid: "OwnSecretsKey",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: scope.state.secretsKeyArn,
    });
  }
  statements.push(
    {
      Sid: "DenyOtherStacks",
      Effect: "Deny",
      Action: "*",
      // The state bucket is the bootstrap's, tagged with its stack: its objects are scoped above instead.
      ...(scope.state
        ? { NotResource: [`arn:aws:s3:::${scope.state.bucket}`, `arn:aws:s3:::${scope.state.bucket}/*`] }
        : { Resource: "*" }),
      Condition: {
        StringNotEquals: { "aws:ResourceTag/Stack": stack },
        Null: { "aws:ResourceTag/Stack": "false" },
      },
    },
    {
      Sid: "DenyTaggingAsOtherStacks",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        StringNotEquals: { "aws:RequestTag/Stack": stack },
        Null: { "aws:RequestTag/Stack": "false" },
      },
    },
    ...bootstrapGuard(scope),
  );
  return { Version: "2012-10-17", Statement: statements };
}

/** AWS's managed read-only policy: what `pulumi preview` and a refresh read across Strata's services. */
export const READ_ONLY_POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/**
 * What a stack's read-only role adds to ReadOnlyAccess, and takes from it: its own state (and its lock files,
 * which a preview writes), the decryption of its own secrets, and no secret value, KMS decryption or S3
 * object of anything that is not this stack's.
 */
export function previewPolicy(scope: StackScope): PolicyDocument {
  const { project, stack } = scope;
  const ownObjects = [`arn:aws:s3:::${project}-${stack}-*/*`];
  const statements: Record<string, unknown>[] = [...stateReadStatements(scope, ["s3:GetObject"])];
  if (scope.state) {
    const { bucket, secretsKeyArn } = scope.state;
    ownObjects.push(...stateObjects(bucket, project, stack), `arn:aws:s3:::${bucket}/.pulumi/meta.yaml`);
    statements.push(
      {
        Sid: "OwnLocks",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject"],
        Resource: `arn:aws:s3:::${bucket}/.pulumi/locks/*/${project}/${stack}/*`,
      },
      {
        Sid: "OwnSecretsKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: secretsKeyArn,
      },
    );
  }
  statements.push(
    {
      Sid: "DenyOtherObjects",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      NotResource: ownObjects,
    },
    {
      Sid: "DenyOtherSecrets",
      Effect: "Deny",
      Action: [
        "secretsmanager:GetSecretValue",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "kms:Decrypt",
      ],
      // AWS's public parameters (the NAT instance's AMI) carry no Stack tag, and hold nothing secret.
      NotResource: publicParameters("*"),
      Condition: { StringNotEqualsIfExists: { "aws:ResourceTag/Stack": stack } },
    },
    ...bootstrapGuard(scope),
  );
  return { Version: "2012-10-17", Statement: statements };
}
