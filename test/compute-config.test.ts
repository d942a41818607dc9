import { strict as assert } from "node:assert";
import { configErrorOf } from "./support/harness";
import { computeProblems, fargateMemoryFits } from "../stacks/compute-checks";
import { routeOrder, type ServicePlan } from "../components/compute/plan";
import { serviceSchema } from "../stacks/schema/compute";
import { isPinnedImage } from "../stacks/schema/compute";
import fc from "fast-check";

const api = { name: "api", image: "ghcr.io/example/api:1.0.0", port: 8080, route: { path: "/api" } };
const worker = { name: "worker", image: "ghcr.io/example/worker:1.0.0", port: 9000 };

/** The problems of a dev stack whose services (and other settings) are replaced. */
async function problemsOf(override: Record<string, unknown>, target?: "aws" | "kubernetes") {
  const { error, graph } = await configErrorOf("dev", { override, target, secretKeys: ["secrets"] });
  assert.equal(graph.resources.filter((r) => r.custom).length, 0, "nothing is registered");
  return error.problems;
}

describe("compute: the services list is validated before anything is registered", () => {
  it("reports every problem of a bad list at once, each naming its setting", async () => {
    const problems = await problemsOf({
      secrets: { API_TOKEN: "x" },
      services: [
        { ...api, replicas: { min: 5, max: 2 }, secrets: { TOKEN: "API_TOKEN", DB: "db_password" } },
        { ...worker, name: "api", port: 70000, route: { path: "/api" } },
        { name: "web", port: 80, calls: ["api", "nobody"] },
      ],
    });
    assert.deepEqual(
      problems.map((p) => [p.setting, p.expected, p.found]),
      [
        ["services[1].port", "a whole number from 1 to 65535", "70000"],
        ["services[1].name", "a name no other service has (services[0] is already api)", '"api"'],
        [
          "services[1].route",
          "a host and path no other service claims (services[0] already routes */api)",
          '"*/api"',
        ],
        ["services[0].replicas.min", "at most replicas.max (2)", "5"],
        [
          "services[0].secrets.DB",
          "the name of a stack secret (one of API_TOKEN; add one with pulumi config set --secret --path secrets.db_password <value>)",
          '"db_password"',
        ],
        [
          "services[2].image",
          "either image (a prebuilt image) or build (built from source), not both",
          "nothing",
        ],
        ["services[2].calls[0]", "the name of another internal service (there is none)", '"api"'],
        ["services[2].calls[1]", "the name of another internal service (there is none)", '"nobody"'],
      ],
    );
  });

  it("rejects an unpinned or latest image, and a build tagged latest", async () => {
    const problems = await problemsOf({
      services: [
        { ...api, image: "ghcr.io/example/api" },
        { ...worker, image: "ghcr.io/example/worker:latest" },
        { name: "web", port: 80, build: { context: "./web", tag: "latest" } },
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.setting),
      ["services[0].image", "services[1].image", "services[2].build.tag"],
    );
    assert.match(problems[0].expected, /pinned tag or digest/);
  });

  it("rejects a memory size Fargate does not pair with the cpu, on both targets", async () => {
    for (const target of ["aws", "kubernetes"] as const) {
      const problems = await problemsOf({ services: [{ ...api, cpu: 256, memory: 4096 }] }, target);
      assert.deepEqual(problems, [
        {
          setting: "services[0].memory",
          expected: "a memory size that Fargate pairs with cpu 256: 512, 1024, 2048 MiB",
          found: "4096",
        },
      ]);
    }
  });

  it("rejects both capacity provider weights at 0, a build without a registry, two TLS sources", async () => {
    const problems = await problemsOf(
      {
        services: [{ name: "web", port: 80, build: { context: "./web", tag: "1.0.0" } }],
        compute: {
          aws: { capacityProviders: { fargate: 0, fargateSpot: 0 } },
          kubernetes: { tls: { secretName: "a", clusterIssuer: "b" } },
        },
      },
      "kubernetes",
    );
    assert.deepEqual(
      problems.map((p) => [p.setting, p.found]),
      [
        ["compute.aws.capacityProviders", "both 0"],
        ["compute.kubernetes.registry", "nothing"],
        ["compute.kubernetes.tls", "both"],
      ],
    );
  });

  it("names an unknown service setting and suggests the close one", async () => {
    const problems = await problemsOf({ services: [{ ...api, healthcheckPath: "/" }] });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].setting, "services[0].healthcheckPath");
    assert.match(problems[0].expected, /did you mean healthCheckPath\?/);
  });

  it("accepts exactly the Fargate cpu and memory pairs (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 512, max: 4096 }), (memory) => {
        assert.equal(fargateMemoryFits(512, memory), memory % 1024 === 0);
      }),
    );
    // AWS's table (Fargate task sizes), in GB: each CPU size, its smallest and largest memory and its step.
    const sizes: [cpu: number, min: number, max: number, step: number][] = [
      [1024, 2, 8, 1],
      [2048, 4, 16, 1],
      [4096, 8, 30, 1],
      [8192, 16, 60, 4],
      [16384, 32, 120, 8],
    ];
    // Memory at each edge of the range (one step and one MiB either side) and on or off the step inside it.
    const edge = fc
      .tuple(fc.constantFrom(...sizes), fc.constantFrom(-1024, -1, 0, 1, 1024), fc.boolean(), fc.nat(30))
      .map(([[cpu, min, max, step], offset, atMax, steps]) => ({
        cpu,
        memory: (atMax ? max : min) * 1024 + (atMax || offset !== 0 ? offset : steps * 512 * step),
        fits: (mib: number) => mib % (step * 1024) === 0 && mib >= min * 1024 && mib <= max * 1024,
      }));
    fc.assert(
      fc.property(edge, ({ cpu, memory, fits }) => {
        assert.equal(fargateMemoryFits(cpu, memory), fits(memory), `${cpu} CPU, ${memory} MiB`);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049, 1536), (memory) => {
        assert.equal(fargateMemoryFits(256, memory), [512, 1024, 2048].includes(memory), `${memory} MiB`);
      }),
    );
    assert.equal(fargateMemoryFits(16384, 122880), true);
    assert.equal(fargateMemoryFits(16384, 126976), false);
  });

  it("reports one duplicate-name and one duplicate-route problem per repeat, never for unique ones (property)", () => {
    const service = fc.record({
      name: fc.constantFrom("api", "web", "worker"),
      route: fc.option(
        fc.record({
          host: fc.option(fc.constantFrom("a.example.org", "b.example.org"), { nil: undefined }),
          path: fc.constantFrom("/", "/api"),
        }),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(service, { maxLength: 8 }), (services) => {
        const list = services.map((s) => ({ ...s, image: "ghcr.io/example/app:1.0.0", port: 8080 }));
        const problems = computeProblems({ services: list, secrets: {} });
        const names = new Set(list.map((s) => s.name));
        const routes = new Set(
          list.filter((s) => s.route).map((s) => `${s.route!.host ?? "*"}${s.route!.path}`),
        );
        const count = (suffix: string) => problems.filter((p) => p.setting.endsWith(suffix)).length;
        assert.equal(count(".name"), list.length - names.size);
        assert.equal(count(".route"), list.filter((s) => s.route).length - routes.size);
      }),
    );
  });

  it("orders public routes host-first and longest-path-first, each route once (property)", () => {
    const route = fc.record({
      host: fc.option(fc.constantFrom("a.example.org", "b.example.org"), { nil: undefined }),
      path: fc.option(fc.constantFrom("/api", "/api/v2", "/static"), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(fc.option(route, { nil: undefined }), { maxLength: 8 }), (routes) => {
        const plans = routes.map((r, i) => ({
          spec: serviceSchema.parse({
            name: `svc-${i}`,
            image: "ghcr.io/example/app:1.0.0",
            port: 8080,
            route: r,
          }),
          isPublic: r !== undefined,
        })) as unknown as ServicePlan[];
        const ordered = routeOrder(plans);
        assert.equal(ordered.length, routes.filter(Boolean).length);
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1].spec.route!, ordered[i].spec.route!];
          if (!a.host && b.host) assert.fail("a host route after a route for any host");
          if (Boolean(a.host) === Boolean(b.host))
            assert.ok((a.path ?? "/").length >= (b.path ?? "/").length);
        }
      }),
    );
  });

  it("takes a tag or digest as pinned, never latest or no tag (property)", () => {
    const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/).filter((t) => t !== "latest");
    fc.assert(fc.property(tag, (t) => isPinnedImage(`registry.example:5000/team/app:${t}`)));
    // Docker's tag grammar: a word character, then up to 127 of word characters, '.' and '-'.
    const allowed = [..."aZ09_", ".", "-"];
    // ("/" is left out: it starts another path segment, whose tag is then the one read.)
    const forbidden = [":", "@", "+", " ", "\t", "é", "#", "*"];
    const awkward = fc
      .tuple(
        fc.constantFrom(...allowed, ...forbidden),
        fc.oneof(fc.constantFrom(0, 126, 127, 128), fc.nat(140)),
        fc.option(fc.tuple(fc.nat(140), fc.constantFrom(...forbidden)), { nil: undefined }),
      )
      .map(([first, rest, stray]) => {
        const t = first + "a".repeat(rest);
        return stray ? t.slice(0, stray[0]) + stray[1] + t.slice(stray[0]) : t;
      });
    fc.assert(
      fc.property(awkward, (t) => {
        const pinned =
          t.length <= 128 &&
          [...t].every((c) => allowed.includes(c) || /[A-Za-z0-9]/.test(c)) &&
          !".-".includes(t[0]);
        assert.equal(
          isPinnedImage(`registry.example:5000/team/app:${t}`),
          pinned,
          `tag ${JSON.stringify(t)}`,
        );
      }),
    );
    assert.equal(isPinnedImage("registry.example:5000/team/app"), false);
    assert.equal(isPinnedImage(`app@sha256:${"a".repeat(64)}`), true);
  });
});
