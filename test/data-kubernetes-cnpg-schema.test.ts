import assert from "node:assert/strict";
import { findResource, runStack, type Graph } from "./support/harness";
import { cnpgSchemaErrors } from "../components/database/cnpg-schema";
import { inputsOf } from "./data-support";

type Json = Record<string, unknown>;

/** A deep copy of an object with one change made at a dotted path (undefined deletes). */
function edited(object: Json, dotted: string, value: unknown): Json {
  const copy = structuredClone(object);
  const parts = dotted.split(".");
  const last = parts.pop()!;
  let node = copy as Record<string, unknown>;
  for (const part of parts) node = node[part] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/**
 * The schema is what stands between a misspelt or ill-typed field and a Cluster the API server rejects, so
 * each rule is shown to fail on a value the reference forbids (CloudNativePG 1.29, Barman Cloud plugin 0.14).
 */
describe("the CloudNativePG schema: each field the program sets, checked against the API reference", () => {
  let graph: Graph;
  let cluster: Json;
  let restored: Json;
  let backup: Json;
  let store: Json;
  before(async () => {
    graph = await runStack("prod", { target: "kubernetes" });
    cluster = inputsOf(findResource(graph, "kubernetes:postgresql.cnpg.io/v1:Cluster", "database-cluster"));
    backup = inputsOf(
      findResource(graph, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "database-scheduled-backup"),
    );
    store = inputsOf(
      findResource(graph, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "database-object-store"),
    );
    const pitr = await runStack("prod", {
      target: "kubernetes",
      override: { database: { restore: { snapshot: "database/20261120T030000" } } },
    });
    restored = inputsOf(findResource(pitr, "kubernetes:postgresql.cnpg.io/v1:Cluster", "database-cluster"));
  });

  it("accepts what the program builds", () => {
    for (const object of [cluster, restored, backup, store]) assert.deepEqual(cnpgSchemaErrors(object), []);
  });

  it("knows only its three kinds", () => {
    assert.equal(cnpgSchemaErrors({ apiVersion: "postgresql.cnpg.io/v1", kind: "Pooler" }), undefined);
  });

  const rejected: [string, () => Json, RegExp][] = [
    ["a misspelt field", () => edited(cluster, "spec.instance", 3), /spec: Unrecognized key/],
    ["instances below 1", () => edited(cluster, "spec.instances", 0), /spec.instances/],
    ["instances as text", () => edited(cluster, "spec.instances", "3"), /spec.instances/],
    [
      "an anti-affinity type outside preferred, required",
      () => edited(cluster, "spec.affinity.podAntiAffinityType", "always"),
      /spec.affinity.podAntiAffinityType/,
    ],
    [
      "a primary update strategy outside unsupervised, supervised",
      () => edited(cluster, "spec.primaryUpdateStrategy", "automatic"),
      /spec.primaryUpdateStrategy/,
    ],
    [
      "two bootstrap methods",
      () => edited(restored, "spec.bootstrap.initdb", { database: "app", owner: "strata" }),
      /only one bootstrap method/,
    ],
    [
      "a recovery from an external cluster that is not declared",
      () => edited(restored, "spec.bootstrap.recovery.source", "elsewhere"),
      /external cluster not found/,
    ],
    [
      "targetImmediate without backupID",
      () => edited(restored, "spec.bootstrap.recovery.recoveryTarget.backupID", undefined),
      /BackupID is missing/,
    ],
    [
      "two recovery targets",
      () => edited(restored, "spec.bootstrap.recovery.recoveryTarget.targetTime", "2026-11-20T03:15:00Z"),
      /mutually exclusive/,
    ],
    [
      "a target time that is not RFC 3339",
      () =>
        edited(restored, "spec.bootstrap.recovery.recoveryTarget", { targetTime: "20 November 2026 03:15" }),
      /targetTime/,
    ],
    [
      "two WAL archiver plugins",
      () => {
        const plugins = (cluster.spec as Json).plugins as Json[];
        return edited(cluster, "spec.plugins", [...plugins, { ...plugins[0], name: "other" }]);
      },
      /more than one WAL archiver/,
    ],
    [
      "a plugin without a name",
      () => edited(cluster, "spec.plugins", [{ isWALArchiver: true }]),
      /plugins.0.name/,
    ],
    ["a five-field schedule", () => edited(backup, "spec.schedule", "0 3 * * *"), /six fields/],
    ["a backup method outside the enum", () => edited(backup, "spec.method", "barman"), /spec.method/],
    [
      "method plugin without its configuration",
      () => edited(backup, "spec.pluginConfiguration", undefined),
      /needs pluginConfiguration/,
    ],
    [
      "an owner reference outside none, self, cluster",
      () => edited(backup, "spec.backupOwnerReference", "owner"),
      /backupOwnerReference/,
    ],
    [
      "a backup target outside primary, prefer-standby",
      () => edited(backup, "spec.target", "standby"),
      /spec.target/,
    ],
    [
      "a retention policy in words",
      () => edited(store, "spec.retentionPolicy", "14 days"),
      /retentionPolicy/,
    ],
    ["a retention policy of 0 days", () => edited(store, "spec.retentionPolicy", "0d"), /retentionPolicy/],
    [
      "a WAL compression outside the enum",
      () => edited(store, "spec.configuration.wal.compression", "zip"),
      /configuration.wal.compression/,
    ],
    [
      "xz for base backups, which only WALs take",
      () => edited(store, "spec.configuration.data.compression", "xz"),
      /configuration.data.compression/,
    ],
    [
      "keys and the IAM role at once",
      () =>
        edited(store, "spec.configuration.s3Credentials", {
          inheritFromIAMRole: true,
          accessKeyId: { name: "s3", key: "accessKey" },
        }),
      /s3Credentials/,
    ],
    [
      "an access key without its secret key",
      () => edited(store, "spec.configuration.s3Credentials", { accessKeyId: { name: "s3", key: "a" } }),
      /s3Credentials/,
    ],
    [
      "a destination that is not s3://",
      () => edited(store, "spec.configuration.destinationPath", "https://bucket/"),
      /destinationPath/,
    ],
  ];
  for (const [what, object, message] of rejected) {
    it(`rejects ${what}`, () => {
      const errors = cnpgSchemaErrors(object())!;
      assert.ok(
        errors.some((e) => message.test(e)),
        `${errors.join("; ") || "no error"}`,
      );
    });
  }
});
