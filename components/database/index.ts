import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../target";
import type { Naming } from "../naming";
import type { ServiceConnection } from "../connections";
import { requireTargetArgs } from "../target-args";
import { externalConnection } from "../shared/external";
import { buildAwsDatabase, type AwsDatabaseArgs, type DatabaseCommon } from "./aws";
import { buildKubernetesDatabase, type KubernetesDatabaseArgs } from "./kubernetes";
import type { RestoreSource } from "./restore";
import type { BackingMode, DatabaseEngine } from "../../stacks/schema/database";

export interface DatabaseArgs {
  /** Which builder runs; the provider for it comes through `opts.providers`. */
  readonly target: Target;
  /** Physical names and tags of this project and stack. */
  readonly naming: Naming;
  /** managed: built here; external: an existing database whose URL is `externalUrl`. */
  readonly mode: BackingMode;
  readonly engine: DatabaseEngine;
  /** The database created inside the server. */
  readonly databaseName: string;
  /** The master user (aws) or the application user (kubernetes). */
  readonly username: string;
  /** Days of backups kept. @default - 7 (dev preset), 14 (prod preset) */
  readonly backupRetentionDays: number;
  /** Build the database from a snapshot or a point in time instead of empty (docs/data.md). */
  readonly restore?: RestoreSource;
  /** protect + retainOnDelete on the data, its keys and its backups. @default - false in dev, true in prod */
  readonly protect: boolean;
  /** external mode: the database URL, a secret. */
  readonly externalUrl?: pulumi.Input<string>;
  /** Settings of the aws builder; required when target is aws and mode managed. */
  readonly aws?: AwsDatabaseArgs;
  /** Settings of the kubernetes builder; required when target is kubernetes and mode managed. */
  readonly kubernetes?: KubernetesDatabaseArgs;
  /** kubernetes, external mode: the namespace of the URL's Secret. */
  readonly namespace?: pulumi.Input<string>;
}

/** What the observability layer watches on aws. */
export interface DatabaseAwsOutputs {
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly instanceIdentifiers: pulumi.Output<string>[];
}

/**
 * The organisation's relational database (PostgreSQL or MySQL). On aws: an Aurora cluster. On kubernetes:
 * a StatefulSet of the engine's official image. Or an external database. Services that declare
 * `uses: [database]` receive `connection`.
 */
export class Database extends pulumi.ComponentResource {
  /** What compute injects into the services that use the database. */
  public readonly connection: ServiceConnection;
  /** Set when target is aws and mode managed. */
  public readonly aws?: DatabaseAwsOutputs;
  /** aws: the key of the Aurora storage. */
  public readonly kmsKeyArn?: pulumi.Output<string>;
  /** The host services connect to; unknown (undefined) in external mode. */
  public readonly endpoint?: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:database:Database", name, {}, opts);
    const common: DatabaseCommon = {
      engine: args.engine,
      databaseName: args.databaseName,
      username: args.username,
      backupRetentionDays: args.backupRetentionDays,
      restore: args.restore,
      protect: args.protect,
      naming: args.naming,
    };
    if (args.mode === "external") {
      this.connection = externalConnection(name, "database", args, this);
    } else if (args.target === "aws") {
      const built = buildAwsDatabase(name, common, requireTargetArgs(args.aws, "aws", name), this);
      this.connection = built.connection;
      this.aws = {
        clusterIdentifier: built.clusterIdentifier,
        instanceIdentifiers: built.instanceIdentifiers,
      };
      this.endpoint = built.endpoint;
      this.kmsKeyArn = built.kmsKeyArn;
    } else {
      const built = buildKubernetesDatabase(
        name,
        common,
        requireTargetArgs(args.kubernetes, "kubernetes", name),
        this,
      );
      this.connection = built.connection;
      this.endpoint = built.serviceName;
    }
    this.registerOutputs({ endpoint: this.endpoint, ...this.aws });
  }
}
