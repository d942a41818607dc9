import { flag, matching, oneOf, section, text, wholeNumber } from "./primitives";
import { BACKING_MODES, dailyWindow, secretName } from "./database";

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** ElastiCache keeps daily snapshots at most 35 days. */
export const MAX_CACHE_SNAPSHOT_DAYS = 35;

/** How ElastiCache applies a new auth token: ROTATE keeps the old one valid too, SET then drops it. */
export const AUTH_TOKEN_STRATEGIES = ["ROTATE", "SET"] as const;

export const cacheSection = section({
  mode: oneOf(BACKING_MODES),
  engine: oneOf(CACHE_ENGINES),
  /** Engine version; from the engine when unset (valkey 8.0, redis 7.1). */
  engineVersion: text("an engine version").optional(),
  /** aws: the ElastiCache node type. */
  nodeType: matching(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "an ElastiCache node type such as cache.t4g.small"),
  /** Read replicas besides the primary; automatic failover needs at least one. */
  replicas: wholeNumber(0, 5),
  /** aws: Multi-AZ with automatic failover to a replica (Checkov CKV2_AWS_50). */
  failover: flag,
  /** aws: days of daily snapshots kept (Checkov CKV_AWS_134 asks for at least 1). */
  snapshotRetentionDays: wholeNumber(0, MAX_CACHE_SNAPSHOT_DAYS),
  /** aws: the daily snapshot window. */
  snapshotWindow: dailyWindow,
  /** aws: raise by one to generate a new auth token (docs/data.md, "Rotating the cache's auth token"). */
  authTokenGeneration: wholeNumber(1, 1_000_000),
  /** aws: ROTATE while services move to a new token (both valid), then SET to drop the old one. */
  authTokenUpdateStrategy: oneOf(AUTH_TOKEN_STRATEGIES),
  /**
   * aws: encrypt with the database's key instead of a key of the cache's own: one key (1 USD a month) fewer.
   * Both would carry the account's default key policy, so no policy is weakened; the two stores then share a
   * key's lifetime and rotation. Needs a managed database. @default false (dev: true)
   */
  keyFromDatabase: flag.default(false),
  /** external mode: the stack secret holding the cache URL. */
  urlSecret: secretName.optional(),
  kubernetes: section({
    /** The engine's image; from the engine when unset (valkey/valkey:8.0, redis:7.4). */
    image: text("a container image reference").optional(),
    /** Size of the append-only-file volume. */
    storageSize: matching(/^\d+(Mi|Gi|Ti)$/, "a volume size such as 5Gi"),
    memory: matching(/^\d+(Mi|Gi)$/, "a memory quantity such as 512Mi"),
    /** A primary with `kubernetes.replicas` replicas and a Sentinel beside each, behind a proxy to the primary. */
    sentinel: flag,
    /** With `sentinel`: replicas besides the primary (aws sizes its own with `replicas`). */
    replicas: wholeNumber(0, 5),
  }),
});

export const cacheShape = { cache: cacheSection };
