import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../target";
import type { Naming } from "../naming";
import type { ServiceConnection } from "../connections";
import { requireTargetArgs } from "../target-args";
import { externalConnection } from "../shared/external";
import { buildAwsCache, type AwsCacheArgs } from "./aws";
import { buildKubernetesCache, type CacheCommon, type KubernetesCacheArgs } from "./kubernetes";
import type { BackingMode } from "../../stacks/schema/database";
import type { CacheEngine } from "../../stacks/schema/cache";

export interface CacheArgs {
  /** Which builder runs; the provider for it comes through `opts.providers`. */
  readonly target: Target;
  /** Physical names and tags of this project and stack. */
  readonly naming: Naming;
  /** managed: built here; external: an existing cache whose URL is `externalUrl`. */
  readonly mode: BackingMode;
  readonly engine: CacheEngine;
  /** @default - 8.0 for valkey, 7.1 for redis */
  readonly engineVersion?: string;
  /** Replicas besides the primary (aws). */
  readonly replicas: number;
  /** protect + retainOnDelete on the cache and its key. @default - false in dev, true in prod */
  readonly protect: boolean;
  /** external mode: the cache URL, a secret. */
  readonly externalUrl?: pulumi.Input<string>;
  /** Settings of the aws builder; required when target is aws and mode managed. */
  readonly aws?: AwsCacheArgs;
  /** Settings of the kubernetes builder; required when target is kubernetes and mode managed. */
  readonly kubernetes?: KubernetesCacheArgs;
  /** kubernetes, external mode: the namespace of the URL's Secret. */
  readonly namespace?: pulumi.Input<string>;
}

/**
 * The Redis-compatible cache (Valkey or Redis OSS). On aws: an ElastiCache replication group. On kubernetes:
 * one server in a StatefulSet. Or an external cache. Services that declare `uses: [cache]` receive `connection`.
 */
export class Cache extends pulumi.ComponentResource {
  /** What compute injects into the services that use the cache. */
  public readonly connection: ServiceConnection;
  /** Set when target is aws and mode managed: what the observability layer watches. */
  public readonly aws?: { readonly replicationGroupId: pulumi.Output<string> };
  /** The host services connect to; undefined in external mode. */
  public readonly endpoint?: pulumi.Output<string>;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:cache:Cache", name, {}, opts);
    const common: CacheCommon = {
      engine: args.engine,
      engineVersion: args.engineVersion,
      replicas: args.replicas,
      protect: args.protect,
      naming: args.naming,
    };
    if (args.mode === "external") {
      this.connection = externalConnection(name, "cache", args, this);
    } else if (args.target === "aws") {
      const built = buildAwsCache(name, common, requireTargetArgs(args.aws, "aws", name), this);
      this.connection = built.connection;
      this.aws = { replicationGroupId: built.replicationGroupId };
      this.endpoint = built.endpoint;
    } else {
      const built = buildKubernetesCache(
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
