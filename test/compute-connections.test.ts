import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { RegisteredInputs } from "../tools/harness/mocks";
import { checkKubernetesSchema } from "../tools/harness/kube-schema";
import { Compute, type ComputeArgs } from "../components/compute";
import { Naming } from "../components/naming";
import type { ServiceConnection } from "../components/connections";
import { serviceSchema } from "../stacks/schema/compute";
import { ConfigError } from "../stacks/problems";
import { computeProblems } from "../stacks/compute-checks";
import { graphResource } from "./support/graph-resource";
import { registeredBy } from "./support/component";

/** What a database layer would hand over: a host, a password in a JSON secret, a client group and label. */
const database: ServiceConnection = {
  env: { DATABASE_HOST: pulumi.output("db.strata-dev.internal"), DATABASE_PORT: "5432" },
  secrets: {
    DATABASE_PASSWORD: {
      aws: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", jsonKey: "password" },
      kubernetes: { secretName: "database-credentials", key: "password" },
    },
  },
  awsClientSecurityGroupId: "sg-database-clients",
  kubernetesClientLabels: { "strata.dev/database-client": "true" },
};

/** A cache whose token is an SSM parameter, read whole. */
const cache: ServiceConnection = {
  env: { CACHE_URL: "rediss://cache.strata-dev.internal:6379" },
  secrets: {
    CACHE_TOKEN: {
      aws: { arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/strata-dev/cache-token" },
      kubernetes: { secretName: "cache-auth", key: "token" },
    },
  },
  awsClientSecurityGroupId: "sg-cache-clients",
  kubernetesClientLabels: { "strata.dev/cache-client": "true" },
};

const services = [
  serviceSchema.parse({
    name: "api",
    image: "ghcr.io/example/api:1.0.0",
    port: 8080,
    route: { path: "/api" },
    uses: ["database", "cache"],
    env: { DATABASE_PORT: "6432" },
  }),
  serviceSchema.parse({ name: "worker", image: "ghcr.io/example/worker:1.0.0", port: 9000 }),
];

const naming = new Naming("strata", "dev");

function computeArgs(target: "aws" | "kubernetes", connections: ComputeArgs["connections"]): ComputeArgs {
  return {
    target,
    naming,
    services,
    secrets: {},
    connections,
    aws: {
      region: "eu-west-1",
      vpcId: "vpc-1",
      publicSubnetIds: ["public-1", "public-2"],
      privateSubnetIds: ["private-1", "private-2"],
      logsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs",
      logRetentionDays: 7,
      capacityProviders: { fargate: 1, fargateSpot: 0 },
      loadBalancer: { deletionProtection: false, accessLogs: false },
      protect: false,
    },
    kubernetes: {
      namespace: "strata-dev",
      ingressClass: "nginx",
      ingressNamespace: "ingress-nginx",
      dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
      backing: {
        database: { to: [{ pods: { "app.kubernetes.io/name": "database" } }], ports: [5432] },
        cache: { to: [{ pods: { "app.kubernetes.io/name": "cache" } }], ports: [6379] },
      },
    },
  };
}

/** Builds the component alone under mocks and returns what the engine received. */
function build(
  target: "aws" | "kubernetes",
  edit: (args: ComputeArgs) => ComputeArgs = (args) => args,
): Promise<RegisteredInputs[]> {
  return registeredBy(() => new Compute("compute", edit(computeArgs(target, { database, cache }))));
}

function find(registered: RegisteredInputs[], type: string, name: string): Record<string, unknown> {
  const matches = registered.filter((r) => r.type === type && r.name === name);
  assert.equal(matches.length, 1, `${type} ${name}`);
  return matches[0].inputs;
}

describe("compute: backing layers' connections reach the services that use them", () => {
  describe("on aws", () => {
    let registered: RegisteredInputs[];
    before(async () => {
      registered = await build("aws");
    });

    it("injects their settings as environment and their secrets as task secrets (JSON key form)", () => {
      const [container] = JSON.parse(
        find(registered, "aws:ecs/taskDefinition:TaskDefinition", "compute-api")
          .containerDefinitions as string,
      );
      assert.deepEqual(container.environment, [
        { name: "CACHE_URL", value: "rediss://cache.strata-dev.internal:6379" },
        { name: "DATABASE_HOST", value: "db.strata-dev.internal" },
        // The spec's own value wins over the layer's.
        { name: "DATABASE_PORT", value: "6432" },
      ]);
      assert.deepEqual(container.secrets, [
        {
          name: "CACHE_TOKEN",
          valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/strata-dev/cache-token",
        },
        {
          name: "DATABASE_PASSWORD",
          valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::",
        },
      ]);
    });

    it("lets the api's execution role read exactly those two ARNs, and the worker's none", () => {
      const statements = (name: string) =>
        JSON.parse(find(registered, "aws:iam/rolePolicy:RolePolicy", name).policy as string).Statement as {
          Sid: string;
          Action: unknown;
          Resource: unknown;
        }[];
      const api = statements("compute-api-execution");
      assert.deepEqual(
        api.filter((s) => s.Sid !== "WriteOwnLogs"),
        [
          {
            Sid: "ReadOwnSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"],
          },
          {
            Sid: "ReadOwnParameters",
            Effect: "Allow",
            Action: "ssm:GetParameters",
            Resource: ["arn:aws:ssm:eu-west-1:123456789012:parameter/strata-dev/cache-token"],
          },
        ],
      );
      assert.deepEqual(
        statements("compute-worker-execution").map((s) => s.Sid),
        ["WriteOwnLogs"],
      );
    });

    it("attaches the layers' client security groups to the api's tasks only", () => {
      const groups = (name: string) =>
        (
          find(registered, "aws:ecs/service:Service", name).networkConfiguration as {
            securityGroups: string[];
          }
        ).securityGroups;
      assert.deepEqual(groups("compute-api"), ["compute-api-id", "sg-database-clients", "sg-cache-clients"]);
      assert.deepEqual(groups("compute-worker"), ["compute-worker-id"]);
    });
  });

  describe("on kubernetes", () => {
    let registered: RegisteredInputs[];
    before(async () => {
      registered = await build("kubernetes");
    });

    it("labels the api's pods as a client of both layers and reads their secrets by reference", () => {
      const inputs = find(registered, "kubernetes:apps/v1:Deployment", "compute-api");
      const template = (
        inputs.spec as {
          template: {
            metadata: { labels: Record<string, string> };
            spec: { containers: { env: unknown }[] };
          };
        }
      ).template;
      assert.equal(template.metadata.labels["strata.dev/database-client"], "true");
      assert.equal(template.metadata.labels["strata.dev/cache-client"], "true");
      assert.equal(template.metadata.labels["app.kubernetes.io/name"], "api");
      assert.deepEqual(template.spec.containers[0].env, [
        { name: "CACHE_TOKEN", valueFrom: { secretKeyRef: { name: "cache-auth", key: "token" } } },
        { name: "CACHE_URL", value: "rediss://cache.strata-dev.internal:6379" },
        { name: "DATABASE_HOST", value: "db.strata-dev.internal" },
        {
          name: "DATABASE_PASSWORD",
          valueFrom: { secretKeyRef: { name: "database-credentials", key: "password" } },
        },
        { name: "DATABASE_PORT", value: "6432" },
      ]);
      const check = checkKubernetesSchema(
        graphResource("kubernetes:apps/v1:Deployment", "compute-api", inputs, { urn: "" }),
      );
      assert.deepEqual(check, { known: true, errors: [] });
      const worker = find(registered, "kubernetes:apps/v1:Deployment", "compute-worker");
      const workerLabels = (worker.spec as { template: { metadata: { labels: Record<string, string> } } })
        .template.metadata.labels;
      assert.equal(workerLabels["strata.dev/database-client"], undefined);
    });
  });

  it("lets the transform hooks edit a kind of child on each target (the escape hatch)", async () => {
    const aws = await build("aws", (args) => ({
      ...args,
      aws: {
        ...args.aws!,
        transform: {
          service: (serviceArgs, name) => ({ ...serviceArgs, enableExecuteCommand: name === "compute-api" }),
        },
      },
    }));
    assert.equal(find(aws, "aws:ecs/service:Service", "compute-api").enableExecuteCommand, true);
    assert.equal(find(aws, "aws:ecs/service:Service", "compute-worker").enableExecuteCommand, false);
    const kubernetes = await build("kubernetes", (args) => ({
      ...args,
      kubernetes: {
        ...args.kubernetes!,
        transform: {
          ingress: (ingressArgs) => ({
            ...ingressArgs,
            metadata: {
              ...(ingressArgs.metadata as object),
              annotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "10m" },
            },
          }),
        },
      },
    }));
    const metadata = find(kubernetes, "kubernetes:networking.k8s.io/v1:Ingress", "compute-api").metadata as {
      annotations: Record<string, string>;
    };
    assert.deepEqual(metadata.annotations, { "nginx.ingress.kubernetes.io/proxy-body-size": "10m" });
  });

  it("refuses a service that uses a layer it was given no connection for, before registering anything", () => {
    assert.throws(
      () => new Compute("compute", computeArgs("aws", { cache })),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems, [
          {
            setting: "database",
            expected: "a database section, because services[0] (api) uses the database",
            found: "nothing",
          },
        ]);
        return true;
      },
    );
  });

  it("reports the same problem from the stack config when the stack has no such layer", () => {
    // Checked on the config alone: once the data layer's presets give every stack a database and a cache,
    // only a stack that removes one can meet this rule.
    const problems = computeProblems({
      secrets: {},
      services: [
        { name: "api", image: "ghcr.io/example/api:1.0.0", port: 8080, uses: ["cache", "database"] },
      ],
      database: { engine: "postgres" },
    });
    assert.deepEqual(problems, [
      {
        setting: "cache",
        expected: "a cache section, because services[0] (api) uses the cache",
        found: "nothing",
      },
    ]);
  });
});
