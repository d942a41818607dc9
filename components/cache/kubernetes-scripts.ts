import type { CacheProfile } from "./engines";
import { CACHE_PORT } from "./engines";

/** Where every cache container reads the password: a file of the mounted Secret. */
export const CACHE_PASSWORD_DIR = "/run/secrets/cache";
export const CACHE_PASSWORD_FILE = `${CACHE_PASSWORD_DIR}/password`;
export const SENTINEL_PORT = 26379;
/** The name Sentinel monitors the primary under (clients that speak Sentinel ask for it). */
export const SENTINEL_MASTER = "strata";
/** The headless Service that gives each pod of the StatefulSet its DNS name. */
export const HEADLESS_SERVICE = "cache-headless";

export function podHost(index: number): string {
  return `cache-${index}.${HEADLESS_SERVICE}`;
}

/** A probe command that succeeds only on PONG (an error reply such as LOADING still exits 0). */
export function pingCommand(profile: CacheProfile, port = CACHE_PORT): string[] {
  return [
    "sh",
    "-c",
    `REDISCLI_AUTH="$(cat ${CACHE_PASSWORD_FILE})" ${profile.cli} -p ${port} ping | grep -q PONG`,
  ];
}

/**
 * Finds the current primary: the first Sentinel that answers names it. When none answers (the first start,
 * or every pod restarted at once) the first pod is the primary, with the data of its append-only file.
 */
function discoverPrimary(profile: CacheProfile, pods: number): string[] {
  const peers = Array.from({ length: pods }, (_, i) => podHost(i)).join(" ");
  return [
    "set -eu",
    "umask 077",
    `PASSWORD="$(cat ${CACHE_PASSWORD_FILE})"`,
    `SELF="$(hostname).${HEADLESS_SERVICE}"`,
    'primary=""',
    `for peer in ${peers}; do`,
    `  answer="$(REDISCLI_AUTH="$PASSWORD" ${profile.cli} -h "$peer" -p ${SENTINEL_PORT} sentinel get-master-addr-by-name ${SENTINEL_MASTER} 2>/dev/null | head -n 1 || true)"`,
    '  if [ -n "$answer" ]; then primary="$answer"; break; fi',
    "done",
    `if [ -z "$primary" ]; then primary="${podHost(0)}"; fi`,
  ];
}

/** The server of a Sentinel-managed pod: a replica of the current primary, or the primary itself. */
export function sentinelServerScript(profile: CacheProfile, pods: number): string {
  return [
    ...discoverPrimary(profile, pods),
    "{",
    `  echo "port ${CACHE_PORT}"`,
    '  echo "dir /data"',
    '  echo "appendonly yes"',
    '  echo "requirepass $PASSWORD"',
    '  echo "masterauth $PASSWORD"',
    '  echo "replica-announce-ip $SELF"',
    `  if [ "$primary" != "$SELF" ]; then echo "replicaof $primary ${CACHE_PORT}"; fi`,
    "} > /tmp/server.conf",
    `exec ${profile.server} /tmp/server.conf`,
  ].join("\n");
}

/** A Sentinel beside each server: a quorum of 2 of 3 marks the primary down and promotes a replica. */
export function sentinelScript(profile: CacheProfile, pods: number): string {
  const quorum = Math.floor(pods / 2) + 1;
  return [
    ...discoverPrimary(profile, pods),
    "{",
    `  echo "port ${SENTINEL_PORT}"`,
    '  echo "sentinel resolve-hostnames yes"',
    '  echo "sentinel announce-hostnames yes"',
    '  echo "sentinel announce-ip $SELF"',
    '  echo "requirepass $PASSWORD"',
    '  echo "sentinel sentinel-pass $PASSWORD"',
    `  echo "sentinel monitor ${SENTINEL_MASTER} $primary ${CACHE_PORT} ${quorum}"`,
    `  echo "sentinel auth-pass ${SENTINEL_MASTER} $PASSWORD"`,
    `  echo "sentinel down-after-milliseconds ${SENTINEL_MASTER} 5000"`,
    `  echo "sentinel failover-timeout ${SENTINEL_MASTER} 60000"`,
    `  echo "sentinel parallel-syncs ${SENTINEL_MASTER} 1"`,
    "} > /tmp/sentinel.conf",
    // Sentinel rewrites its file with what it learns (replicas, the new primary after a failover).
    `exec ${profile.server} /tmp/sentinel.conf --sentinel`,
  ].join("\n");
}
