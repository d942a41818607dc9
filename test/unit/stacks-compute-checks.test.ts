import assert from "node:assert/strict";
import { computeProblems, fargateMemoryFits, routeKey } from "../../stacks/compute-checks";

// The compute rules that span settings (stacks/compute-checks.ts), called directly on a merged stack: each
// problem in full (setting, expected, found), and the nearest valid input on the other side of each limit.

type Loose = Record<string, unknown>;

/** A service that breaks no rule on its own (image only, no route, no calls). */
const service = (extra: Loose = {}): Loose => ({ name: "api", image: "ghcr.io/org/api:1", ...extra });
const problemsOf = (stack: Loose) => computeProblems(stack);

describe("compute checks: Fargate CPU and memory pairs", () => {
  // Each CPU size with its smallest and largest memory and its step (AWS's table of task sizes).
  const ranges: [cpu: number, min: number, max: number, step: number][] = [
    [512, 1024, 4096, 1024],
    [1024, 2048, 8192, 1024],
    [2048, 4096, 16384, 1024],
    [4096, 8192, 30720, 1024],
    [8192, 16384, 61440, 4096],
    [16384, 32768, 122880, 8192],
  ];

  it("accepts each range's limits and steps, and refuses one step outside and off-step sizes", () => {
    for (const [cpu, min, max, step] of ranges) {
      assert.equal(fargateMemoryFits(cpu, min), true, `${cpu}/${min}`);
      assert.equal(fargateMemoryFits(cpu, min + step), true, `${cpu}/${min + step}`);
      assert.equal(fargateMemoryFits(cpu, max), true, `${cpu}/${max}`);
      assert.equal(fargateMemoryFits(cpu, min - step), false, `${cpu}/${min - step}`);
      assert.equal(fargateMemoryFits(cpu, min - 1), false, `${cpu}/${min - 1}`);
      assert.equal(fargateMemoryFits(cpu, max + step), false, `${cpu}/${max + step}`);
      assert.equal(fargateMemoryFits(cpu, max + 1), false, `${cpu}/${max + 1}`);
      assert.equal(fargateMemoryFits(cpu, min + step / 2), false, `${cpu}/${min + step / 2}`);
    }
  });

  it("accepts exactly the three sizes of the smallest CPU", () => {
    for (const memory of [512, 1024, 2048]) assert.equal(fargateMemoryFits(256, memory), true, `${memory}`);
    for (const memory of [256, 768, 1536, 3072, 4096]) assert.equal(fargateMemoryFits(256, memory), false);
  });

  it("leaves a CPU size Fargate does not have to the schema", () => {
    assert.equal(fargateMemoryFits(300, 1), true);
  });

  it("reports a memory that does not pair with the CPU, with the sizes that would", () => {
    const stack = {
      services: [
        service({ name: "a", cpu: 512, memory: 512 }),
        service({ name: "b", cpu: 256, memory: 4096 }),
        service({ name: "c", cpu: 8192, memory: 16385 }),
      ],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[0].memory",
        expected: "a memory size that Fargate pairs with cpu 512: 1024 to 4096 in steps of 1024 MiB",
        found: "512",
      },
      {
        setting: "services[1].memory",
        expected: "a memory size that Fargate pairs with cpu 256: 512, 1024, 2048 MiB",
        found: "4096",
      },
      {
        setting: "services[2].memory",
        expected: "a memory size that Fargate pairs with cpu 8192: 16384 to 61440 in steps of 4096 MiB",
        found: "16385",
      },
    ]);
  });

  it("takes 256 CPU units and 512 MiB when a service sets neither (or sets them as text)", () => {
    assert.deepEqual(problemsOf({ services: [service()] }), []);
    assert.deepEqual(problemsOf({ services: [service({ memory: 2048 })] }), []);
    assert.deepEqual(problemsOf({ services: [service({ cpu: "4096", memory: 1024 })] }), []);
    assert.deepEqual(problemsOf({ services: [service({ cpu: 512 })] }), [
      {
        setting: "services[0].memory",
        expected: "a memory size that Fargate pairs with cpu 512: 1024 to 4096 in steps of 1024 MiB",
        found: "512",
      },
    ]);
    assert.deepEqual(problemsOf({ services: [service({ memory: 3072 })] }), [
      {
        setting: "services[0].memory",
        expected: "a memory size that Fargate pairs with cpu 256: 512, 1024, 2048 MiB",
        found: "3072",
      },
    ]);
    assert.deepEqual(problemsOf({ services: [service({ cpu: 1024, memory: "512" })] }), [
      {
        setting: "services[0].memory",
        expected: "a memory size that Fargate pairs with cpu 1024: 2048 to 8192 in steps of 1024 MiB",
        found: "512",
      },
    ]);
  });
});

