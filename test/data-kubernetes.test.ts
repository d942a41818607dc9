import assert from "node:assert/strict";
import { byType, findResource, runStack, type Graph } from "./support/harness";
import { checkKubernetesSchema, isKubernetesObject } from "../tools/harness/kube-schema";
import { inputsOf, leaks, secretValues } from "./data-support";
import { ENGINES } from "../components/database/engines";
import { CACHE_ENGINE_PROFILES } from "../components/cache/engines";

const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const SECRET = "kubernetes:core/v1:Secret";
const CRON_JOB = "kubernetes:batch/v1:CronJob";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function dataObjects(graph: Graph) {
  return graph.resources.filter(
    (r) => isKubernetesObject(r) && (r.name.startsWith("database") || r.name.startsWith("cache")),
  );
}

function podSpec(graph: Graph, type: string, name: string) {
  const spec = inputsOf(findResource(graph, type, name)).spec;
  return type === CRON_JOB ? spec.jobTemplate.spec.template.spec : spec.template.spec;
}

/** Every data object validates against the Kubernetes OpenAPI schema, and none leaks a secret. */
function assertValidAndSealed(graph: Graph) {
  const objects = dataObjects(graph);
  assert.ok(objects.length >= 10);
  for (const object of objects) {
    assert.deepEqual(
      { name: object.name, ...checkKubernetesSchema(object) },
      { name: object.name, known: true, errors: [] },
    );
  }
  assert.deepEqual(leaks(graph, secretValues(graph)), []);
  assert.equal(secretValues(graph).length, 2, "a generated password each for the database and the cache");
  for (const secret of byType(graph, SECRET)) assert.deepEqual(secret.secretInputs, ["stringData"]);
}

/** prod without the operator, with the on-cluster backups it must accept in so many words, and one cache pod. */
const STATEFULSET_PROD = {
  database: {
    kubernetes: { operator: "none", backup: { storage: "volume", acceptOnClusterBackups: true } },
  },
  cache: { kubernetes: { sentinel: false } },
};

