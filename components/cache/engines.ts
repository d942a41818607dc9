import type { CacheEngine } from "../../stacks/schema/cache";

/** What differs between Valkey and Redis OSS; both speak the same protocol on the same port. */
export interface CacheProfile {
  readonly defaultVersion: string;
  readonly image: string;
  /** The server and client binaries of the image. */
  readonly server: string;
  readonly cli: string;
}

export const CACHE_PORT = 6379;
/** The uid both official images run as. */
export const CACHE_UID = 999;

/**
 * Each engine's image, pinned by digest (the tag is for people; Checkov CKV_K8S_43). Read 2026-12-01 from public
 * sources, no registry being reachable: verify with `crane digest` before a prod deploy (docs/data.md).
 * - valkey/valkey:8.0: not an official library image, so docker-library/repo-info has no record; two unrelated
 *   public repositories (a homelab's record of its running pod, and a compose file's test) pin this digest.
 * - redis:7.4: the 7.4 index (7.4.11, Sept 2026 build) as docker-library/repo-info records it
 *   (repos/redis/remote/7.4.md).
 */
const VALKEY_IMAGE =
  "valkey/valkey:8.0@sha256:4436c94fc34ce4af0354b9379d433a1f258998fb955f995c89822f98c14a8cab";
const REDIS_IMAGE = "redis:7.4@sha256:c6eabf748fc7a61dbb5a705c78bcf3d6377b1127a97d0ce965c11c44ba46896f";

export const CACHE_ENGINE_PROFILES: Readonly<Record<CacheEngine, CacheProfile>> = {
  valkey: { defaultVersion: "8.0", image: VALKEY_IMAGE, server: "valkey-server", cli: "valkey-cli" },
  redis: { defaultVersion: "7.1", image: REDIS_IMAGE, server: "redis-server", cli: "redis-cli" },
};
