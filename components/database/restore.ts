import { createHash } from "node:crypto";

/** Where a recovered database comes from (docs/data.md, "Recovering"). */
export interface RestoreSource {
  /** aws: a cluster snapshot identifier or ARN; kubernetes: a dump file in the backup volume. */
  readonly snapshot?: string;
  /** aws: a point in time of an existing cluster; the latest restorable time when `time` is unset. */
  readonly pointInTime?: { readonly sourceCluster: string; readonly time?: string };
}

/**
 * A short, stable suffix for the physical names of a database restored from `source`. A restore builds a new
 * cluster (or StatefulSet) under a new physical name, so the one it replaces is kept (retainOnDelete) until
 * the user has checked the restored data and deletes it by hand.
 */
export function restoreSuffix(source: RestoreSource | undefined): string {
  if (!source) return "";
  return `-r${createHash("sha256").update(JSON.stringify(source)).digest("hex").slice(0, 6)}`;
}
