import { strict as assert } from "node:assert";
import { childrenOf, findResource, runStack, type Graph, type GraphResource } from "./support/harness";

/** Resources of a type that the compute layer made (other layers make security group rules, secrets...). */
const ours = (graph: Graph, type: string) =>
  graph.resources.filter((r) => r.type === type && r.name.startsWith("compute-"));

const ALB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const POLICY = "aws:iam/rolePolicy:RolePolicy";
const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SCALING_TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

/** What the data layer hands the services that use it (Pulumi.<stack>.yaml: api uses both, worker the database). */
const CACHE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:cache-auth-token-secret";
const DATABASE_ENV = [
  { name: "DATABASE_AUTH", value: "iam" },
  { name: "DATABASE_ENGINE", value: "postgres" },
  { name: "DATABASE_HOST", value: "strata-dev-database.cluster-mock.eu-west-1.rds.amazonaws.com" },
  { name: "DATABASE_NAME", value: "app" },
  { name: "DATABASE_PORT", value: "5432" },
  { name: "DATABASE_READER_HOST", value: "strata-dev-database.cluster-ro-mock.eu-west-1.rds.amazonaws.com" },
  { name: "DATABASE_USER", value: "strata_app" },
];
const CACHE_ENV = [
  { name: "CACHE_AUTH_TOKEN_GENERATION", value: "1" },
  { name: "CACHE_ENGINE", value: "valkey" },
  { name: "CACHE_HOST", value: "master.strata-dev-cache.mock.cache.amazonaws.com" },
  { name: "CACHE_PORT", value: "6379" },
  { name: "CACHE_READER_HOST", value: "replica.strata-dev-cache.mock.cache.amazonaws.com" },
  { name: "CACHE_TLS", value: "true" },
];

type Statement = { Sid: string; Action: string | string[]; Resource: string | string[] };

function statements(graph: Graph, name: string): Statement[] {
  return (JSON.parse(findResource(graph, POLICY, name).inputs.policy as string) as { Statement: Statement[] })
    .Statement;
}

function container(graph: Graph, service: string): Record<string, unknown> {
  const definitions = JSON.parse(
    findResource(graph, TASK, `compute-${service}`).inputs.containerDefinitions as string,
  );
  assert.equal(definitions.length, 1);
  return definitions[0] as Record<string, unknown>;
}

/** Security group rules as [name, group, port, peer], for exact comparison. */
function rules(graph: Graph, type: string) {
  return ours(graph, type).map((r) => [
    r.name,
    r.inputs.securityGroupId,
    r.inputs.fromPort,
    r.inputs.toPort,
    r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.prefixListId,
  ]);
}

const computeChildren = (graph: Graph): GraphResource[] =>
  childrenOf(graph, findResource(graph, "strata:compute:Compute", "compute"));