describe("compute checks: names, routes and the image source", () => {
  it("keys a route by host (any when unset) and path (/ when unset)", () => {
    assert.equal(routeKey({}), "*/");
    assert.equal(routeKey({ host: "api.example.org", path: "/v1" }), "api.example.org/v1");
    assert.equal(routeKey({ host: 7, path: 8 }), "*/");
  });

  it("reports a second service of a name, pointing at the first", () => {
    const stack = { services: [service({ name: "a" }), service({ name: "b" }), service({ name: "a" })] };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[2].name",
        expected: "a name no other service has (services[0] is already a)",
        found: '"a"',
      },
    ]);
  });

  it("leaves names the schema refuses (or that are missing) to the schema", () => {
    const stack = {
      services: [
        service({ name: undefined }),
        service({ name: undefined }),
        service({ name: "Bad" }),
        service({ name: "Bad" }),
      ],
    };
    assert.deepEqual(problemsOf(stack), []);
  });

  it("reports a route another service claims, and only a route that is a map", () => {
    const stack = {
      services: [
        service({ name: "a", route: { path: "/api" } }),
        service({ name: "b", route: "/api" }),
        service({ name: "c", route: "/api" }),
        service({ name: "d", route: { path: "/other" } }),
        service({ name: "e", route: { path: "/api" } }),
      ],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[4].route",
        expected: "a host and path no other service claims (services[0] already routes */api)",
        found: '"*/api"',
      },
    ]);
  });

  it("reports a service with both image and build, or with neither", () => {
    const stack = {
      services: [
        service({ name: "a", build: { context: "." } }),
        { name: "b" },
        { name: "c", build: { context: "." } },
      ],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[0].image",
        expected: "either image (a prebuilt image) or build (built from source), not both",
        found: "both image and build",
      },
      {
        setting: "services[1].image",
        expected: "either image (a prebuilt image) or build (built from source), not both",
        found: "nothing",
      },
    ]);
  });

  it("reads services only from a list, and an entry that is not a map as an empty service", () => {
    assert.deepEqual(problemsOf({ services: { a: service() } }), []);
    assert.deepEqual(problemsOf({ services: ["api"] }), [
      {
        setting: "services[0].image",
        expected: "either image (a prebuilt image) or build (built from source), not both",
        found: "nothing",
      },
    ]);
  });
});

describe("compute checks: replicas", () => {
  const replicas = (min: unknown, max: unknown) =>
    problemsOf({ services: [service({ replicas: { min, max } })] });

  it("reports a minimum above the maximum, and accepts them equal", () => {
    assert.deepEqual(replicas(3, 2), [
      { setting: "services[0].replicas.min", expected: "at most replicas.max (2)", found: "3" },
    ]);
    assert.deepEqual(replicas(2, 2), []);
    assert.deepEqual(replicas(1, 2), []);
  });

  it("compares only counts from 1 to 100, which the schema checks", () => {
    assert.deepEqual(replicas(100, 1), [
      { setting: "services[0].replicas.min", expected: "at most replicas.max (1)", found: "100" },
    ]);
    assert.deepEqual(replicas(101, 1), []);
    assert.deepEqual(replicas(2, 0), []);
    assert.deepEqual(replicas("3", 2), []);
    assert.deepEqual(replicas(3, undefined), []);
    assert.deepEqual(problemsOf({ services: [service({ replicas: [3, 2] })] }), []);
  });
});

