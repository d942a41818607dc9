import { isPlainObject } from "./merge";
import { describeFound, type ConfigProblem } from "./problems";

type Loose = Record<string, unknown>;

function sectionOf(value: unknown): Loose {
  return isPlainObject(value) ? value : {};
}

/** A backup ID of barman-cloud (its start time, YYYYMMDDTHHMMSS) under the server (Cluster) that took it. */
export const CNPG_BACKUP_REF = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/\d{8}T\d{6}$/;
/** A CloudNativePG Cluster name: a DNS label (it names Services and pods). */
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$/;

const PREFIX = "database.kubernetes";

/** Rules of `database.kubernetes.*` and of `database.restore` on kubernetes, managed mode. */
export function kubernetesDatabaseProblems(
  stack: Loose,
  db: Loose,
  secretProblem: (setting: string, name: unknown) => ConfigProblem[],
): ConfigProblem[] {
  const k8s = sectionOf(db.kubernetes);
  const backup = sectionOf(k8s.backup);
  const cnpg = k8s.operator === "cloudnative-pg";
  const problems: ConfigProblem[] = [];
  if (cnpg && db.engine === "mysql") {
    problems.push({
      setting: `${PREFIX}.operator`,
      expected: "none with database.engine mysql (CloudNativePG runs PostgreSQL only)",
      found: '"cloudnative-pg"',
    });
  }
  if (cnpg && backup.storage === "volume") {
    problems.push({
      setting: `${PREFIX}.backup.storage`,
      expected: "s3 with operator cloudnative-pg (WAL archiving and base backups go to object storage)",
      found: '"volume"',
    });
  }
  if (cnpg && sectionOf(k8s.cloudnativePg).apiServer === undefined) {
    problems.push({
      setting: `${PREFIX}.cloudnativePg.apiServer`,
      expected:
        "the API server's cidrs and port, which the instances call through the default-deny egress (kubectl get endpoints kubernetes)",
      found: "nothing",
    });
  }
  if (
    !cnpg &&
    backup.storage === "volume" &&
    stack.protect === true &&
    backup.acceptOnClusterBackups !== true
  ) {
    problems.push({
      setting: `${PREFIX}.backup.storage`,
      expected:
        "s3 (protect is true: backups must survive the cluster), or acceptOnClusterBackups true to keep them on a volume of this cluster",
      found: '"volume"',
    });
  }
  if (backup.storage === "s3") problems.push(...s3Problems(backup.s3, cnpg, secretProblem));
  problems.push(...restoreProblems(db, cnpg, backup.storage));
  return problems;
}

function s3Problems(
  s3Value: unknown,
  cnpg: boolean,
  secretProblem: (setting: string, name: unknown) => ConfigProblem[],
): ConfigProblem[] {
  if (s3Value === undefined) {
    return [
      {
        setting: `${PREFIX}.backup.s3`,
        expected:
          "endpoint, bucket, the key secrets and egress when storage is s3 (or storage volume with acceptOnClusterBackups true)",
        found: "nothing",
      },
    ];
  }
  const s3 = sectionOf(s3Value);
  const problems: ConfigProblem[] = [];
  const keys = [s3.accessKeySecret, s3.secretKeySecret].filter((k) => k !== undefined).length;
  if (keys === 1) {
    problems.push({
      setting: `${PREFIX}.backup.s3.${s3.accessKeySecret === undefined ? "accessKeySecret" : "secretKeySecret"}`,
      expected: "set together with the other key secret (both or neither)",
      found: "nothing",
    });
  } else if (keys === 0 && !cnpg) {
    problems.push({
      setting: `${PREFIX}.backup.s3.accessKeySecret`,
      expected:
        "the stack secret of the access key: the dump CronJob uploads with keys (keyless access needs operator cloudnative-pg)",
      found: "nothing",
    });
  }
  problems.push(...secretProblem(`${PREFIX}.backup.s3.accessKeySecret`, s3.accessKeySecret));
  problems.push(...secretProblem(`${PREFIX}.backup.s3.secretKeySecret`, s3.secretKeySecret));
  const egress = sectionOf(s3.egress);
  const open = egress.anyAddress === true;
  if (isPlainObject(s3.egress) && (egress.to === undefined) === !open) {
    problems.push({
      setting: `${PREFIX}.backup.s3.egress`,
      expected: "exactly one of to (the endpoint's cidrs and port) and anyAddress true",
      found: open ? "both" : "neither",
    });
  }
  return problems;
}

function restoreProblems(db: Loose, cnpg: boolean, storage: unknown): ConfigProblem[] {
  if (!isPlainObject(db.restore)) return [];
  const { snapshot, pointInTime } = db.restore;
  if (cnpg) {
    if (typeof snapshot === "string" && !CNPG_BACKUP_REF.test(snapshot)) {
      return [
        {
          setting: "database.restore.snapshot",
          expected: "<cluster>/<backup id> such as database/20261120T030000 (kubectl get backups)",
          found: describeFound(snapshot),
        },
      ];
    }
    const source = sectionOf(pointInTime).sourceCluster;
    if (typeof source === "string" && !CLUSTER_NAME.test(source)) {
      return [
        {
          setting: "database.restore.pointInTime.sourceCluster",
          expected: "the name of the CloudNativePG Cluster whose backups are restored, such as database",
          found: describeFound(source),
        },
      ];
    }
    return [];
  }
  if (pointInTime !== undefined) {
    return [
      {
        setting: "database.restore.pointInTime",
        expected:
          "nothing without database.kubernetes.operator cloudnative-pg (restore a dump with database.restore.snapshot)",
        found: "a map",
      },
    ];
  }
  if (storage === "s3" && snapshot !== undefined) {
    return [
      {
        setting: "database.restore.snapshot",
        expected:
          "a restore from the backup volume (database.kubernetes.backup.storage volume); copy the file from S3 into it first",
        found: "storage s3",
      },
    ];
  }
  return [];
}