describe("compute on aws: the example api and worker", () => {
  let dev: Graph;
  let prod: Graph;
  before(async () => {
    dev = await runStack("dev");
    prod = await runStack("prod");
  });

  it("runs an ECS cluster with Container Insights (CKV_AWS_65) and both Fargate capacity providers", () => {
    for (const graph of [dev, prod]) {
      const cluster = findResource(graph, "aws:ecs/cluster:Cluster", "compute-cluster");
      assert.deepEqual(cluster.inputs.settings, [{ name: "containerInsights", value: "enabled" }]);
      const providers = findResource(
        graph,
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        "compute-capacity-providers",
      );
      assert.deepEqual(providers.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
    }
  });

  it("runs dev on Fargate Spot only and prod on-demand only", () => {
    assert.deepEqual(findResource(dev, SERVICE, "compute-api").inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    assert.deepEqual(findResource(prod, SERVICE, "compute-worker").inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE", weight: 1 },
    ]);
  });

  it("puts one internal ALB in the private subnets, dropping invalid headers (CKV_AWS_131)", () => {
    const alb = findResource(dev, ALB, "compute-alb");
    assert.equal(alb.inputs.internal, true);
    assert.equal(alb.inputs.dropInvalidHeaderFields, true);
    assert.deepEqual(alb.inputs.subnets, ["network-private-1-id", "network-private-2-id"]);
    assert.equal(alb.inputs.enableDeletionProtection, false);
    assert.equal(alb.inputs.accessLogs, undefined);
    assert.equal(ours(dev, "aws:s3/bucket:Bucket").length, 0);
  });

  it("in prod protects the ALB from deletion (CKV_AWS_150) and logs its access to a private bucket (CKV_AWS_91)", () => {
    const alb = findResource(prod, ALB, "compute-alb");
    assert.equal(alb.inputs.enableDeletionProtection, true);
    assert.deepEqual(alb.inputs.accessLogs, {
      bucket: "strata-prod-alb-logs-offline",
      prefix: "alb",
      enabled: true,
    });
    const bucket = findResource(prod, "aws:s3/bucket:Bucket", "compute-alb-logs");
    assert.equal(bucket.protect, true);
    assert.equal(bucket.retainOnDelete, true);
    assert.deepEqual(
      findResource(
        prod,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "compute-alb-logs-public-access-block",
      ).inputs,
      {
        bucket: "compute-alb-logs-id",
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    );
    const lifecycle = findResource(
      prod,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "compute-alb-logs-lifecycle",
    );
    assert.deepEqual((lifecycle.inputs.rules as { expiration: unknown }[])[0].expiration, { days: 365 });
    assert.deepEqual(
      findResource(prod, "aws:s3/bucketVersioning:BucketVersioning", "compute-alb-logs-versioning").inputs
        .versioningConfiguration,
      { status: "Enabled" },
    );
    const policy = JSON.parse(
      findResource(prod, "aws:s3/bucketPolicy:BucketPolicy", "compute-alb-logs").inputs.policy as string,
    );
    assert.deepEqual(policy.Statement[2], {
      Sid: "LoadBalancerWritesAccessLogs",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::156460612806:root" },
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:eu-west-1:123456789012:compute-alb-logs/alb/AWSLogs/123456789012/*",
    });
    assert.equal(policy.Statement[0].Effect, "Deny");
    assert.deepEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
    assert.ok(
      alb.dependsOn.includes(findResource(prod, "aws:s3/bucketPolicy:BucketPolicy", "compute-alb-logs").urn),
    );
  });

  it("without a domain serves plain HTTP only, answering 404 to unrouted requests", () => {
    const listeners = ours(dev, LISTENER);
    assert.deepEqual(
      listeners.map((l) => [l.name, l.inputs.port, l.inputs.protocol]),
      [["compute-http", 80, "HTTP"]],
    );
    assert.deepEqual(listeners[0].inputs.defaultActions, [
      {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
      },
    ]);
  });

  it("routes exactly /api and /api/* to the api target group, and nothing to the internal worker", () => {
    // dev has no domain (plain HTTP); prod serves api.example.org over HTTPS, so its rule is on that listener.
    for (const [graph, listener] of [
      [dev, "compute-http"],
      [prod, "compute-https"],
    ] as const) {
      const listenerRules = ours(graph, RULE);
      assert.deepEqual(
        listenerRules.map((r) => [
          r.name,
          r.inputs.listenerArn,
          r.inputs.priority,
          r.inputs.conditions,
          r.inputs.actions,
        ]),
        [
          [
            "compute-api",
            `arn:aws:lb:eu-west-1:123456789012:${listener}`,
            10,
            [{ pathPattern: { values: ["/api", "/api/*"] } }],
            [{ type: "forward", targetGroupArn: "arn:aws:lb:eu-west-1:123456789012:compute-api" }],
          ],
        ],
      );
      assert.deepEqual(
        ours(graph, "aws:lb/targetGroup:TargetGroup").map((t) => t.name),
        ["compute-api"],
      );
    }
    const group = findResource(dev, "aws:lb/targetGroup:TargetGroup", "compute-api");
    assert.deepEqual(
      [group.inputs.port, group.inputs.protocol, group.inputs.targetType, group.inputs.vpcId],
      [8080, "HTTP", "ip", "network-vpc-id"],
    );
    assert.deepEqual(group.inputs.healthCheck, {
      enabled: true,
      path: "/healthz",
      protocol: "HTTP",
      matcher: "200-399",
      interval: 15,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
    });
  });

  it("chains security groups: CloudFront to ALB on 80, ALB to api on 8080, api to worker on 9000, 443 out", () => {
    assert.deepEqual(rules(dev, INGRESS), [
      [
        "compute-alb-in-80",
        "compute-alb-id",
        80,
        80,
        "pl-offline-com.amazonaws.global.cloudfront.origin-facing",
      ],
      ["compute-alb-to-api", "compute-api-id", 8080, 8080, "compute-alb-id"],
      ["compute-api-to-worker", "compute-worker-id", 9000, 9000, "compute-api-id"],
    ]);
    assert.deepEqual(rules(dev, EGRESS), [
      ["compute-api-out-443", "compute-api-id", 443, 443, "0.0.0.0/0"],
      ["compute-worker-out-443", "compute-worker-id", 443, 443, "0.0.0.0/0"],
      ["compute-alb-to-api", "compute-alb-id", 8080, 8080, "compute-api-id"],
      ["compute-api-to-worker", "compute-api-id", 9000, 9000, "compute-worker-id"],
    ]);
    // Inline rules would fight the rule resources; none of the groups has any.
    for (const group of ours(dev, "aws:ec2/securityGroup:SecurityGroup").filter((g) =>
      g.name.startsWith("compute-"),
    )) {
      assert.equal(group.inputs.ingress, undefined);
      assert.equal(group.inputs.egress, undefined);
    }
  });

  it("runs each service in the private subnets without a public IP (CKV_AWS_333), rolling back failed deploys", () => {
    // Besides its own group, each service carries the client group of each layer it uses, in `uses` order.
    const clientGroups: Record<string, string[]> = {
      api: ["database-client-sg-id", "cache-client-sg-id"],
      worker: ["database-client-sg-id"],
    };
    for (const graph of [dev, prod]) {
      for (const name of ["api", "worker"]) {
        const service = findResource(graph, SERVICE, `compute-${name}`);
        assert.deepEqual(service.inputs.networkConfiguration, {
          assignPublicIp: false,
          securityGroups: [`compute-${name}-id`, ...clientGroups[name]],
          subnets: graph.resources
            .filter((s) => s.type === "aws:ec2/subnet:Subnet")
            .filter((s) => s.name.startsWith("network-private-"))
            .map((s) => `${s.name}-id`),
        });
        assert.deepEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
      }
    }
    const worker = findResource(dev, SERVICE, "compute-worker");
    assert.equal(worker.inputs.loadBalancers, undefined);
    assert.deepEqual(worker.inputs.serviceRegistries, {
      registryArn: "arn:aws:servicediscovery:eu-west-1:123456789012:compute-worker",
    });
    const discovery = findResource(
      dev,
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
      "compute-discovery",
    );
    assert.equal(discovery.inputs.name, "strata-dev.internal");
    assert.deepEqual(
      findResource(dev, SERVICE, "compute-api").dependsOn.sort(),
      [
        findResource(
          dev,
          "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
          "compute-capacity-providers",
        ).urn,
        findResource(dev, LISTENER, "compute-http").urn,
        // ECS refuses a target group that no rule forwards to yet.
        findResource(dev, "aws:lb/listenerRule:ListenerRule", "compute-api").urn,
      ].sort(),
    );
  });

  it("defines containers never privileged (CKV_AWS_334), read-only root (CKV_AWS_336), logging to their own group", () => {
    const api = container(dev, "api");
    assert.equal(api.image, "ghcr.io/example-coop/api:1.4.2");
    assert.equal(api.privileged, false);
    assert.equal(api.readonlyRootFilesystem, true);
    assert.deepEqual(api.linuxParameters, {
      initProcessEnabled: true,
      capabilities: { add: [], drop: ["ALL"] },
    });
    assert.deepEqual(api.portMappings, [{ name: "http", containerPort: 8080, protocol: "tcp" }]);
    // The layers' settings, the callee's URL, then the spec's own values, sorted by name.
    assert.deepEqual(api.environment, [
      ...CACHE_ENV,
      ...DATABASE_ENV,
      { name: "LOG_LEVEL", value: "debug" },
      { name: "WORKER_URL", value: "http://worker.strata-dev.internal:9000" },
    ]);
    // Credentials only as task secrets read at start; the database needs none (IAM authentication).
    assert.deepEqual(api.secrets, [{ name: "CACHE_AUTH_TOKEN", valueFrom: CACHE_SECRET }]);
    const worker = container(dev, "worker");
    assert.deepEqual(worker.environment, [...DATABASE_ENV, { name: "LOG_LEVEL", value: "debug" }]);
    assert.deepEqual(worker.secrets, []);
    assert.deepEqual(api.logConfiguration, {
      logDriver: "awslogs",
      options: {
        "awslogs-group": "/strata/strata-dev-service-api",
        "awslogs-region": "eu-west-1",
        "awslogs-stream-prefix": "api",
      },
    });
    const logGroup = findResource(dev, "aws:cloudwatch/logGroup:LogGroup", "compute-api");
    assert.equal(logGroup.inputs.retentionInDays, 7);
    assert.equal(logGroup.inputs.kmsKeyId, "arn:aws:kms:eu-west-1:123456789012:logs-key");
    assert.equal(
      findResource(prod, "aws:cloudwatch/logGroup:LogGroup", "compute-worker").inputs.retentionInDays,
      365,
    );
    const task = findResource(prod, TASK, "compute-api");
    assert.deepEqual(
      [task.inputs.cpu, task.inputs.memory, task.inputs.networkMode],
      ["512", "1024", "awsvpc"],
    );
    assert.notEqual(task.inputs.executionRoleArn, task.inputs.taskRoleArn);
  });

  it("gives each execution role only its own log stream writes and its layers' secrets, the task role only its database login (CKV_AWS_249)", () => {
    const logs = (name: string) => ({
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:cloudwatch:eu-west-1:123456789012:compute-${name}:log-stream:*`,
    });
    // The cache's token is under the cache's own key: api may decrypt with it, only through Secrets Manager.
    assert.deepEqual(statements(dev, "compute-api-execution"), [
      logs("api"),
      {
        Sid: "ReadOwnSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [CACHE_SECRET],
      },
      {
        Sid: "DecryptBackingSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        // dev's cache shares the database's key (cache.keyFromDatabase).
        Resource: ["arn:aws:kms:eu-west-1:123456789012:database-key"],
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
      },
    ]);
    assert.deepEqual(statements(dev, "compute-worker-execution"), [logs("worker")]);
    for (const name of ["api", "worker"]) {
      // Both use the database: each task role may log in as its application user, nothing more.
      assert.deepEqual(statements(dev, `compute-${name}-task`), [
        {
          Sid: "ConnectToDatabase",
          Effect: "Allow",
          Action: ["rds-db:connect"],
          Resource: ["arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-MOCK19RESOURCEID/strata_app"],
        },
      ]);
      const trust = JSON.parse(
        findResource(dev, "aws:iam/role:Role", `compute-${name}-task`).inputs.assumeRolePolicy as string,
      );
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": "123456789012" },
      });
    }
    assert.deepEqual(
      ours(dev, POLICY)
        .map((p) => p.name)
        .filter((n) => n.startsWith("compute-")),
      ["compute-api-execution", "compute-api-task", "compute-worker-execution", "compute-worker-task"],
    );
  });

  it("scales between replicas.min and max on CPU and on requests per target; fixed counts get no scaling", () => {
    const bounds = (graph: Graph) =>
      ours(graph, SCALING_TARGET).map((t) => [
        t.name,
        t.inputs.minCapacity,
        t.inputs.maxCapacity,
        t.inputs.resourceId,
      ]);
    // dev's worker has a fixed count, and a target only for its working-hours schedule (no policy).
    assert.deepEqual(bounds(dev), [
      ["compute-api", 1, 3, "service/strata-dev-cluster/api"],
      ["compute-worker", 1, 1, "service/strata-dev-cluster/worker"],
    ]);
    assert.deepEqual(
      ours(dev, SCALING_POLICY).map((p) => p.name),
      ["compute-api-cpu", "compute-api-requests"],
    );
    // Application Auto Scaling refuses concurrent updates of one target: the second policy waits for the first.
    const [cpu, requests] = ours(dev, SCALING_POLICY);
    assert.deepEqual(cpu.dependsOn, []);
    assert.deepEqual(requests.dependsOn, [cpu.urn]);
    assert.deepEqual(bounds(prod), [
      ["compute-api", 2, 10, "service/strata-prod-cluster/api"],
      ["compute-worker", 2, 4, "service/strata-prod-cluster/worker"],
    ]);
    const configs = ours(prod, SCALING_POLICY).map((p) => [
      p.name,
      p.inputs.targetTrackingScalingPolicyConfiguration,
    ]);
    assert.deepEqual(configs, [
      [
        "compute-api-cpu",
        {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: 60,
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      ],
      [
        "compute-api-requests",
        {
          predefinedMetricSpecification: {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel:
              "app/strata-prod-alb/0123456789abcdef/targetgroup/strata-prod-api-8080/0123456789abcdef",
          },
          targetValue: 1000,
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      ],
      [
        "compute-worker-cpu",
        {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: 70,
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      ],
    ]);
  });

  it("tags every taggable compute resource with the stack's tags", () => {
    for (const resource of computeChildren(prod).filter((r) => r.inputs.tags !== undefined)) {
      const tags = resource.inputs.tags as Record<string, string>;
      assert.equal(tags.Layer, "compute", resource.name);
      assert.equal(tags.CostCenter, "web-platform", resource.name);
    }
  });

  it("exports the URL the services answer at (the CDN's: the load balancer is internal) and the service names", () => {
    assert.deepEqual(dev.outputs.compute, {
      clusterName: "strata-dev-cluster",
      url: "https://d111111abcdef8.cloudfront.net",
      services: ["api", "worker"],
    });
    // prod has a domain, which the distribution answers: its URL is the domain's, over HTTPS.
    assert.deepEqual(prod.outputs.compute, {
      clusterName: "strata-prod-cluster",
      url: "https://api.example.org",
      services: ["api", "worker"],
    });
  });
});

describe("compute on aws: a domain, a build and stack secrets", () => {
  let graph: Graph;
  before(async () => {
    graph = await runStack("prod", {
      secretKeys: ["secrets"],
      override: {
        secrets: { API_TOKEN: "Xq9-api-token-plaintext", UNUSED: "x" },
        compute: { aws: { domain: { name: "app.example.org", hostedZoneId: "Z0123456789ABC" } } },
        services: [
          {
            name: "api",
            build: { context: "./services/api", tag: "2024.11.1" },
            port: 8080,
            route: { path: "/api" },
            secrets: { API_TOKEN: "API_TOKEN" },
          },
          { name: "web", image: "ghcr.io/example/web:3.0.0", port: 3000, route: { path: "/api/web" } },
          { name: "docs", image: "ghcr.io/example/docs:3.0.0", port: 3000, route: { path: "/docs" } },
        ],
      },
    });
  });

  it("serves HTTPS only, on a DNS-validated certificate, to CloudFront's origin-facing servers only", () => {
    assert.deepEqual(
      ours(graph, LISTENER).map((l) => [l.name, l.inputs.port, l.inputs.protocol, l.inputs.defaultActions]),
      [
        [
          "compute-https",
          443,
          "HTTPS",
          [
            {
              type: "fixed-response",
              fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
            },
          ],
        ],
      ],
    );
    const https = findResource(graph, LISTENER, "compute-https");
    assert.equal(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
    assert.equal(https.inputs.certificateArn, "arn:aws:acm:eu-west-1:123456789012:compute-certificate");
    const certificate = findResource(graph, "aws:acm/certificate:Certificate", "compute-certificate");
    assert.deepEqual(
      [certificate.inputs.domainName, certificate.inputs.subjectAlternativeNames],
      ["app.example.org", undefined],
    );
    // The validation record is the compute layer's only record: DNS points the name at the CDN, not here.
    assert.deepEqual(
      ours(graph, "aws:route53/record:Record").map((r) => [r.name, r.inputs]),
      [
        [
          "compute-certificate-validation",
          {
            zoneId: "Z0123456789ABC",
            name: "_0123456789abcde0.app.example.org.",
            type: "CNAME",
            records: ["_fedcba9876543210.acm-validations.aws."],
            ttl: 60,
            allowOverwrite: true,
          },
        ],
      ],
    );
    // One rule: the origin-facing prefix list weighs about 55 of the group's 60 rules.
    assert.deepEqual(
      rules(graph, INGRESS).filter(([name]) => String(name).startsWith("compute-alb-in")),
      [
        [
          "compute-alb-in-443",
          "compute-alb-id",
          443,
          443,
          "pl-offline-com.amazonaws.global.cloudfront.origin-facing",
        ],
      ],
    );
    assert.equal(
      graph.outputs.compute && (graph.outputs.compute as { url: string }).url,
      "https://app.example.org",
    );
  });

  it("orders rules longest path first, each path itself and below", () => {
    assert.deepEqual(
      ours(graph, RULE)
        .map((r) => [r.name, r.inputs.listenerArn, r.inputs.priority, r.inputs.conditions])
        .sort((a, b) => Number(a[2]) - Number(b[2])),
      [
        [
          "compute-web",
          "arn:aws:lb:eu-west-1:123456789012:compute-https",
          10,
          [{ pathPattern: { values: ["/api/web", "/api/web/*"] } }],
        ],
        [
          "compute-docs",
          "arn:aws:lb:eu-west-1:123456789012:compute-https",
          20,
          [{ pathPattern: { values: ["/docs", "/docs/*"] } }],
        ],
        [
          "compute-api",
          "arn:aws:lb:eu-west-1:123456789012:compute-https",
          30,
          [{ pathPattern: { values: ["/api", "/api/*"] } }],
        ],
      ],
    );
  });

  it("serves every public path through the distribution, in the load balancer's order", () => {
    const d = findResource(graph, "aws:cloudfront/distribution:Distribution", "cdn-distribution");
    assert.deepEqual(
      (d.inputs.orderedCacheBehaviors as { pathPattern: string }[]).map((b) => b.pathPattern),
      ["/api/web", "/api/web/*", "/docs", "/docs/*", "/api", "/api/*"],
    );
  });

  it("builds into an ECR repository with scan on push, immutable tags and a lifecycle policy", () => {
    const repository = findResource(graph, "aws:ecr/repository:Repository", "compute-api");
    assert.deepEqual(repository.inputs.imageScanningConfiguration, { scanOnPush: true });
    assert.equal(repository.inputs.imageTagMutability, "IMMUTABLE");
    assert.equal(repository.protect, true);
    const lifecycle = JSON.parse(
      findResource(graph, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "compute-api").inputs.policy as string,
    );
    assert.deepEqual(
      lifecycle.rules.map((r: { selection: { tagStatus: string; countNumber: number } }) => [
        r.selection.tagStatus,
        r.selection.countNumber,
      ]),
      [
        ["untagged", 1],
        ["any", 30],
      ],
    );
    const image = findResource(graph, "awsx:ecr:Image", "compute-api");
    assert.deepEqual(image.inputs, {
      repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/strata-prod-api",
      context: "./services/api",
      imageTag: "2024.11.1",
      args: {},
      platform: "linux/amd64",
    });
    assert.equal(
      container(graph, "api").image,
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/strata-prod-api:2024.11.1",
    );
  });

  it("lets the api pull only its own repository and read only its own secret; `*` only where AWS requires it", () => {
    const api = statements(graph, "compute-api-execution");
    assert.deepEqual(api, [
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:cloudwatch:eu-west-1:123456789012:compute-api:log-stream:*",
      },
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullOwnImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: "arn:aws:ecr:eu-west-1:123456789012:compute-api",
      },
      {
        Sid: "ReadOwnSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: ["arn:aws:secretsmanager:eu-west-1:123456789012:compute-secret-API_TOKEN"],
      },
      {
        Sid: "DecryptOwnSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "arn:aws:kms:eu-west-1:123456789012:compute-secrets-key",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
      },
    ]);
    // The web service reads no stack secret: no decrypt grant on the key.
    assert.ok(!statements(graph, "compute-web-execution").some((s) => s.Sid === "DecryptOwnSecrets"));
    for (const statement of [...api, ...statements(graph, "compute-web-execution")]) {
      const actions = [statement.Action].flat();
      assert.ok(
        actions.every((a) => !a.includes("*")),
        statement.Sid,
      );
      if ([statement.Resource].flat().includes("*")) assert.deepEqual(actions, ["ecr:GetAuthorizationToken"]);
    }
  });

  it("keeps the secret's value secret, creates one only for the secrets a service reads", () => {
    const versions = ours(graph, "aws:secretsmanager/secretVersion:SecretVersion");
    assert.deepEqual(
      versions.map((v) => [v.name, v.inputs.secretString, v.secretInputs]),
      [["compute-secret-API_TOKEN", "[secret]", ["secretString"]]],
    );
    const secret = findResource(graph, "aws:secretsmanager/secret:Secret", "compute-secret-API_TOKEN");
    assert.equal(secret.inputs.recoveryWindowInDays, 30);
    // A key of the stack's own (Checkov CKV_AWS_149), rotated (CKV_AWS_7), protected in prod.
    assert.equal(secret.inputs.kmsKeyId, "arn:aws:kms:eu-west-1:123456789012:compute-secrets-key");
    const key = findResource(graph, "aws:kms/key:Key", "compute-secrets-key");
    assert.deepEqual([key.inputs.enableKeyRotation, key.protect, key.retainOnDelete], [true, true, true]);
    assert.deepEqual(container(graph, "api").secrets, [
      {
        name: "API_TOKEN",
        valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:compute-secret-API_TOKEN",
      },
    ]);
    assert.ok(!JSON.stringify(graph).includes("Xq9-api-token-plaintext"));
  });
});
