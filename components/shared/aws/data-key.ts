import type * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { Layer, Naming } from "../../naming";
import { KEY_LIFECYCLE } from "./key-policy";

export interface DataKeySpec {
  readonly naming: Naming;
  readonly layer: Layer;
  /** The key's role, e.g. `database`; its alias is alias/<project>-<stack>-<role>. */
  readonly role: string;
  readonly description: string;
  /** protect + retainOnDelete: without the key, the data it encrypted cannot be read. */
  readonly protect: boolean;
  /** A key policy for services that use the key directly (CloudWatch Logs); the default policy otherwise. */
  readonly policy?: pulumi.Input<string>;
}

/**
 * A customer-managed KMS key for a store of data, with yearly rotation (Checkov CKV_AWS_7), and its alias.
 * Unless a policy is given, the default key policy (the account administers the key, IAM policies grant its
 * use) is kept: the services that use it (RDS, ElastiCache, Backup) are granted through their own roles.
 */
export function createDataKey(name: string, spec: DataKeySpec, parent: pulumi.Resource): aws.kms.Key {
  const key = new aws.kms.Key(
    name,
    {
      description: spec.description,
      ...KEY_LIFECYCLE,
      policy: spec.policy,
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
