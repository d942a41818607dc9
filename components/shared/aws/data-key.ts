import type * as pulumi from "@pulumi/pulumi";
import * as aws from "./sdk";
import type { Layer, Naming } from "../../naming";
import { KEY_LIFECYCLE, keyPolicy } from "./key-policy";

export interface DataKeySpec {
  readonly naming: Naming;
  readonly layer: Layer;
  /** The key's role, e.g. `database`; its alias is alias/<project>-<stack>-<role>. */
  readonly role: string;
  readonly description: string;
  /** protect + retainOnDelete: without the key, the data it encrypted cannot be read. */
  readonly protect: boolean;
  /** A key policy for services that use the key directly (CloudWatch Logs); the account's alone otherwise. */
  readonly policy?: pulumi.Input<string>;
}

/**
 * A customer-managed KMS key for a store of data, with yearly rotation (Checkov CKV_AWS_7), and its alias.
 * Every key has an explicit policy (Checkov CKV2_AWS_64). Unless one is given, it is the default key policy
 * written out (the account administers the key, IAM policies grant its use): the services that use it (RDS,
 * ElastiCache, Backup, Secrets Manager) are granted through the roles and grants of their callers.
 */
export function createDataKey(name: string, spec: DataKeySpec, parent: pulumi.Resource): aws.kms.Key {
  const key = new aws.kms.Key(
    name,
    {
      description: spec.description,
      ...KEY_LIFECYCLE,
      policy: spec.policy ?? keyPolicy(aws.getCallerIdentityOutput({}, { parent }).accountId),
      tags: spec.naming.tags(spec.layer, { Name: spec.naming.physicalName(spec.role) }),
    },
    { parent, protect: spec.protect, retainOnDelete: spec.protect },
  );
  new aws.kms.Alias(
    `${name}-alias`,
    { name: `alias/${spec.naming.physicalName(spec.role, 200)}`, targetKeyId: key.keyId },
    { parent },
  );
  return key;
}
