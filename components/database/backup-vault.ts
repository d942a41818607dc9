import type * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";

export interface VaultSpec {
  readonly naming: Naming;
  /** The vault's role, e.g. `database-backups`; the physical name is <project>-<stack>-<role>. */
  readonly role: string;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** protect + retainOnDelete: the vault holds the recovery points. */
  readonly protect: boolean;
}

/** An AWS Backup vault encrypted with the layer's key; never force-destroyed with its recovery points. */
export function createBackupVault(name: string, spec: VaultSpec, parent: pulumi.Resource): aws.backup.Vault {
  return new aws.backup.Vault(
    name,
    {
      name: spec.naming.physicalName(spec.role, 50),
      kmsKeyArn: spec.kmsKeyArn,
      forceDestroy: false,
      tags: spec.naming.tags("database"),
    },
    { parent, protect: spec.protect, retainOnDelete: spec.protect },
  );
}
