import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import * as random from "@pulumi/random";
import type { ServiceConnection } from "../connections";
import { transformed, type Transform } from "../transform";
import { createDataKey } from "../shared/aws/data-key";
import { createAccessGroups } from "../shared/aws/access-groups";
import { createLogGroup } from "../shared/aws/log-group";
import { CACHE_ENGINE_PROFILES, CACHE_PORT } from "./engines";
import type { CacheCommon } from "./kubernetes";

export interface AwsCacheArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The private subnets, one per zone. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly nodeType: string;
  /** Multi-AZ with automatic failover to a replica (needs replicas >= 1). */
  readonly failover: boolean;
  /** Days of daily snapshots (Checkov CKV_AWS_134). */
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  /** Raised by one to generate a new auth token (docs/data.md, "Rotating the cache's auth token"). @default 1 */
  readonly authTokenGeneration?: number;
  /** ROTATE: the new token is accepted beside the old one; SET: only the current one is. @default "ROTATE" */
  readonly authTokenUpdateStrategy?: "ROTATE" | "SET";
  /**
   * A key to encrypt with instead of one of the cache's own (dev shares the database's: both keys would have
   * the account's default policy, so one serves as well). @default - a key of its own
   */
  readonly kmsKeyArn?: pulumi.Output<string>;
  /** The stack's logs key and retention, for the slow log. */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: { readonly replicationGroup?: Transform<aws.elasticache.ReplicationGroupArgs> };
}

export interface AwsCache {
  readonly connection: ServiceConnection;
  readonly replicationGroupId: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
}

interface Ctx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly common: CacheCommon;
  readonly args: AwsCacheArgs;
}

/**
 * An ElastiCache replication group in the private subnets, encrypted at rest with its own key and in transit
 * with an auth token that is generated as a secret and kept in Secrets Manager.
 */
export function buildAwsCache(
  name: string,
  common: CacheCommon,
  args: AwsCacheArgs,
  parent: pulumi.Resource,
): AwsCache {
  const ctx: Ctx = { name, parent, common, args };
  const keyArn =
    args.kmsKeyArn ??
    createDataKey(
      `${name}-key`,
      {
        naming: common.naming,
        layer: "cache",
        role: "cache",
        description: `Encrypts the ElastiCache data and snapshots of ${common.naming.project}-${common.naming.stack}`,
        protect: common.protect,
      },
      parent,
    ).arn;
  const subnetGroup = new aws.elasticache.SubnetGroup(
    `${name}-subnets`,
    {
      name: common.naming.physicalName("cache", 255),
      description: "The private subnets",
      subnetIds: args.subnetIds,
      tags: common.naming.tags("cache"),
    },
    { parent },
  );
  const groups = createAccessGroups(
    name,
    { naming: common.naming, layer: "cache", vpcId: args.vpcId, port: CACHE_PORT },
    parent,
  );
  const token = createAuthToken(ctx, keyArn);
  const generation = args.authTokenGeneration ?? 1;
  const slowLog = createLogGroup(
    `${name}-slow-log`,
    {
      naming: common.naming,
      layer: "cache",
      role: "cache-slow-log",
      retentionDays: args.logRetentionDays,
      kmsKeyArn: args.logsKmsKeyArn,
    },
    { parent },
  );
  const group = createReplicationGroup(ctx, {
    keyArn,
    subnetGroup,
    securityGroup: groups.server,
    token: token.value,
    slowLog,
  });
  // Services read the token from the secret at start: a new one is stored only once ElastiCache accepts it.
  new aws.secretsmanager.SecretVersion(
    `${name}-auth-token-value`,
    { secretId: token.secret.id, secretString: token.value },
    { parent, dependsOn: [group] },
  );
  return {
    connection: {
      env: {
        CACHE_ENGINE: common.engine,
        CACHE_HOST: group.primaryEndpointAddress,
        CACHE_READER_HOST: group.readerEndpointAddress,
        CACHE_PORT: String(CACHE_PORT),
        CACHE_TLS: "true",
        // A new generation changes every task definition that uses the cache, so ECS rolls the services onto
        // the new token while ROTATE keeps the old one valid; read from the group, the rollout waits for it.
        CACHE_AUTH_TOKEN_GENERATION: group.arn.apply(() => String(generation)),
      },
      secrets: { CACHE_AUTH_TOKEN: { aws: { arn: token.secret.arn, kmsKeyArn: keyArn } } },
      awsClientSecurityGroupId: groups.client.id,
    },
    replicationGroupId: group.replicationGroupId,
    endpoint: group.primaryEndpointAddress,
  };
}

