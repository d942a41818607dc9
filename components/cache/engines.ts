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

export const CACHE_ENGINE_PROFILES: Readonly<Record<CacheEngine, CacheProfile>> = {
  valkey: { defaultVersion: "8.0", image: "valkey/valkey:8.0", server: "valkey-server", cli: "valkey-cli" },
  redis: { defaultVersion: "7.1", image: "redis:7.4", server: "redis-server", cli: "redis-cli" },
};
