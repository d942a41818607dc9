import assert from "node:assert/strict";
import { databaseProblems } from "../../stacks/data-checks";
import { CNPG_BACKUP_REF } from "../../stacks/data-kubernetes-checks";

// The rules of the database on kubernetes (stacks/data-kubernetes-checks.ts), through databaseProblems as
// validation calls them: each problem in full, each condition of a compound rule alone.

type Loose = Record<string, unknown>;

const onKubernetes = (db: Loose, extra: Loose = {}) =>
  databaseProblems({ target: "kubernetes", database: db, ...extra });
const apiServer = { cidrs: ["10.0.0.0/16"], port: 443 };
/** A CloudNativePG database that breaks no rule. */
const cnpg = (kubernetes: Loose = {}, db: Loose = {}): Loose => ({
  engine: "postgres",
  ...db,
  kubernetes: { operator: "cloudnative-pg", cloudnativePg: { apiServer }, ...kubernetes },
});
/** The built-in server (no operator) with the given backup. */
const plain = (backup: Loose, db: Loose = {}): Loose => ({
  engine: "postgres",
  ...db,
  kubernetes: { backup },
});
const s3 = (settings: Loose) => ({ storage: "s3", s3: { endpoint: "https://s3", bucket: "b", ...settings } });
const keys = { accessKeySecret: "ak", secretKeySecret: "sk" };
const secrets = { secrets: { ak: "1", sk: "2" } };

describe("data checks on kubernetes: the CloudNativePG operator", () => {
  it("accepts a CloudNativePG database with its API server", () => {
    assert.deepEqual(onKubernetes(cnpg()), []);
  });

  it("refuses mysql, since CloudNativePG runs PostgreSQL only", () => {
    assert.deepEqual(onKubernetes(cnpg({}, { engine: "mysql" })), [
      {
        setting: "database.kubernetes.operator",
        expected: "none with database.engine mysql (CloudNativePG runs PostgreSQL only)",
        found: '"cloudnative-pg"',
      },
    ]);
    assert.deepEqual(onKubernetes(plain({}, { engine: "mysql" })), []);
  });

  it("refuses backups on a volume", () => {
    assert.deepEqual(onKubernetes(cnpg({ backup: { storage: "volume" } })), [
      {
        setting: "database.kubernetes.backup.storage",
        expected: "s3 with operator cloudnative-pg (WAL archiving and base backups go to object storage)",
        found: '"volume"',
      },
    ]);
  });

  it("needs the API server's addresses", () => {
    const problem = [
      {
        setting: "database.kubernetes.cloudnativePg.apiServer",
        expected:
          "the API server's cidrs and port, which the instances call through the default-deny egress (kubectl get endpoints kubernetes)",
        found: "nothing",
      },
    ];
    assert.deepEqual(onKubernetes(cnpg({ cloudnativePg: {} })), problem);
    assert.deepEqual(onKubernetes(cnpg({ cloudnativePg: "api" })), problem);
    assert.deepEqual(onKubernetes(plain({})), []);
  });

  it("is only the operator cloudnative-pg", () => {
    assert.deepEqual(
      onKubernetes(cnpg({ operator: "none", backup: { storage: "volume" } }, { engine: "mysql" })),
      [],
    );
    assert.deepEqual(onKubernetes({ engine: "mysql", kubernetes: "cloudnative-pg" }), []);
  });
});

