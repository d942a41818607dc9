import assert from "node:assert/strict";
import { byType, findResource, runStack, type Graph } from "./support/harness";
import { checkKubernetesSchema, isKubernetesObject } from "../tools/harness/kube-schema";
import { inputsOf, leaks, secretValues } from "./data-support";

const CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const SCHEDULED = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
const STORE = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PLUGIN = "barman-cloud.cloudnative-pg.io";

/** Keys given as stack secrets (an in-cluster MinIO, say) instead of the pods' cloud identity. */
const WITH_KEYS = {
  secrets: { BACKUP_ACCESS_KEY: "AKIAOFFLINEEXAMPLE", BACKUP_SECRET_KEY: "offline-s3-secret-key-value" },
  database: {
    kubernetes: {
      backup: {
        s3: {
          endpoint: "http://minio.storage.svc:9000",
          bucket: "strata-backups",
          accessKeySecret: "BACKUP_ACCESS_KEY",
          secretKeySecret: "BACKUP_SECRET_KEY",
          egress: { anyAddress: false, to: { cidrs: ["10.96.0.0/12", "10.244.0.0/16"], port: 9000 } },
        },
      },
    },
  },
};

function cluster(graph: Graph) {
  return inputsOf(findResource(graph, CLUSTER, "database-cluster"));
}

function allValid(graph: Graph) {
  for (const object of graph.resources.filter(isKubernetesObject)) {
    assert.deepEqual(
      { name: object.name, ...checkKubernetesSchema(object) },
      { name: object.name, known: true, errors: [] },
    );
  }
}