for (const stack of ["dev", "prod"] as const) {
  describe(`data on kubernetes without the operator: ${stack}`, () => {
    let graph: Graph;
    before(async () => {
      graph = await runStack(stack, {
        target: "kubernetes",
        override: stack === "prod" ? STATEFULSET_PROD : undefined,
      });
    });

    it("validates every object against the Kubernetes schema and shows no secret", () =>
      assertValidAndSealed(graph));

    it("runs PostgreSQL as a one-pod StatefulSet with its own volume, probes and a restricted pod", () => {
      const set = inputsOf(findResource(graph, STATEFUL_SET, "database-statefulset"));
      assert.equal(set.spec.serviceName, "database");
      assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, {
        whenDeleted: "Retain",
        whenScaled: "Retain",
      });
      assert.equal(
        set.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
        stack === "prod" ? "50Gi" : "10Gi",
      );
      const pod = set.spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true);
      const [container] = pod.containers;
      assert.equal(container.image, ENGINES.postgres.image);
      assert.match(container.image, /^postgres:16\.4@sha256:[a-f0-9]{64}$/);
      assert.deepEqual(container.readinessProbe.exec.command.slice(0, 2), ["sh", "-c"]);
      assert.ok(container.livenessProbe && container.startupProbe);
      assert.deepEqual(container.resources.requests, container.resources.limits);
      // The password is a file of the mounted Secret, never an environment value.
      assert.deepEqual(
        container.env.filter((e: { name: string }) => e.name.includes("PASSWORD")),
        [{ name: "POSTGRES_PASSWORD_FILE", value: "/run/secrets/database/password" }],
      );
      assert.deepEqual(pod.volumes.find((v: { name: string }) => v.name === "password").secret, {
        secretName: "database-credentials",
        defaultMode: 0o440,
      });
      const service = inputsOf(findResource(graph, "kubernetes:core/v1:Service", "database-service"));
      assert.equal(service.spec.clusterIP, "None");
    });

    it("bounds ephemeral storage and every emptyDir, and probes liveness apart from readiness", () => {
      for (const [type, name] of [
        [STATEFUL_SET, "database-statefulset"],
        [STATEFUL_SET, "cache-statefulset"],
        [CRON_JOB, "database-backup"],
      ]) {
        const pod = podSpec(graph, type, name);
        for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
          assert.ok(container.resources.requests["ephemeral-storage"], `${name} ${container.name} request`);
          assert.ok(container.resources.limits["ephemeral-storage"], `${name} ${container.name} limit`);
          if (container.livenessProbe) {
            assert.notDeepEqual(
              container.livenessProbe,
              container.readinessProbe,
              `${name} ${container.name}`,
            );
          }
        }
        for (const volume of pod.volumes.filter((v: { emptyDir?: unknown }) => v.emptyDir)) {
          assert.match(volume.emptyDir.sizeLimit, /^\d+(Mi|Gi)$/, `${name} ${volume.name}`);
        }
      }
    });

    it("admits only pods labelled as database or cache clients", () => {
      const policies = byType(graph, POLICY).filter((p) => p.name.endsWith("allow-clients"));
      assert.deepEqual(
        policies.map((p) => {
          const { spec } = inputsOf(p);
          return [p.name, spec.ingress[0].from, spec.ingress[0].ports];
        }),
        [
          [
            "database-allow-clients",
            [{ podSelector: { matchLabels: { "strata.dev/uses-database": "true" } } }],
            [{ protocol: "TCP", port: 5432 }],
          ],
          [
            "cache-allow-clients",
            [{ podSelector: { matchLabels: { "strata.dev/uses-cache": "true" } } }],
            [{ protocol: "TCP", port: 6379 }],
          ],
        ],
      );
    });

    it(`dumps the database daily to a backup volume and keeps ${stack === "prod" ? 14 : 7} days`, () => {
      const job = inputsOf(findResource(graph, CRON_JOB, "database-backup"));
      assert.equal(job.spec.schedule, "0 3 * * *");
      const pod = podSpec(graph, CRON_JOB, "database-backup");
      assert.equal(pod.volumes[0].persistentVolumeClaim.claimName, "database-backups");
      const script = pod.containers[0].command[2] as string;
      assert.match(script, /^set -euo pipefail\n/);
      assert.match(script, /\npg_dump .* \| gzip > "\$partial"\n/);
      assert.match(script, new RegExp(`-mtime \\+${stack === "prod" ? 14 : 7} -delete$`));
      assert.equal(job.metadata.labels["strata.dev/uses-database"], "true");
      assert.equal(job.spec.startingDeadlineSeconds, 3600);
      assert.equal(pod.securityContext.runAsUser, 10001);
      assert.equal(pod.securityContext.runAsGroup, 10001);
    });

    it("runs the cache with AUTH from its Secret", () => {
      const pod = podSpec(graph, STATEFUL_SET, "cache-statefulset");
      const [container] = pod.containers;
      assert.equal(container.image, CACHE_ENGINE_PROFILES.valkey.image);
      assert.match(container.image, /^valkey\/valkey:8\.0@sha256:[a-f0-9]{64}$/);
      assert.equal(
        container.command[2],
        "exec valkey-server --port 6379 --appendonly yes --dir /data - <<EOF\nrequirepass $(cat /run/secrets/cache/password)\nEOF\n",
      );
      assert.equal(container.env, undefined, "no password in the environment");
      assert.deepEqual(container.readinessProbe.exec.command, [
        "sh",
        "-c",
        'REDISCLI_AUTH="$(cat /run/secrets/cache/password)" valkey-cli -p 6379 ping | grep -q PONG',
      ]);
      assert.deepEqual(container.livenessProbe.tcpSocket, { port: 6379 });
      assert.equal(pod.securityContext.runAsUser, 10001);
      const service = inputsOf(findResource(graph, "kubernetes:core/v1:Service", "cache-service"));
      assert.equal(service.spec.clusterIP, "None", "the StatefulSet's governing Service is headless");
    });

    it(`${stack === "prod" ? "protects and retains" : "does not protect"} the data, its credentials and its backups`, () => {
      const stateful = [
        findResource(graph, STATEFUL_SET, "database-statefulset"),
        findResource(graph, STATEFUL_SET, "cache-statefulset"),
        findResource(graph, SECRET, "database-credentials"),
        findResource(graph, "kubernetes:core/v1:PersistentVolumeClaim", "database-backup-volume"),
      ];
      for (const resource of stateful) {
        assert.deepEqual(
          [resource.name, resource.protect, resource.retainOnDelete],
          [resource.name, stack === "prod", stack === "prod"],
        );
      }
    });
  });
}

