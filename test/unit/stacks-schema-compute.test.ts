import assert from "node:assert/strict";
import {
  CPU_UNITS,
  computeSection,
  computeShape,
  isPinnedImage,
  isPinnedTag,
  serviceName,
  serviceSchema,
} from "../../stacks/schema/compute";
import { assertSetting, issueMessages, problemsAt, shapeOf, unwrap } from "../support/schema-cases";

const service = serviceSchema.shape;
const DIGEST = "a".repeat(64);

describe("the compute settings (stacks/schema/compute.ts)", () => {
  it("a service name is 1 to 30 lower-case letters, digits and '-', from a letter to an alphanumeric", () => {
    assertSetting(serviceName, {
      phrase:
        "a service name: lower-case letters, digits and '-', at most 30 characters, starting with a letter",
      good: ["a", "ab", "a1", "a-1", "a--b", `a${"x".repeat(28)}9`],
      bad: [`a${"x".repeat(29)}9`, "1a", "a-", "-a", "A", "aB", "a_b", "a.b", "", " a", 1],
    });
  });

  it("a tag is pinned when it names one build: 1 to 128 of A-Za-z0-9_.- from a letter, digit or _, not latest", () => {
    for (const tag of ["1", "v1.4.2", "_a", "A-b.c_9", `a${"x".repeat(127)}`, "latest1", "Latest"]) {
      assert.equal(isPinnedTag(tag), true, tag);
    }
    for (const tag of ["", "latest", ".a", "-a", "a:b", "a/b", "a b", `a${"x".repeat(128)}`]) {
      assert.equal(isPinnedTag(tag), false, tag);
    }
  });

  it("an image is a well-formed reference pinned by a tag or a sha256 digest, and never has spaces", () => {
    for (const image of [
      "api:1.0",
      "ghcr.io/org/api:1.4.2",
      "localhost:5000/api:1.0",
      `ghcr.io/org/api@sha256:${DIGEST}`,
      `ghcr.io/org/api:1.4.2@sha256:${"0123456789abcdef".repeat(4)}`,
      // A registry's host in any case, with a port; path parts joined by '.', '_', '__' or hyphens.
      "Registry.Example:5000/team/app:v1",
      "myhost:5000/api:1",
      "localhost/api:1",
      "org/api:1",
      "ghcr.io/a.b-c__d/e---f:1",
      `${"a".repeat(255)}:1`,
    ]) {
      assert.equal(isPinnedImage(image), true, image);
    }
    for (const image of [
      "api",
      "api:latest",
      "ghcr.io/org/api",
      "localhost:5000/api",
      "ghcr.io/org/:1.0",
      "ghcr.io/org/api:",
      `ghcr.io/org/api:1.4.2@sha256:${"a".repeat(63)}`,
      `ghcr.io/org/api:1.4.2@sha256:${"A".repeat(64)}`,
      `ghcr.io/org/api:1.4.2@sha256:${DIGEST}g`,
      `ghcr.io/org/api:1.4.2@sha256:${DIGEST}a`,
      "ghcr.io/org/api:1.0 ",
      " api:1.0",
      "api :1.0",
      `ghcr.io/org/api:1.4.2@sha256:${DIGEST} `,
      // Malformed: no repository, empty or upper-case path parts, a separator at a part's edge, too long.
      `@sha256:${DIGEST}`,
      "ghcr.io//api:1.0",
      "/api:1.0",
      "ghcr.io/org/api/:1.0",
      "ghcr.io/Org/api:1.0",
      "Org/api:1.0",
      "API:1.0",
      "-api:1.0",
      "api-:1.0",
      "a___b:1.0",
      "api:1.0:2",
      `${"a".repeat(256)}:1`,
      "my_host:5000/api:1",
    ]) {
      assert.equal(isPinnedImage(image), false, image);
    }
    assertSetting(service.image, {
      phrase:
        "an image reference (its repository in lower case) with a pinned tag or digest, such as ghcr.io/org/api:1.4.2 (not latest)",
      good: [undefined, "api:1.0"],
      bad: ["api:latest", 5],
    });
  });

  it("a build has a context, a pinned tag and named arguments", () => {
    const build = shapeOf(service.build);
    assertSetting(build.context, {
      phrase: "a build context directory",
      good: ["api"],
      bad: ["", undefined],
    });
    assertSetting(build.dockerfile, {
      phrase: "a Dockerfile path",
      good: [undefined, "Dockerfile.prod"],
      bad: [""],
    });
    assertSetting(build.tag, {
      phrase: "an image tag that names one build (not latest)",
      good: ["1.0"],
      bad: ["latest"],
    });
    assert.deepEqual(issueMessages(build.tag, ".a"), [
      "an image tag of letters, digits, '_', '.' and '-'",
      "an image tag that names one build (not latest)",
    ]);
    assertSetting(build.args, { phrase: "a build argument name", good: [{ A: "1" }], bad: [{ "": "1" }] });
    assertSetting(build.args, { phrase: "a string", good: [{ A: "" }], bad: [{ A: 1 }] });
    assert.deepEqual(unwrap(service.build).parse({ context: "api", tag: "1.0" }), {
      context: "api",
      tag: "1.0",
      args: {},
    });
  });

  it("ports, CPU and memory have Fargate's limits, every CPU size included", () => {
    assertSetting(service.port, {
      phrase: "a whole number from 1 to 65535",
      good: [1, 65535],
      bad: [0, 65536],
    });
    assertSetting(service.cpu, {
      phrase: "one of 256, 512, 1024, 2048, 4096, 8192, 16384 (CPU units, 1024 = 1 vCPU)",
      good: [...CPU_UNITS],
      bad: [128, 255, 300, 768, 32768, "256", null],
    });
    assertSetting(service.memory, {
      phrase: "a whole number from 512 to 122880",
      good: [512, 122880],
      bad: [511, 122881],
    });
    const replicas = shapeOf(service.replicas);
    for (const bound of [replicas.min, replicas.max]) {
      assertSetting(bound, { phrase: "a whole number from 1 to 100", good: [1, 100], bad: [0, 101] });
    }
    const autoscaling = shapeOf(service.autoscaling);
    assertSetting(autoscaling.cpuPercent, {
      phrase: "a whole number from 10 to 95",
      good: [10, 95],
      bad: [9, 96],
    });
    assertSetting(autoscaling.requestsPerTarget, {
      phrase: "a whole number from 1 to 100000",
      good: [1, 100000],
      bad: [0, 100001],
    });
  });

  it("commands, arguments, variables and secrets are lists and maps of the right strings", () => {
    assertSetting(service.command, {
      phrase: "a list of strings",
      good: [["node", "server.js"]],
      bad: ["node server.js"],
    });
    assertSetting(service.command, { phrase: "a command word", good: [], bad: [[""]] });
    assertSetting(service.args, { phrase: "a list of strings", good: [["", "--port"]], bad: ["--port"] });
    assertSetting(service.args, { phrase: "a string", good: [], bad: [[1]] });
    const envName = "an environment variable name of letters, digits and '_'";
    assertSetting(service.env, {
      phrase: envName,
      good: [{ A: "" }, { _: "x" }, { a9_Z: "x" }, { LOG_LEVEL: "debug" }],
      bad: [{ "9A": "x" }, { "A-B": "x" }, { "": "x" }, { "A B": "x" }, { "A!": "x" }],
    });
    assertSetting(service.env, { phrase: "a string", good: [], bad: [{ A: 1 }] });
    assertSetting(service.env, { phrase: "a map of names to values", good: [{}], bad: [["A"]] });
    assertSetting(service.secrets, { phrase: envName, good: [{ TOKEN: "token" }], bad: [{ "1T": "token" }] });
    assertSetting(service.secrets, { phrase: "the name of a stack secret", good: [], bad: [{ TOKEN: "" }] });
    assertSetting(service.secrets, {
      phrase: "a map of variable names to secret names",
      good: [],
      bad: ["TOKEN"],
    });
  });

  it("a route has a lower-case host with a real top-level domain and a path prefix without a trailing '/'", () => {
    const route = shapeOf(service.route);
    assertSetting(route.host, {
      phrase: "a lower-case DNS host name such as api.example.org",
      good: [
        "a.io",
        "api.example.org",
        "x-1.a9.org",
        `${"a".repeat(63)}.org`,
        `a.${"b".repeat(63)}`,
        `${"a.".repeat(125)}abc`,
      ],
      bad: [
        "localhost",
        "a.b",
        "a.c0",
        "-a.org",
        "a-.org",
        "A.org",
        "a..org",
        ".a.org",
        "a.org.",
        "a_b.org",
        `${"a".repeat(64)}.org`,
        `a.${"b".repeat(64)}`,
        `${"a.".repeat(125)}abcd`,
        "a.org x",
      ],
    });
    const phrase = "a path prefix starting with '/', without a trailing '/' or wildcards, such as /api";
    assertSetting(route.path, {
      phrase,
      good: ["/", "/api", "/a/b", "/A.b_~-9", "/v1/api/x"],
      bad: ["api", "/api/", "//", "/a*", "/a//b", "", "/a b", "x/api", "/api x"],
    });
    assertSetting(service.healthCheckPath, { phrase, good: ["/healthz"], bad: ["healthz"] });
    assertSetting(shapeOf(service.kubernetes).livenessPath, {
      phrase,
      good: [undefined, "/live"],
      bad: ["/live/"],
    });
  });

  it("a minimal service gets the documented defaults", () => {
    assert.deepEqual(serviceSchema.parse({ name: "api", image: "api:1.0", port: 80 }), {
      name: "api",
      image: "api:1.0",
      port: 80,
      cpu: 256,
      memory: 512,
      replicas: { min: 1, max: 1 },
      autoscaling: { cpuPercent: 70 },
      env: {},
      secrets: {},
      healthCheckPath: "/healthz",
      readOnlyRootFilesystem: true,
      uses: [],
      calls: [],
      aws: { cpuArchitecture: "X86_64", healthCheckGracePeriodSeconds: 30 },
      kubernetes: {
        automountServiceAccountToken: false,
        runAsUser: 10001,
        secretsAsFiles: false,
        egress: [],
      },
    });
    // Sections given empty get the same defaults from their own settings.
    const given = serviceSchema.parse({
      name: "api",
      image: "api:1.0",
      port: 80,
      autoscaling: {},
      aws: {},
      kubernetes: {},
    });
    assert.deepEqual(given.autoscaling, { cpuPercent: 70 });
    assert.deepEqual(given.aws, { cpuArchitecture: "X86_64", healthCheckGracePeriodSeconds: 30 });
    assert.deepEqual(given.kubernetes, {
      automountServiceAccountToken: false,
      runAsUser: 10001,
      secretsAsFiles: false,
      egress: [],
    });
  });

  it("links to layers and services, and each target's own settings, are checked", () => {
    assertSetting(service.uses, {
      phrase: "a list of backing layers",
      good: [["database", "cache"]],
      bad: ["database"],
    });
    assert.match(issueMessages(service.uses, ["queue"])[0], /^one of database, cache/);
    assertSetting(service.calls, { phrase: "a list of service names", good: [["worker"]], bad: ["worker"] });
    assert.match(issueMessages(service.calls, ["Worker"])[0], /^a service name/);
    assertSetting(service.readOnlyRootFilesystem, { phrase: "true or false", good: [false], bad: ["true"] });
    const aws = shapeOf(service.aws);
    assertSetting(aws.cpuArchitecture, {
      phrase: "one of X86_64, ARM64",
      good: ["ARM64", "X86_64"],
      bad: ["arm64"],
    });
    assertSetting(aws.healthCheckGracePeriodSeconds, {
      phrase: "a whole number from 0 to 2147483647",
      good: [0, 2147483647],
      bad: [-1, 2147483648],
    });
    const kubernetes = shapeOf(service.kubernetes);
    assertSetting(kubernetes.runAsUser, {
      phrase: "a whole number from 1 to 2147483647",
      good: [1, 2147483647],
      bad: [0, 2147483648],
    });
    assertSetting(kubernetes.automountServiceAccountToken, {
      phrase: "true or false",
      good: [true],
      bad: [1],
    });
    assertSetting(kubernetes.secretsAsFiles, { phrase: "true or false", good: [true], bad: [1] });
    assertSetting(kubernetes.egress, { phrase: "a list of CIDR blocks and ports", good: [[]], bad: [{}] });
    assertSetting(computeShape.services, { phrase: "a list of services", good: [[]], bad: [{}] });
    assert.deepEqual(computeShape.services.parse(undefined), []);
  });

  it("the compute layer's own settings: capacity weights, the domain and its zone, the cluster's registry and TLS", () => {
    const aws = shapeOf(computeSection.shape.aws);
    const weights = shapeOf(aws.capacityProviders);
    for (const weight of [weights.fargate, weights.fargateSpot]) {
      assertSetting(weight, { phrase: "a whole number from 0 to 1000", good: [0, 1000], bad: [-1, 1001] });
    }
    const domain = shapeOf(aws.domain);
    assert.deepEqual(issueMessages(domain.name, "api.example.org"), []);
    assert.deepEqual(issueMessages(domain.name, "api"), [
      "a lower-case DNS host name such as api.example.org",
    ]);
    assertSetting(domain.hostedZoneId, {
      phrase: "a Route 53 hosted zone id such as Z0123456789ABC",
      good: ["Z1", "ZA", `Z${"A".repeat(31)}`, "Z0123456789EXAMPLE"],
      bad: ["Z", `Z${"A".repeat(32)}`, "z1", "A1", "Z1a", "xZ1", "Z1-", "Z 1"],
    });
    const loadBalancer = shapeOf(aws.loadBalancer);
    for (const setting of [loadBalancer.deletionProtection, loadBalancer.accessLogs]) {
      assertSetting(setting, { phrase: "true or false", good: [true], bad: [null] });
    }
    const kubernetes = shapeOf(computeSection.shape.kubernetes);
    assertSetting(kubernetes.registry, {
      phrase: "an image registry such as ghcr.io/example",
      good: [undefined, "ghcr.io/x"],
      bad: [""],
    });
    assertSetting(kubernetes.allowTaggedImages, { phrase: "true or false", good: [false], bad: [undefined] });
    assertSetting(kubernetes.imagePullSecret, { phrase: "a Secret name", good: ["pull"], bad: [""] });
    const tls = shapeOf(kubernetes.tls);
    assertSetting(tls.secretName, { phrase: "a Secret name", good: ["tls"], bad: [""] });
    assertSetting(tls.clusterIssuer, {
      phrase: "a cert-manager ClusterIssuer name",
      good: ["letsencrypt"],
      bad: [""],
    });
  });

  it("a stack file's bad service value is reported with its place in the list", () => {
    assert.deepEqual(
      problemsAt("dev", { override: { services: [{ name: "api", image: "api:1.0", port: 0 }] } }, "services"),
      [{ setting: "services[0].port", expected: "a whole number from 1 to 65535", found: "0" }],
    );
  });
});