describe("data checks on kubernetes: backups of the built-in server", () => {
  const onVolume = (extra: Loose = {}, stack: Loose = { protect: true }) =>
    onKubernetes(plain({ storage: "volume", ...extra }), stack);

  it("keeps a protected stack's backups off the cluster unless it accepts them there", () => {
    assert.deepEqual(onVolume(), [
      {
        setting: "database.kubernetes.backup.storage",
        expected:
          "s3 (protect is true: backups must survive the cluster), or acceptOnClusterBackups true to keep them on a volume of this cluster",
        found: '"volume"',
      },
    ]);
    assert.equal(onVolume({ acceptOnClusterBackups: "true" }).length, 1);
    assert.deepEqual(onVolume({ acceptOnClusterBackups: true }), []);
    assert.deepEqual(onVolume({}, { protect: false }), []);
    assert.deepEqual(onVolume({}, { protect: "true" }), []);
    // The rule is the built-in server's on a volume: CloudNativePG (refused a volume anyway) and s3 pass it.
    assert.deepEqual(onKubernetes(cnpg({ backup: s3({}) }), { protect: true }), []);
    assert.deepEqual(onKubernetes(plain(s3(keys)), { ...secrets, protect: true }), []);
  });

  it("needs the S3 settings when storage is s3", () => {
    assert.deepEqual(onKubernetes(plain({ storage: "s3" })), [
      {
        setting: "database.kubernetes.backup.s3",
        expected:
          "endpoint, bucket, the key secrets and egress when storage is s3 (or storage volume with acceptOnClusterBackups true)",
        found: "nothing",
      },
    ]);
    assert.deepEqual(onKubernetes(plain({ storage: "volume", s3: "x" })), []);
  });

  it("needs both key secrets or neither", () => {
    const problem = (missing: string) => [
      {
        setting: `database.kubernetes.backup.s3.${missing}`,
        expected: "set together with the other key secret (both or neither)",
        found: "nothing",
      },
    ];
    assert.deepEqual(onKubernetes(plain(s3({ accessKeySecret: "ak" })), secrets), problem("secretKeySecret"));
    assert.deepEqual(onKubernetes(plain(s3({ secretKeySecret: "sk" })), secrets), problem("accessKeySecret"));
    assert.deepEqual(
      onKubernetes(cnpg({ backup: s3({ accessKeySecret: "ak" }) }), secrets),
      problem("secretKeySecret"),
    );
    assert.deepEqual(onKubernetes(plain(s3(keys)), secrets), []);
  });

  it("needs keys for the dump CronJob, and none for CloudNativePG", () => {
    const problem = [
      {
        setting: "database.kubernetes.backup.s3.accessKeySecret",
        expected:
          "the stack secret of the access key: the dump CronJob uploads with keys (keyless access needs operator cloudnative-pg)",
        found: "nothing",
      },
    ];
    assert.deepEqual(onKubernetes(plain(s3({}))), problem);
    assert.deepEqual(onKubernetes(plain({ storage: "s3", s3: "bucket" })), problem);
    assert.deepEqual(onKubernetes(cnpg({ backup: s3({}) })), []);
  });

  it("needs each key secret among the stack's secrets", () => {
    assert.deepEqual(onKubernetes(plain(s3(keys)), { secrets: { sk: "2" } }), [
      {
        setting: "database.kubernetes.backup.s3.accessKeySecret",
        expected: "the name of a secret set with pulumi config set --secret --path secrets.ak",
        found: '"ak"',
      },
    ]);
    assert.deepEqual(onKubernetes(plain(s3(keys)), { secrets: { ak: "1" } }), [
      {
        setting: "database.kubernetes.backup.s3.secretKeySecret",
        expected: "the name of a secret set with pulumi config set --secret --path secrets.sk",
        found: '"sk"',
      },
    ]);
  });

  it("needs exactly one kind of egress to the endpoint", () => {
    const egress = (value: unknown) => onKubernetes(cnpg({ backup: s3({ egress: value }) }));
    const problem = (found: string) => [
      {
        setting: "database.kubernetes.backup.s3.egress",
        expected: "exactly one of to (the endpoint's cidrs and port) and anyAddress true",
        found,
      },
    ];
    assert.deepEqual(egress({}), problem("neither"));
    assert.deepEqual(egress({ anyAddress: false }), problem("neither"));
    assert.deepEqual(egress({ anyAddress: "true" }), problem("neither"));
    assert.deepEqual(egress({ to: apiServer, anyAddress: true }), problem("both"));
    assert.deepEqual(egress({ to: apiServer }), []);
    assert.deepEqual(egress({ to: apiServer, anyAddress: false }), []);
    assert.deepEqual(egress({ anyAddress: true }), []);
    assert.deepEqual(egress(undefined), []);
    assert.deepEqual(egress("any"), []);
  });
});

