import * as pulumi from "@pulumi/pulumi";
import type { Naming } from "../naming";
import { createDataKey } from "../shared/aws/data-key";
import { createBackupVault } from "./backup-vault";

export interface BackupCopyVaultArgs {
  readonly naming: Naming;
  /** protect + retainOnDelete on the vault and its key. */
  readonly protect: boolean;
}

/**
 * The disaster-recovery half of the database's backups: a vault, with its own rotating key, in a second
 * region. It is a component of its own because its children need the second region's provider: the caller
 * passes that provider in `opts.providers`, and every child here inherits it from this parent (convention 10),
 * while the database (primary region) only receives the vault's ARN.
 */
export class BackupCopyVault extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: BackupCopyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:database:BackupCopyVault", name, {}, opts);
    const key = createDataKey(
      `${name}-key`,
      {
        naming: args.naming,
        layer: "database",
        role: "database-dr",
        description: `Encrypts the disaster-recovery copies of the ${args.naming.project}-${args.naming.stack} database backups`,
        protect: args.protect,
      },
      this,
    );
    const vault = createBackupVault(
      `${name}-vault`,
      { naming: args.naming, role: "database-dr", kmsKeyArn: key.arn, protect: args.protect },
      this,
    );
    this.arn = vault.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
