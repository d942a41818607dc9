import type { DatabaseEngine } from "../../stacks/schema/database";

/** What differs between the two engines, in one table: everything else in the layer is engine-neutral. */
export interface EngineProfile {
  readonly port: number;
  /** The Aurora engine name. */
  readonly auroraEngine: "aurora-postgresql" | "aurora-mysql";
  /**
   * The version a cluster is created with. PostgreSQL names only the major: RDS picks the minor and upgrades it
   * (autoMinorVersionUpgrade), so the program never asks for a minor AWS has already left (a refused downgrade).
   */
  readonly defaultVersion: string;
  /** Whether a version names a minor, which AWS's automatic minor upgrades leave behind (stacks/data-checks.ts). */
  pinsMinor(version: string): boolean;
  /** The cluster parameter group family of an Aurora version. */
  family(version: string): string;
  /** Cluster parameters that refuse unencrypted connections, and turn on the logs that are exported (CKV2_AWS_27). */
  readonly clusterParameters: readonly { readonly name: string; readonly value: string }[];
  /** Log types exported to CloudWatch Logs (Checkov CKV_AWS_324). */
  readonly logExports: readonly string[];
  /** The official image on kubernetes, pinned by digest (the tag is for people; Checkov CKV_K8S_43). */
  readonly image: string;
  /** The uid the official image's server runs as. */
  readonly uid: number;
  /** Where the image keeps its data; postgres wants a subdirectory of the volume (the volume root has lost+found). */
  readonly dataPath: string;
  /** Writable directories the server needs besides its data (the root file system is read-only). */
  readonly scratchPaths: readonly string[];
  /** Environment of the kubernetes server: database, user, and the password variables (read as `<name>_FILE`). */
  serverEnv(
    database: string,
    user: string,
  ): { readonly plain: Record<string, string>; readonly passwordVars: readonly string[] };
  /** A shell command that exits 0 when the server accepts connections (probes). */
  readonly readyCommand: readonly string[];
  /** The shell command of a logical backup to stdout; reads DB_HOST, DB_PORT, DB_USER, DB_NAME and the password variable. */
  readonly dumpCommand: string;
  /** The variable the client tools read the password from. */
  readonly clientPasswordVar: string;
  /** A line the dump tool writes at the very end of a complete dump (a truncated dump lacks it). */
  readonly dumpCompleteLine: string;
}

/** Where the server, its probes and the backup pods read the password: a file of the mounted Secret. */
export const PASSWORD_FILE = "/run/secrets/database/password";

const POSTGRES: EngineProfile = {
  port: 5432,
  auroraEngine: "aurora-postgresql",
  defaultVersion: "16",
  pinsMinor: (version) => version.includes("."),
  family: (version) => `aurora-postgresql${version.split(".")[0]}`,
  clusterParameters: [
    { name: "rds.force_ssl", value: "1" },
    { name: "log_connections", value: "1" },
    { name: "log_disconnections", value: "1" },
    // Schema changes (and role changes) are logged; so is every statement slower than a second.
    { name: "log_statement", value: "ddl" },
    { name: "log_min_duration_statement", value: "1000" },
  ],
  logExports: ["postgresql"],
  // The 16.4 index as docker-library/repo-info recorded it (repos/postgres/remote/16.4.md, the Sept 2024
  // rebuild, via its mirror maxmood96/repo-info); the same digest pins public.ecr.aws/docker/library/postgres:16.4
  // in an unrelated public Nix configuration. Read 2026-12-01; verify before a prod deploy (docs/data.md).
  image: "postgres:16.4@sha256:9a2f3b8137068178039fcf7769a760b700a4c09460c502bcd18cae8a7484af65",
  uid: 999,
  dataPath: "/var/lib/postgresql/data",
  scratchPaths: ["/var/run/postgresql", "/tmp"],
  serverEnv: (database, user) => ({
    plain: { POSTGRES_DB: database, POSTGRES_USER: user, PGDATA: "/var/lib/postgresql/data/pgdata" },
    passwordVars: ["POSTGRES_PASSWORD"],
  }),
  readyCommand: [
    "sh",
    "-c",
    'pg_isready --host=127.0.0.1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"',
  ],
  dumpCommand:
    'pg_dump --host="$DB_HOST" --port="$DB_PORT" --username="$DB_USER" --dbname="$DB_NAME" --no-owner --no-privileges',
  clientPasswordVar: "PGPASSWORD",
  dumpCompleteLine: "^-- PostgreSQL database dump complete",
};

const MYSQL: EngineProfile = {
  port: 3306,
  auroraEngine: "aurora-mysql",
  defaultVersion: "8.0.mysql_aurora.3.08.0",
  // Aurora MySQL takes only full versions (8.0.mysql_aurora.3.08.0): there is no major-only form to ask for.
  pinsMinor: () => false,
  family: (version) => `aurora-mysql${version.split(".").slice(0, 2).join(".")}`,
  clusterParameters: [
    { name: "require_secure_transport", value: "ON" },
    { name: "server_audit_logging", value: "1" },
    { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL" },
    { name: "slow_query_log", value: "1" },
  ],
  logExports: ["audit", "error", "slowquery"],
  // The 8.4 index (8.4.11, Sept 2026 build) as docker-library/repo-info records it (repos/mysql/remote/8.4.md);
  // several unrelated public repositories pin the same digest. Read 2026-12-01; verify before a prod deploy.
  image: "mysql:8.4@sha256:85b9bf2e29cf836ecb8c2a15a935d4ba0c606631dff1dd79531a11983c638f2a",
  uid: 999,
  dataPath: "/var/lib/mysql",
  scratchPaths: ["/var/run/mysqld", "/tmp"],
  serverEnv: (database, user) => ({
    plain: { MYSQL_DATABASE: database, MYSQL_USER: user },
    passwordVars: ["MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD"],
  }),
  readyCommand: [
    "sh",
    "-c",
    'MYSQL_PWD="$(cat /run/secrets/database/password)" mysqladmin ping --host=127.0.0.1 --user="$MYSQL_USER" --silent',
  ],
  dumpCommand:
    'mysqldump --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" --single-transaction --routines --triggers "$DB_NAME"',
  clientPasswordVar: "MYSQL_PWD",
  dumpCompleteLine: "^-- Dump completed",
};

export const ENGINES: Readonly<Record<DatabaseEngine, EngineProfile>> = { postgres: POSTGRES, mysql: MYSQL };