describe("compute checks: secrets and calls", () => {
  it("reports a secret the stack does not define, naming those it does", () => {
    const stack = {
      secrets: { dbPassword: "x", apiKey: "y" },
      services: [service({ secrets: { DB: "dbPassword", TOKEN: "token", NUMBER: 7 } })],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[0].secrets.TOKEN",
        expected:
          "the name of a stack secret (one of dbPassword, apiKey; add one with pulumi config set --secret --path secrets.token <value>)",
        found: '"token"',
      },
    ]);
  });

  it("says when the stack defines no secret at all", () => {
    for (const secrets of [undefined, "plain", {}]) {
      assert.deepEqual(problemsOf({ secrets, services: [service({ secrets: { TOKEN: "token" } })] }), [
        {
          setting: "services[0].secrets.TOKEN",
          expected:
            "the name of a stack secret (none is defined; add one with pulumi config set --secret --path secrets.token <value>)",
          found: '"token"',
        },
      ]);
    }
    assert.deepEqual(problemsOf({ services: [service({ secrets: ["token"] })] }), []);
  });

  it("accepts calls to other internal services and reports calls to itself, routed or unknown ones", () => {
    const stack = {
      services: [
        service({ name: "web", route: { path: "/" }, calls: ["api", "worker", "web", 5] }),
        service({ name: "api", calls: ["worker", "api", "nobody"] }),
        service({ name: "worker" }),
      ],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[0].calls[2]",
        expected: "the name of another internal service (api, worker)",
        found: '"web"',
      },
      {
        setting: "services[1].calls[1]",
        expected: "the name of another internal service (worker)",
        found: '"api"',
      },
      {
        setting: "services[1].calls[2]",
        expected: "the name of another internal service (worker)",
        found: '"nobody"',
      },
    ]);
    assert.deepEqual(
      problemsOf({
        services: [
          service({ name: "web", route: { path: "/" }, calls: ["web"] }),
          service({ name: "api", calls: "web" }),
        ],
      }),
      [
        {
          setting: "services[0].calls[0]",
          expected: "the name of another internal service (api)",
          found: '"web"',
        },
      ],
    );
  });

  it("lists the internal services a call may name, and says when there is none", () => {
    const stack = {
      services: [
        service({ name: "web", route: { path: "/" }, calls: ["db"] }),
        service({ name: "a" }),
        service({ name: "Bad!" }),
        service({ name: "b" }),
      ],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "services[0].calls[0]",
        expected: "the name of another internal service (a, b)",
        found: '"db"',
      },
    ]);
    assert.deepEqual(problemsOf({ services: [service({ name: "solo", calls: ["other"] })] }), [
      {
        setting: "services[0].calls[0]",
        expected: "the name of another internal service (there is none)",
        found: '"other"',
      },
    ]);
  });
});

describe("compute checks: settings of each target", () => {
  const providers = (capacityProviders: unknown) =>
    problemsOf({ compute: { aws: { capacityProviders } }, services: [] });

  it("reports capacity-provider weights that are both 0, and only both", () => {
    assert.deepEqual(providers({ fargate: 0, fargateSpot: 0 }), [
      {
        setting: "compute.aws.capacityProviders",
        expected: "a weight above 0 for fargate or fargateSpot",
        found: "both 0",
      },
    ]);
    assert.deepEqual(providers({ fargate: 1, fargateSpot: 0 }), []);
    assert.deepEqual(providers({ fargate: 0, fargateSpot: 1 }), []);
    assert.deepEqual(providers({ fargate: 0 }), []);
    assert.deepEqual(providers({ fargateSpot: 0 }), []);
  });

  it("needs a registry on kubernetes when a service is built from source", () => {
    const built = { services: [{ name: "api", build: { context: "." } }] };
    const problem = {
      setting: "compute.kubernetes.registry",
      expected: "an image registry to push the services' `build` images to, such as ghcr.io/example",
      found: "nothing",
    };
    assert.deepEqual(problemsOf({ ...built, target: "kubernetes" }), [problem]);
    assert.deepEqual(problemsOf({ ...built, target: "kubernetes", compute: "none" }), [problem]);
    assert.deepEqual(
      problemsOf({ ...built, target: "kubernetes", compute: { kubernetes: { registry: "ghcr.io/o" } } }),
      [],
    );
    assert.deepEqual(problemsOf({ services: [service()], target: "kubernetes" }), []);
    assert.deepEqual(
      problemsOf({ services: [service({ name: "web" }), ...built.services], target: "kubernetes" }),
      [problem],
    );
    assert.deepEqual(
      problemsOf({ ...built, target: "aws" }).filter((p) => p.setting === problem.setting),
      [],
    );
  });

  it("needs exactly one of a TLS Secret and a cluster issuer", () => {
    const tls = (value: unknown) => problemsOf({ compute: { kubernetes: { tls: value } }, services: [] });
    const problem = (found: string) => [
      { setting: "compute.kubernetes.tls", expected: "either secretName or clusterIssuer", found },
    ];
    assert.deepEqual(tls({}), problem("neither"));
    assert.deepEqual(tls({ secretName: "s", clusterIssuer: "i" }), problem("both"));
    assert.deepEqual(tls({ secretName: "s" }), []);
    assert.deepEqual(tls({ clusterIssuer: "i" }), []);
    assert.deepEqual(tls("letsencrypt"), []);
  });
});

