import { ENGINES } from "./engines";
import type { DatabaseEngine } from "../../stacks/schema/database";

/** Seconds without a user connection before a Serverless v2 instance with a minimum of 0 ACU pauses (AWS: 300 to 86,400). */
export const SECONDS_UNTIL_AUTO_PAUSE = 300;

/**
 * The first Aurora versions whose Serverless v2 instances accept a minimum of 0 ACU (auto-pause), per AWS's
 * "Aurora Serverless v2 capacity": PostgreSQL 13.15, 14.12, 15.7, 16.3 and later; MySQL 3.08.0 and later.
 */
const AUTO_PAUSE_FROM: Readonly<Record<DatabaseEngine, Readonly<Record<string, number[]>>>> = {
  postgres: { "13": [13, 15], "14": [14, 12], "15": [15, 7], "16": [16, 3], "17": [17, 4] },
  mysql: { "3": [3, 8, 0] },
};

function parts(version: string, engine: DatabaseEngine): number[] {
  // Aurora MySQL versions read "8.0.mysql_aurora.3.08.0": the Aurora release is what counts.
  const release = engine === "mysql" ? (version.split("mysql_aurora.")[1] ?? "") : version;
  return release.split(".").map((p) => Number(p));
}

/** Whether this engine version lets Serverless v2 scale to 0 ACU and pause. */
export function supportsAutoPause(
  engine: DatabaseEngine,
  version: string = ENGINES[engine].defaultVersion,
): boolean {
  const have = parts(version, engine);
  const from = AUTO_PAUSE_FROM[engine][String(have[0])];
  if (!from || have.some(Number.isNaN)) return false;
  // A major alone (PostgreSQL "16", as the engine's default is) gets AWS's default minor of that major, which
  // for every major above is past its auto-pause release (as of 2026-12-01); RDS itself refuses 0 ACU otherwise.
  if (have.length === 1) return true;
  for (let i = 0; i < from.length; i++) {
    const v = have[i] ?? 0;
    if (v !== from[i]) return v > from[i];
  }
  return true;
}

/** The cluster's Serverless v2 scaling: with a minimum of 0, the instances pause after a quiet spell. */
export function serverlessScaling(
  serverless: { readonly minCapacity: number; readonly maxCapacity: number } | undefined,
): { minCapacity: number; maxCapacity: number; secondsUntilAutoPause?: number } | undefined {
  if (!serverless) return undefined;
  const { minCapacity, maxCapacity } = serverless;
  return minCapacity === 0
    ? { minCapacity, maxCapacity, secondsUntilAutoPause: SECONDS_UNTIL_AUTO_PAUSE }
    : { minCapacity, maxCapacity };
}