describe("data checks on kubernetes: restores", () => {
  const restore = (value: Loose, kubernetes: Loose = {}) =>
    onKubernetes(cnpg(kubernetes, { restore: value }));

  it("names a CloudNativePG backup by its cluster and its start time", () => {
    const good = [
      "database/20261120T030000",
      "a/20261120T030000",
      "d-b9/20261120T030000",
      "9/00000000T000000",
    ];
    const bad = [
      "-db/20261120T030000",
      "db-/20261120T030000",
      "Db/20261120T030000",
      "d.b/20261120T030000",
      "_db/20261120T030000",
      "/20261120T030000",
      "db/2026112T030000",
      "db/20261120T03000",
      "db/202611200T030000",
      "db/20261120T0300000",
      "db/20261120X030000",
      "db/2026112aT030000",
      "db/20261120T03000a",
      "db/20261120T030000/",
      "db20261120T030000",
      "db/20261120t030000",
    ];
    for (const ref of good) assert.equal(CNPG_BACKUP_REF.test(ref), true, ref);
    for (const ref of bad) assert.equal(CNPG_BACKUP_REF.test(ref), false, ref);
    assert.deepEqual(restore({ snapshot: "database/20261120T030000" }), []);
    assert.deepEqual(restore({ snapshot: "20261120T030000" }), [
      {
        setting: "database.restore.snapshot",
        expected: "<cluster>/<backup id> such as database/20261120T030000 (kubectl get backups)",
        found: '"20261120T030000"',
      },
    ]);
  });

  it("names the source cluster of a point-in-time restore as a DNS label of at most 50 characters", () => {
    const source = (sourceCluster: unknown) => restore({ pointInTime: { sourceCluster } });
    const problem = (name: string) => [
      {
        setting: "database.restore.pointInTime.sourceCluster",
        expected: "the name of the CloudNativePG Cluster whose backups are restored, such as database",
        found: JSON.stringify(name),
      },
    ];
    for (const name of ["a", "ab", "a-b", "9", "a".repeat(50), `a${"-".repeat(48)}b`]) {
      assert.deepEqual(source(name), [], name);
    }
    for (const name of ["a".repeat(51), "-a", "a-", "A", "_a", "a_", "a.b", ""]) {
      assert.deepEqual(source(name), problem(name), name);
    }
    assert.deepEqual(source(undefined), []);
    assert.deepEqual(source(7), []);
    assert.deepEqual(source({ name: "Bad" }), []);
    assert.deepEqual(restore({ pointInTime: "yesterday" }), []);
  });

  it("checks the snapshot before the source cluster", () => {
    assert.deepEqual(
      restore({ snapshot: "bad", pointInTime: { sourceCluster: "Bad" } }).map((p) => p.setting),
      ["database.restore", "database.restore.snapshot"],
    );
    assert.deepEqual(
      restore({ snapshot: 5, pointInTime: { sourceCluster: "Bad" } }).map((p) => p.setting),
      ["database.restore", "database.restore.pointInTime.sourceCluster"],
    );
  });

  it("restores the built-in server from a dump on its volume only", () => {
    assert.deepEqual(
      onKubernetes(plain({ storage: "volume" }, { restore: { pointInTime: { time: "t" } } })),
      [
        {
          setting: "database.restore.pointInTime",
          expected:
            "nothing without database.kubernetes.operator cloudnative-pg (restore a dump with database.restore.snapshot)",
          found: "a map",
        },
      ],
    );
    assert.deepEqual(onKubernetes(plain(s3(keys), { restore: { snapshot: "dump.sql" } }), secrets), [
      {
        setting: "database.restore.snapshot",
        expected:
          "a restore from the backup volume (database.kubernetes.backup.storage volume); copy the file from S3 into it first",
        found: "storage s3",
      },
    ]);
    assert.deepEqual(onKubernetes(plain({ storage: "volume" }, { restore: { snapshot: "dump.sql" } })), []);
    assert.deepEqual(onKubernetes(plain(s3(keys), { restore: "dump.sql" }), secrets), []);
    assert.deepEqual(
      onKubernetes(plain(s3(keys), { restore: {} }), secrets).map((p) => p.setting),
      ["database.restore"],
    );
    assert.deepEqual(onKubernetes(plain({ storage: "volume" }, { restore: { snapshot: "not/a-ref" } })), []);
  });
});