describe("data on kubernetes with CloudNativePG: prod (Pulumi.prod.yaml's operator settings)", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("prod", { target: "kubernetes" });
  });

  it("builds a Cluster of 3 instances, one a zone, with the operator's PodDisruptionBudget", () => {
    const { spec, metadata } = cluster(graph);
    assert.equal(metadata.name, "database");
    assert.equal(spec.instances, 3);
    assert.equal(spec.enablePDB, true);
    assert.deepEqual(spec.topologySpreadConstraints, [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: { "cnpg.io/cluster": "database" } },
      },
    ]);
    assert.equal(spec.affinity.podAntiAffinityType, "required");
    assert.deepEqual(spec.bootstrap, { initdb: { database: "app", owner: "strata" } });
    assert.equal(spec.enableSuperuserAccess, false);
    // No StatefulSet or dump CronJob of its own: the operator runs the instances and the backups.
    assert.deepEqual(
      graph.resources.filter((r) => r.name.startsWith("database-") && /StatefulSet|CronJob/.test(r.type)),
      [],
    );
  });

  it("archives WALs through the Barman Cloud plugin to the bucket, with the stack's retention", () => {
    const { spec } = cluster(graph);
    assert.deepEqual(spec.plugins, [
      { name: PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "database-backups" } },
    ]);
    const store = inputsOf(findResource(graph, STORE, "database-object-store"));
    assert.deepEqual(store.spec, {
      configuration: {
        destinationPath: "s3://example-coop-strata-backups/strata-prod/",
        endpointURL: "https://s3.eu-west-1.amazonaws.com",
        s3Credentials: { inheritFromIAMRole: true },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
      retentionPolicy: "14d",
      instanceSidecarConfiguration: {
        resources: {
          requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "64Mi" },
          limits: { cpu: "1", memory: "512Mi", "ephemeral-storage": "1Gi" },
        },
      },
    });
    assert.deepEqual(spec.serviceAccountTemplate, {
      metadata: {
        annotations: {
          "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/strata-prod-database-backups",
        },
      },
    });
  });

  it("takes a base backup on the stack's schedule, in the operator's six-field cron, from a standby", () => {
    const backup = inputsOf(findResource(graph, SCHEDULED, "database-scheduled-backup"));
    assert.deepEqual(backup.spec, {
      schedule: "0 0 3 * * *",
      cluster: { name: "database" },
      immediate: true,
      backupOwnerReference: "self",
      target: "prefer-standby",
      method: "plugin",
      pluginConfiguration: { name: PLUGIN },
    });
  });

  it("keeps the connection contract: same variables, the operator's Service and application Secret", async () => {
    const api = byType(graph, "kubernetes:apps/v1:Deployment").find((d) => d.name === "compute-api")!;
    const env = inputsOf(api).spec.template.spec.containers[0].env as { name: string }[];
    const database = env.filter((e) => e.name.startsWith("DATABASE_"));
    assert.deepEqual(database, [
      { name: "DATABASE_AUTH", value: "password" },
      { name: "DATABASE_ENGINE", value: "postgres" },
      { name: "DATABASE_HOST", value: "database-rw" },
      { name: "DATABASE_NAME", value: "app" },
      {
        name: "DATABASE_PASSWORD",
        valueFrom: { secretKeyRef: { name: "database-app", key: "password" } },
      },
      { name: "DATABASE_PORT", value: "5432" },
      { name: "DATABASE_USER", value: "strata" },
    ]);
    assert.equal(inputsOf(api).spec.template.metadata.labels["strata.dev/uses-database"], "true");
  });

  it("allows exactly the operator's, the peers' and the clients' traffic in, and the object store and API server out", () => {
    const ours = byType(graph, POLICY).filter((p) => p.name.startsWith("database-"));
    const shapes = ours.map((p) => {
      const { spec } = inputsOf(p);
      return [p.name, spec.podSelector.matchLabels, spec.policyTypes, spec.ingress ?? spec.egress];
    });
    const instances = { "cnpg.io/cluster": "database" };
    const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));
    assert.deepEqual(shapes, [
      [
        "database-allow-clients",
        instances,
        ["Ingress"],
        [
          {
            from: [{ podSelector: { matchLabels: { "strata.dev/uses-database": "true" } } }],
            ports: tcp(5432),
          },
        ],
      ],
      [
        "database-allow-operator",
        instances,
        ["Ingress"],
        [
          {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cnpg-system" } } }],
            ports: tcp(8000, 5432),
          },
        ],
      ],
      [
        "database-allow-peers",
        instances,
        ["Ingress"],
        [{ from: [{ podSelector: { matchLabels: instances } }], ports: tcp(5432, 8000) }],
      ],
      [
        "database-egress",
        instances,
        ["Egress"],
        [
          { to: [{ podSelector: { matchLabels: instances } }], ports: tcp(5432, 8000) },
          { to: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: tcp(443) },
          { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } }], ports: tcp(443) },
        ],
      ],
    ]);
  });

  it("protects the Cluster and its ObjectStore, and validates every object (CloudNativePG's too)", () => {
    for (const [type, name] of [
      [CLUSTER, "database-cluster"],
      [STORE, "database-object-store"],
    ]) {
      const resource = findResource(graph, type, name);
      assert.deepEqual([resource.protect, resource.retainOnDelete], [true, true], name);
    }
    allValid(graph);
  });
});

