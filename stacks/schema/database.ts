import { z } from "zod";
import { flag, ipv4Block, matching, oneOf, section, text, wholeNumber, dnsLabel } from "./primitives";

export const DATABASE_ENGINES = ["postgres", "mysql"] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** managed: Aurora on aws, a StatefulSet on kubernetes; external: an existing database, its URL a stack secret. */
export const BACKING_MODES = ["managed", "external"] as const;
export type BackingMode = (typeof BACKING_MODES)[number];

export const BACKUP_STORAGES = ["volume", "s3"] as const;

/** none: the engine's image in a StatefulSet; cloudnative-pg: a CloudNativePG Cluster (the cluster has the operator). */
export const DATABASE_OPERATORS = ["none", "cloudnative-pg"] as const;
export type DatabaseOperator = (typeof DATABASE_OPERATORS)[number];

/** Addresses a pod may reach: CIDR blocks (any prefix, IPv4) and one TCP port. */
const egressTarget = section({
  cidrs: ipv4Block(0, 32).array().min(1, { error: "at least one CIDR block" }),
  port: wholeNumber(1, 65535),
});

/** Aurora keeps automated backups from 1 to 35 days; 0 (no backups) is not allowed here. */
export const MIN_BACKUP_DAYS = 1;
export const MAX_BACKUP_DAYS = 35;
/** Aurora MySQL backtracks at most 72 hours. */
export const MAX_BACKTRACK_HOURS = 72;

/** An `hh:mm-hh:mm` UTC window, as RDS and ElastiCache take it. */
export const dailyWindow = matching(
  /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
  "a daily UTC window hh:mm-hh:mm such as 03:00-04:00",
);

/** The name of a stack secret (`secrets.<name>`) holding a value this layer reads. */
export const secretName = matching(/^[A-Za-z][A-Za-z0-9_]*$/, "the name of a stack secret (secrets.<name>)");

/** A point in time of an existing cluster: a moment, or the latest restorable time. */
const pointInTime = section({
  /** The cluster (Aurora identifier or ARN, or CloudNativePG Cluster name) whose continuous backup is restored. */
  sourceCluster: text("an Aurora cluster identifier or ARN, or a CloudNativePG Cluster name"),
  /** The moment to restore to, in UTC; the latest restorable time when unset. */
  time: matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, "a UTC time such as 2026-11-20T03:15:00Z").optional(),
});

/** Where a recovered database comes from: exactly one of `snapshot` and `pointInTime` (a cross-check). */
const restore = section({
  /** aws: a cluster snapshot identifier or ARN; cloudnative-pg: <cluster>/<backup id>; else a dump file in the backup volume. */
  snapshot: text("a snapshot identifier, ARN or backup file name").optional(),
  /** aws and cloudnative-pg: a point in time of an existing cluster. */
  pointInTime: pointInTime.optional(),
});

/** Logical backups on kubernetes (pg_dump / mysqldump), kept `database.backup.retentionDays` days. */
const kubernetesBackup = section({
  /** A PersistentVolumeClaim, or any S3-compatible object storage (MinIO, AWS S3). */
  storage: oneOf(BACKUP_STORAGES),
  /** Size of the backup volume when storage is volume. */
  volumeSize: matching(/^\d+(Mi|Gi|Ti)$/, "a volume size such as 20Gi"),
  /** In a stack with `protect`, backups on a volume of the same cluster need this said in so many words. */
  acceptOnClusterBackups: flag,
  /** The S3-compatible endpoint and bucket, with its keys named as stack secrets. */
  s3: section({
    endpoint: matching(
      /^https?:\/\/[^\s/]+\/?$/,
      "an http(s) URL without a path such as https://minio.example.org",
    ),
    bucket: matching(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "an S3 bucket name of 3 to 63 lower-case letters, digits, '.' or '-'",
    ),
    /** cloudnative-pg only: both unset means the pods' cloud identity (IRSA), with `cloudnativePg.serviceAccountAnnotations`. */
    accessKeySecret: secretName.optional(),
    secretKeySecret: secretName.optional(),
    /** Where the backup pods may connect: the endpoint's addresses, or (anyAddress) any address but the cloud metadata one. */
    egress: section({
      to: egressTarget.optional(),
      /** Any IPv4 address on port 443 except 169.254.169.254/32: only when the user says so. */
      anyAddress: flag.optional(),
    }),
  }).optional(),
});