/**
 * The auth token: 64 letters and digits (ElastiCache accepts 16 to 128 printable characters), a secret output
 * from birth, and the Secrets Manager secret (encrypted with the cache's key, CKV_AWS_149) the services read it
 * from. A new `authTokenGeneration` makes a new token; generation 1 has no keeper, so stacks built before
 * generations existed keep their token.
 */
function createAuthToken(
  ctx: Ctx,
  keyArn: pulumi.Output<string>,
): { value: pulumi.Output<string>; secret: aws.secretsmanager.Secret } {
  const { naming } = ctx.common;
  const generation = ctx.args.authTokenGeneration ?? 1;
  const password = new random.RandomPassword(
    `${ctx.name}-auth-token`,
    { length: 64, special: false, keepers: generation > 1 ? { generation: String(generation) } : undefined },
    { parent: ctx.parent },
  );
  const secret = new aws.secretsmanager.Secret(
    `${ctx.name}-auth-token-secret`,
    {
      name: naming.physicalName("cache-auth-token", 512),
      description: "The auth token of the cache (AUTH), for the services that use it",
      recoveryWindowInDays: 7,
      kmsKeyId: keyArn,
      tags: naming.tags("cache"),
    },
    // The running cache only accepts this token: losing the secret locks every service out.
    { parent: ctx.parent, protect: ctx.common.protect, retainOnDelete: ctx.common.protect },
  );
  return { value: password.result, secret };
}

interface GroupParts {
  readonly keyArn: pulumi.Output<string>;
  readonly subnetGroup: aws.elasticache.SubnetGroup;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly token: pulumi.Output<string>;
  readonly slowLog: aws.cloudwatch.LogGroup;
}

function createReplicationGroup(ctx: Ctx, parts: GroupParts): aws.elasticache.ReplicationGroup {
  const { common, args } = ctx;
  const profile = CACHE_ENGINE_PROFILES[common.engine];
  const id = common.naming.physicalName("cache", 40);
  const name = `${ctx.name}-replication-group`;
  const groupArgs: aws.elasticache.ReplicationGroupArgs = {
    replicationGroupId: id,
    description: `The cache of ${common.naming.project}-${common.naming.stack}`,
    engine: common.engine,
    engineVersion: common.engineVersion ?? profile.defaultVersion,
    nodeType: args.nodeType,
    port: CACHE_PORT,
    numCacheClusters: 1 + common.replicas,
    automaticFailoverEnabled: args.failover, // Checkov CKV2_AWS_50
    multiAzEnabled: args.failover,
    subnetGroupName: parts.subnetGroup.name,
    securityGroupIds: [parts.securityGroup.id],
    atRestEncryptionEnabled: true, // Checkov CKV_AWS_29
    kmsKeyId: parts.keyArn, // Checkov CKV_AWS_191
    transitEncryptionEnabled: true, // Checkov CKV_AWS_30
    authToken: parts.token, // Checkov CKV_AWS_31
    // The provider sends the token whenever it or the strategy changes: ROTATE adds it, SET drops the others.
    authTokenUpdateStrategy: args.authTokenUpdateStrategy ?? "ROTATE",
    snapshotRetentionLimit: args.snapshotRetentionDays, // Checkov CKV_AWS_134
    snapshotWindow: args.snapshotWindow,
    finalSnapshotIdentifier: common.protect ? `${id}-final` : undefined,
    autoMinorVersionUpgrade: true,
    logDeliveryConfigurations: [
      {
        destination: parts.slowLog.name,
        destinationType: "cloudwatch-logs",
        logFormat: "json",
        logType: "slow-log",
      },
    ],
    tags: common.naming.tags("cache", { Name: id }),
  };
  return new aws.elasticache.ReplicationGroup(
    name,
    transformed(groupArgs, name, args.transform?.replicationGroup),
    {
      parent: ctx.parent,
      protect: common.protect,
      retainOnDelete: common.protect,
    },
  );
}
