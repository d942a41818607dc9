import { asArray, parseJson, resourceRule } from "../rule";

/** IAM resources whose `policy` is a policy document (a JSON string, or an object in @pulumi/aws v7). */
const POLICIES = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
];

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
}

export const iamPolicies = [
  resourceRule(
    {
      id: "CKV_AWS_62",
      description: 'IAM policies never allow every action ("*") on every resource ("*").',
      fix: "List the actions the principal needs (e.g. logs:PutLogEvents) and the ARNs it needs them on.",
    },
    POLICIES,
    (props, _args, fail) => {
      const document = parseJson<{ Statement?: Statement | Statement[] }>(props.policy);
      for (const statement of asArray(document?.Statement)) {
        const admin =
          statement.Effect === "Allow" &&
          asArray(statement.Action).includes("*") &&
          asArray(statement.Resource).includes("*");
        if (admin) fail('A statement allows "*" on "*": full administrator access.');
      }
    },
  ),
];