describe("data on kubernetes with CloudNativePG: keys, dev, restore", () => {
  it("takes the object store's keys from stack secrets, as a Secret the ObjectStore names", async () => {
    const graph = await runStack("prod", {
      target: "kubernetes",
      secretKeys: ["secrets"],
      override: WITH_KEYS,
    });
    const store = inputsOf(findResource(graph, STORE, "database-object-store"));
    assert.deepEqual(store.spec.configuration.s3Credentials, {
      accessKeyId: { name: "database-s3", key: "accessKey" },
      secretAccessKey: { name: "database-s3", key: "secretKey" },
    });
    const secret = findResource(graph, "kubernetes:core/v1:Secret", "database-s3");
    assert.deepEqual(secret.secretInputs, ["stringData"]);
    const egress = inputsOf(findResource(graph, POLICY, "database-egress")).spec.egress;
    assert.deepEqual(egress[2], {
      to: [{ ipBlock: { cidr: "10.96.0.0/12" } }, { ipBlock: { cidr: "10.244.0.0/16" } }],
      ports: [{ protocol: "TCP", port: 9000 }],
    });
    assert.deepEqual(leaks(graph, secretValues(graph, Object.values(WITH_KEYS.secrets))), []);
    allValid(graph);
  });

  it("runs one instance in dev, without a PodDisruptionBudget or zone spread, backed up from the primary", async () => {
    const graph = await runStack("dev", {
      target: "kubernetes",
      secretKeys: ["secrets"],
      override: {
        ...WITH_KEYS,
        database: {
          kubernetes: {
            ...WITH_KEYS.database.kubernetes,
            operator: "cloudnative-pg",
            cloudnativePg: { apiServer: { cidrs: ["172.20.0.1/32"], port: 6443 } },
            backup: { ...WITH_KEYS.database.kubernetes.backup, storage: "s3" },
          },
        },
      },
    });
    const { spec } = cluster(graph);
    assert.deepEqual(
      [spec.instances, spec.enablePDB, spec.topologySpreadConstraints, spec.affinity.podAntiAffinityType],
      [1, false, undefined, "preferred"],
    );
    assert.equal(
      inputsOf(findResource(graph, SCHEDULED, "database-scheduled-backup")).spec.target,
      "primary",
    );
    assert.equal(inputsOf(findResource(graph, STORE, "database-object-store")).spec.retentionPolicy, "7d");
    assert.equal(findResource(graph, CLUSTER, "database-cluster").protect, false);
    allValid(graph);
  });

  it("restores to a point in time into a new Cluster, reading the source's archive", async () => {
    const graph = await runStack("prod", {
      target: "kubernetes",
      override: {
        database: { restore: { pointInTime: { sourceCluster: "database", time: "2026-11-20T03:15:00Z" } } },
      },
    });
    const { metadata, spec } = cluster(graph);
    assert.match(metadata.name, /^database-r[0-9a-f]{6}$/);
    assert.deepEqual(spec.bootstrap, {
      recovery: {
        source: "origin",
        database: "app",
        owner: "strata",
        recoveryTarget: { targetTime: "2026-11-20T03:15:00Z" },
      },
    });
    assert.deepEqual(spec.externalClusters, [
      {
        name: "origin",
        plugin: {
          name: PLUGIN,
          parameters: { barmanObjectName: "database-backups", serverName: "database" },
        },
      },
    ]);
    // It archives under its own name: the source's WALs are never overwritten.
    assert.deepEqual(spec.plugins[0].parameters, { barmanObjectName: "database-backups" });
    const backup = inputsOf(findResource(graph, SCHEDULED, "database-scheduled-backup"));
    assert.equal(backup.spec.cluster.name, metadata.name);
    assert.equal(backup.metadata.name, `${metadata.name}-daily`);
    // The services are cut over to the restored Cluster, and its policies select its pods.
    const api = byType(graph, "kubernetes:apps/v1:Deployment").find((d) => d.name === "compute-api")!;
    const env = inputsOf(api).spec.template.spec.containers[0].env as { name: string; value?: string }[];
    assert.equal(env.find((e) => e.name === "DATABASE_HOST")!.value, `${metadata.name}-rw`);
    for (const policy of byType(graph, POLICY).filter((p) => p.name.startsWith("database-"))) {
      assert.deepEqual(inputsOf(policy).spec.podSelector.matchLabels, { "cnpg.io/cluster": metadata.name });
    }
    allValid(graph);
  });

  it("restores to the latest point when no time is given, and a named base backup to its end", async () => {
    const latest = await runStack("prod", {
      target: "kubernetes",
      override: { database: { restore: { pointInTime: { sourceCluster: "database" } } } },
    });
    assert.equal(cluster(latest).spec.bootstrap.recovery.recoveryTarget, undefined);
    const backup = await runStack("prod", {
      target: "kubernetes",
      override: { database: { restore: { snapshot: "database/20261120T030000" } } },
    });
    assert.deepEqual(cluster(backup).spec.bootstrap.recovery.recoveryTarget, {
      backupID: "20261120T030000",
      targetImmediate: true,
    });
    assert.equal(cluster(backup).spec.externalClusters[0].plugin.parameters.serverName, "database");
    allValid(backup);
  });
});