describe("compute checks: what ECS on Fargate cannot do (aws only)", () => {
  const onAws = (services: Loose[], capacityProviders?: Loose) =>
    problemsOf({ target: "aws", compute: { aws: { capacityProviders } }, services });

  it("refuses ARM64 tasks when FARGATE_SPOT has weight", () => {
    const arm = service({ aws: { cpuArchitecture: "ARM64" } });
    assert.deepEqual(onAws([arm], { fargate: 1, fargateSpot: 2 }), [
      {
        setting: "services[0].aws.cpuArchitecture",
        expected:
          "X86_64 for service api, or compute.aws.capacityProviders.fargateSpot 0: ECS runs Linux ARM64 tasks on FARGATE only, never on FARGATE_SPOT",
        found: "ARM64 with compute.aws.capacityProviders.fargateSpot 2",
      },
    ]);
    assert.equal(
      onAws([{ ...arm, name: "Bad" }], { fargateSpot: 1 })[0]?.expected.startsWith("X86_64 for service ?,"),
      true,
    );
    assert.deepEqual(onAws([arm], { fargate: 1, fargateSpot: 0 }), []);
    assert.deepEqual(onAws([arm], { fargate: 1, fargateSpot: "2" }), []);
    assert.deepEqual(onAws([arm]), []);
    assert.deepEqual(onAws([service({ aws: { cpuArchitecture: "X86_64" } })], { fargateSpot: 2 }), []);
    assert.deepEqual(
      problemsOf({
        target: "kubernetes",
        compute: { aws: { capacityProviders: { fargateSpot: 2 } } },
        services: [arm],
      }),
      [],
    );
  });

  it("refuses a route by host, and a route without a path below /", () => {
    assert.deepEqual(onAws([service({ route: { host: "api.example.org", path: "/api" } })]), [
      {
        setting: "services[0].route.host",
        expected:
          "no host on aws for service api: CloudFront, the only way in, routes by path (route.path such as /api)",
        found: "api.example.org",
      },
    ]);
    const pathProblem = (found: string, name = "api") => ({
      setting: "services[0].route.path",
      expected: `a path below / on aws for service ${name}, such as /api: the site answers / on the CDN`,
      found,
    });
    assert.deepEqual(onAws([service({ route: {} })]), [pathProblem("nothing")]);
    assert.deepEqual(onAws([service({ route: { path: 4 } })]), [pathProblem("nothing")]);
    assert.deepEqual(onAws([service({ route: { path: "/" } })]), [pathProblem("/")]);
    assert.deepEqual(onAws([service({ name: "X", route: { path: "/" } })]), [pathProblem("/", "?")]);
    assert.deepEqual(onAws([service({ route: { path: "/api", host: 3 } })]), []);
    assert.deepEqual(onAws([service({ route: "/" })]), []);
    assert.deepEqual(
      problemsOf({ target: "kubernetes", services: [service({ route: { host: "a.org" } })] }),
      [],
    );
  });

  it("names the service by ? in the host problem when its name is not valid", () => {
    assert.deepEqual(onAws([service({ name: "X", route: { host: "a.org", path: "/a" } })]), [
      {
        setting: "services[0].route.host",
        expected:
          "no host on aws for service ?: CloudFront, the only way in, routes by path (route.path such as /api)",
        found: "a.org",
      },
    ]);
  });
});

describe("compute checks: backing layers the services use", () => {
  it("reports a layer a service uses that the stack lacks, and only known layers", () => {
    const stack = {
      cache: { mode: "managed" },
      services: [
        service({ uses: ["database", "cache", "queue"] }),
        service({ name: "X", uses: ["database"] }),
        service({ name: "b", uses: "database" }),
      ],
    };
    assert.deepEqual(problemsOf(stack), [
      {
        setting: "database",
        expected: "a database section, because services[0] (api) uses the database",
        found: "nothing",
      },
      {
        setting: "database",
        expected: "a database section, because services[1] (?) uses the database",
        found: "nothing",
      },
    ]);
  });
});