describe("data on kubernetes: restore, MySQL, S3 backups, external", () => {
  it("restores from a dump in the backup volume into a new StatefulSet", async () => {
    const graph = await runStack("prod", {
      target: "kubernetes",
      override: {
        database: { ...STATEFULSET_PROD.database, restore: { snapshot: "app-20261120-030000.sql.gz" } },
      },
    });
    const set = inputsOf(findResource(graph, STATEFUL_SET, "database-statefulset"));
    assert.match(set.metadata.name, /^database-r[0-9a-f]{6}$/);
    const [container] = set.spec.template.spec.containers;
    assert.deepEqual(
      container.volumeMounts.find((m: { name: string }) => m.name === "restore"),
      {
        name: "restore",
        mountPath: "/docker-entrypoint-initdb.d/app-20261120-030000.sql.gz",
        subPath: "app-20261120-030000.sql.gz",
        readOnly: true,
      },
    );
    // The Service now selects only the restored generation.
    const service = inputsOf(findResource(graph, "kubernetes:core/v1:Service", "database-service"));
    assert.equal(service.spec.selector["strata.dev/generation"], set.metadata.name.slice("database-".length));
    assertValidAndSealed(graph);
  });

  it("runs MySQL and uploads dumps to S3-compatible storage with keys from stack secrets", async () => {
    const accessKey = "AKIAOFFLINEEXAMPLE";
    const secretKey = "offline-s3-secret-key-value";
    const graph = await runStack("dev", {
      target: "kubernetes",
      secretKeys: ["secrets"],
      override: {
        secrets: { BACKUP_ACCESS_KEY: accessKey, BACKUP_SECRET_KEY: secretKey },
        database: {
          engine: "mysql",
          kubernetes: {
            backup: {
              storage: "s3",
              s3: {
                endpoint: "https://minio.example.org",
                bucket: "strata-backups",
                accessKeySecret: "BACKUP_ACCESS_KEY",
                secretKeySecret: "BACKUP_SECRET_KEY",
                egress: { to: { cidrs: ["192.0.2.10/32"], port: 443 } },
              },
            },
          },
        },
      },
    });
    const pod = podSpec(graph, CRON_JOB, "database-backup");
    assert.match(pod.initContainers[0].command[2], /\nmysqldump .* \| gzip > "\$partial"\n/);
    assert.equal(pod.containers[0].name, "upload");
    const upload = pod.containers[0].command[2] as string;
    assert.match(upload, /\nmc rm --recursive --force --older-than 7d backup\/strata-backups\/app\/$/);
    // The keys are files of the mounted Secret; mc's alias is built from them inside the container.
    assert.match(
      upload,
      /export MC_HOST_backup="https:\/\/\$\(cat \/run\/secrets\/object-store\/accessKey\):\$\(cat \/run\/secrets\/object-store\/secretKey\)@minio.example.org"/,
    );
    assert.deepEqual(pod.containers[0].env, [{ name: "HOME", value: "/tmp" }]);
    assert.equal(pod.volumes.find((v: { name: string }) => v.name === "dumps").emptyDir.sizeLimit, "10Gi");
    assert.deepEqual(byType(graph, "kubernetes:core/v1:PersistentVolumeClaim"), []);
    assert.deepEqual(leaks(graph, [...secretValues(graph), accessKey, secretKey]), []);
    for (const object of dataObjects(graph)) assert.deepEqual(checkKubernetesSchema(object).errors, []);
  });

  it("takes an external database and cache from stack secrets", async () => {
    const databaseUrl = "postgres://app:s3cret-db@db.example.org:5432/app";
    const graph = await runStack("dev", {
      target: "kubernetes",
      secretKeys: ["secrets"],
      override: {
        secrets: { DATABASE_URL: databaseUrl, CACHE_URL: "redis://:s3cret-cache@cache.example.org" },
        database: { mode: "external", urlSecret: "DATABASE_URL" },
        cache: { mode: "external", urlSecret: "CACHE_URL" },
        // The namespace denies egress: the services that use them may reach these addresses only.
        kubernetes: {
          egress: {
            database: { cidrs: ["192.0.2.10/32"], ports: [5432] },
            cache: { cidrs: ["192.0.2.20/32"], ports: [6379] },
          },
        },
      },
    });
    assert.deepEqual(byType(graph, STATEFUL_SET), []);
    assert.deepEqual(
      byType(graph, SECRET).map((s) => [s.name, s.secretInputs]),
      [
        ["database-url", ["stringData"]],
        ["cache-url", ["stringData"]],
      ],
    );
    assert.deepEqual(leaks(graph, [databaseUrl, "s3cret"]), []);
    for (const object of dataObjects(graph)) assert.deepEqual(checkKubernetesSchema(object).errors, []);
  });
});