/** A CloudNativePG Cluster (operator 1.29, Barman Cloud plugin 0.14; docs/data.md). */
const cloudnativePg = section({
  /** PostgreSQL instances: one primary and streaming replicas, spread over zones. */
  instances: wholeNumber(1, 9),
  /** An operand image of the operator's project (ghcr.io/cloudnative-pg/postgresql). */
  image: text("a container image reference such as ghcr.io/cloudnative-pg/postgresql:16.4"),
  /** The namespace where the operator (and the Barman Cloud plugin) run. */
  operatorNamespace: dnsLabel,
  /** The API server's addresses and port, which the instance manager calls (kubectl get endpoints kubernetes). */
  apiServer: egressTarget.optional(),
  /** Annotations of the instances' ServiceAccount, e.g. eks.amazonaws.com/role-arn for keyless S3 access. */
  serviceAccountAnnotations: z.record(z.string(), z.string({ error: "an annotation value" })).optional(),
});

/** The database's settings on kubernetes. */
const kubernetesDatabase = section({
  /** The engine's official image; from the engine when unset (postgres:16.4, mysql:8.4). */
  image: text("a container image reference").optional(),
  /** Size of the data volume. */
  storageSize: matching(/^\d+(Mi|Gi|Ti)$/, "a volume size such as 20Gi"),
  /** Requests of the database container (limits are equal: a database should not be throttled or evicted). */
  cpu: matching(/^\d+(\.\d+)?m?$/, "a CPU quantity such as 500m"),
  memory: matching(/^\d+(Mi|Gi)$/, "a memory quantity such as 1Gi"),
  /** Whether the cluster has an operator this stack uses for PostgreSQL. */
  operator: oneOf(DATABASE_OPERATORS),
  cloudnativePg,
  backup: kubernetesBackup,
});

export const databaseSection = section({
  mode: oneOf(BACKING_MODES),
  engine: oneOf(DATABASE_ENGINES),
  /** Aurora engine version; from the engine when unset (16, 8.0.mysql_aurora.3.08.0). PostgreSQL: the major only. */
  engineVersion: text("an engine version").optional(),
  /** aws: let a change of engineVersion's major upgrade the cluster in place (docs/data.md, "Engine versions"). */
  allowMajorVersionUpgrade: flag,
  /** The database created in the cluster. */
  name: matching(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "a database name: a letter, then letters, digits or '_'"),
  /** The master user; its password is RDS-managed (aws) or generated (kubernetes), never in config. */
  username: matching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, "a user name of at most 16 letters, digits or '_'"),
  /** aws: the user the services log in as, with IAM database authentication (docs/data.md); never the master. */
  appUsername: matching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, "a user name of at most 16 letters, digits or '_'"),
  /** aws size: an instance class (db.r6g.large), or `db.serverless` with `serverless` capacity. */
  instanceClass: matching(
    /^db\.(serverless|[a-z0-9]+\.[a-z0-9]+)$/,
    "an RDS instance class such as db.r6g.large, or db.serverless",
  ),
  /** Serverless v2 capacity in ACUs; used when instanceClass is db.serverless. */
  serverless: section({
    minCapacity: z
      .number({ error: "a capacity from 0 to 256 ACUs in steps of 0.5" })
      .min(0)
      .max(256)
      .multipleOf(0.5),
    maxCapacity: z
      .number({ error: "a capacity from 1 to 256 ACUs in steps of 0.5" })
      .min(1)
      .max(256)
      .multipleOf(0.5),
  }).optional(),
  /** Reader instances besides the writer, spread across zones. */
  readers: wholeNumber(0, 15),
  backup: section({
    /** Automated backups (point-in-time restore) kept this many days; logical backups on kubernetes too. */
    retentionDays: wholeNumber(MIN_BACKUP_DAYS, MAX_BACKUP_DAYS),
    /** aws: the daily window of automated backups. */
    window: dailyWindow,
    /** kubernetes: the CronJob schedule of logical backups; aws: the AWS Backup plan's, when drRegion is set. */
    schedule: matching(/^(\S+\s+){4}\S+$/, "a cron schedule of five fields such as 0 3 * * *"),
  }),
  /** aws, MySQL only: how far back the cluster can be rewound in place (0 turns it off). @default - presets.ts MYSQL_BACKTRACK_HOURS */
  backtrackHours: wholeNumber(0, MAX_BACKTRACK_HOURS).optional(),
  /** aws: RDS refuses to delete the cluster (Checkov CKV_AWS_139). */
  deletionProtection: flag,
  /** aws: take a final snapshot when the cluster is deleted. */
  finalSnapshot: flag,
  /** aws, in prod: a second region that receives copies of the backups, for disaster recovery. */
  drRegion: matching(
    /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/,
    "an AWS region such as eu-central-1",
  ).optional(),
  /** Build the database from a snapshot or a point in time: how a user recovers (docs/data.md). */
  restore: restore.optional(),
  /** external mode: the stack secret holding the database URL. */
  urlSecret: secretName.optional(),
  kubernetes: kubernetesDatabase,
});

export const databaseShape = { database: databaseSection };
