import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { dumpScript, uploadScript } from "../components/database/kubernetes-backup";
import { ENGINES, PASSWORD_FILE } from "../components/database/engines";

/**
 * The backup CronJob's scripts, run for real by bash with the dump tool and mc replaced by stubs: what a
 * failed, a truncated and a good dump leave in the dump directory, and what a failed upload does.
 */
function sandbox() {
  const root = mkdtempSync(path.join(tmpdir(), "strata-dump-"));
  const dumps = path.join(root, "backup");
  const bin = path.join(root, "bin");
  const password = path.join(root, "password");
  spawnSync("mkdir", ["-p", dumps, bin]);
  writeFileSync(password, "s3cret");
  return { root, dumps, bin, password };
}

function stub(bin: string, name: string, body: string) {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
}

function run(script: string, box: ReturnType<typeof sandbox>, shell = "bash") {
  const local = script.replaceAll(PASSWORD_FILE, box.password).replaceAll("/backup", box.dumps);
  return spawnSync(shell, ["-c", local], {
    env: {
      PATH: `${box.bin}:/usr/bin:/bin`,
      DB_HOST: "database",
      DB_PORT: "5432",
      DB_USER: "strata",
      DB_NAME: "app",
    },
    encoding: "utf8",
  });
}

const spec = (engine: "postgres" | "mysql", storage: "volume" | "s3" = "volume") => ({
  engine: ENGINES[engine],
  databaseName: "app",
  storage,
  retentionDays: 7,
});

const PG_COMPLETE =
  'echo "CREATE TABLE t ();"; echo "--"; echo "-- PostgreSQL database dump complete"; echo "--"; echo';

describe("backup dumps on kubernetes: never a partial file", () => {
  it("keeps a complete PostgreSQL dump under its final name, with the password from the file", () => {
    const box = sandbox();
    stub(box.bin, "pg_dump", `[ "$PGPASSWORD" = s3cret ] || exit 9\n${PG_COMPLETE}`);
    const result = run(dumpScript(spec("postgres")), box);
    assert.equal(result.status, 0, result.stderr);
    const files = readdirSync(box.dumps);
    assert.equal(files.length, 1);
    assert.match(files[0], /^app-\d{8}-\d{6}\.sql\.gz$/);
  });

  it("leaves nothing when the dump tool fails midway, though gzip succeeds (pipefail)", () => {
    const box = sandbox();
    // Even with the completion line written: only pipefail sees the tool's failure behind gzip.
    stub(box.bin, "pg_dump", `${PG_COMPLETE}; exit 1`);
    const result = run(dumpScript(spec("postgres")), box);
    assert.notEqual(result.status, 0);
    assert.deepEqual(readdirSync(box.dumps), []);
  });

  it("leaves nothing when the dump ends early without its completion line", () => {
    const box = sandbox();
    stub(box.bin, "mysqldump", 'echo "CREATE TABLE t (id int);"');
    const result = run(dumpScript(spec("mysql")), box);
    assert.notEqual(result.status, 0);
    assert.deepEqual(readdirSync(box.dumps), []);
    stub(
      box.bin,
      "mysqldump",
      '[ "$MYSQL_PWD" = s3cret ] || exit 9\necho "CREATE TABLE t (id int);"\necho "-- Dump completed on 2026-12-01  3:00:01"',
    );
    assert.equal(run(dumpScript(spec("mysql")), box).status, 0);
    assert.equal(readdirSync(box.dumps).length, 1);
  });

  it("removes a partial file a killed run left behind, and keeps older complete dumps within retention", () => {
    const box = sandbox();
    writeFileSync(path.join(box.dumps, "app-20261130-030000.sql.gz.partial"), "half");
    writeFileSync(path.join(box.dumps, "app-20261130-030000.sql.gz"), "yesterday");
    stub(box.bin, "pg_dump", PG_COMPLETE);
    assert.equal(run(dumpScript(spec("postgres")), box).status, 0);
    const files = readdirSync(box.dumps).sort();
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => f.endsWith(".sql.gz")));
  });

  it("uploads each finished dump, checks it arrived, and prunes only after that", () => {
    const box = sandbox();
    const log = path.join(box.root, "mc.log");
    writeFileSync(path.join(box.dumps, "app-20261201-030000.sql.gz"), "dump");
    spawnSync("mkdir", ["-p", path.join(box.root, "object-store")]);
    writeFileSync(path.join(box.root, "object-store", "accessKey"), "AK");
    writeFileSync(path.join(box.root, "object-store", "secretKey"), "SK");
    const upload = (mcBody: string) => {
      stub(box.bin, "mc", `echo "$MC_HOST_backup $*" >> ${log}\n${mcBody}`);
      const script = uploadScript({
        databaseName: "app",
        retentionDays: 7,
        s3: { endpoint: "https://minio.example.org", bucket: "strata-backups", egress: { anyAddress: true } },
      }).replaceAll("/run/secrets/object-store", path.join(box.root, "object-store"));
      return run(script, box, "sh");
    };
    assert.equal(upload("exit 0").status, 0);
    assert.deepEqual(readFileSync(log, "utf8").trim().split("\n"), [
      "https://AK:SK@minio.example.org cp " +
        path.join(box.dumps, "app-20261201-030000.sql.gz") +
        " backup/strata-backups/app/",
      "https://AK:SK@minio.example.org stat backup/strata-backups/app/app-20261201-030000.sql.gz",
      "https://AK:SK@minio.example.org rm --recursive --force --older-than 7d backup/strata-backups/app/",
    ]);
    writeFileSync(log, "");
    // The object is not there after all: the run fails and nothing is pruned.
    assert.notEqual(upload('[ "$1" = stat ] && exit 1; exit 0').status, 0);
    assert.doesNotMatch(readFileSync(log, "utf8"), / rm /);
  });
});
