import { strict as assert } from "node:assert";
import { configErrorOf, findResource, runStack, stackFile, type Graph } from "./support/harness";
import { checkKubernetesSchema } from "../tools/harness/kube-schema";
import { isDigestPinned } from "../stacks/kubernetes-checks";
import { SECRETS_DIR } from "../components/compute/kubernetes-workload";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const services = (stack: string) => stackFile(stack).values.services as Obj[];

/** The prod services with one of them edited. */
function prodServicesWith(name: string, edit: (service: Obj) => Obj): Obj[] {
  return services("prod").map((service) => (service.name === name ? edit(service) : service));
}

describe("kubernetes images by digest (Checkov CKV_K8S_43)", () => {
  it("tells a digest from a tag", () => {
    assert.equal(isDigestPinned(`ghcr.io/org/api@${DIGEST}`), true);
    assert.equal(isDigestPinned(`ghcr.io/org/api:1.4.2@${DIGEST}`), true);
    assert.equal(isDigestPinned("ghcr.io/org/api:1.4.2"), false);
    assert.equal(isDigestPinned(`ghcr.io/org/api@${DIGEST.slice(0, -1)}`), false);
    assert.equal(
      isDigestPinned(`ghcr.io/org/api@${DIGEST.toUpperCase().replace("SHA256", "sha256")}`),
      false,
    );
  });

  it("refuses a tag in prod, naming the service, and a prod stack that allows tags", async () => {
    const { error, graph } = await configErrorOf("prod", {
      target: "kubernetes",
      override: {
        services: prodServicesWith("worker", (s) => ({ ...s, image: "ghcr.io/example-coop/worker:1.4.2" })),
        cdn: { kubernetes: { image: "registry.example.org/site:3" } },
      },
    });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.found]),
      [
        ["services[1].image", '"ghcr.io/example-coop/worker:1.4.2"'],
        ["cdn.kubernetes.image", '"registry.example.org/site:3"'],
      ],
    );
    assert.match(error.problems[0].expected, /pinned by digest for service worker/);
    assert.equal(graph.resources.filter((r) => r.custom).length, 0);
    const allowed = await configErrorOf("prod", {
      target: "kubernetes",
      override: { compute: { kubernetes: { allowTaggedImages: true } } },
    });
    assert.deepEqual(
      allowed.error.problems.map((p) => [p.setting, p.found]),
      [["compute.kubernetes.allowTaggedImages", "true"]],
    );
  });

  it("lets dev run a tag, and aws is not concerned", async () => {
    const dev = await runStack("dev", { target: "kubernetes" });
    const api = (findResource(dev, DEPLOYMENT, "compute-api").inputs as Obj).spec.template.spec.containers[0];
    assert.equal(api.image, "ghcr.io/example-coop/api:1.4.2");
    await runStack("prod", {
      target: "aws",
      override: {
        services: prodServicesWith("api", (s) => ({ ...s, image: "ghcr.io/example-coop/api:1.4.2" })),
      },
    });
  });
});

describe("kubernetes probes and secrets", () => {
  let graph: Graph;
  const secretive = prodServicesWith("api", (s) => ({
    ...s,
    secrets: { STRIPE_KEY: "stripe" },
    kubernetes: { livenessPath: "/livez", secretsAsFiles: true },
  }));
  before(async () => {
    graph = await runStack("prod", {
      target: "kubernetes",
      secretKeys: ["secrets"],
      override: { services: secretive, secrets: { stripe: "sk_live_x" } },
    });
  });
  const pod = (name: string) =>
    (findResource(graph, DEPLOYMENT, `compute-${name}`).inputs as Obj).spec.template.spec;

  it("probes a livenessPath when the service has one, still apart from readiness", () => {
    const [api] = pod("api").containers;
    assert.deepEqual(api.livenessProbe.httpGet, { path: "/livez", port: "http" });
    assert.deepEqual(api.readinessProbe.httpGet, { path: "/healthz", port: "http" });
  });

  it("mounts every secret as a file and names its path in <NAME>_FILE, with no secret left in the environment (CKV_K8S_35)", () => {
    const spec = pod("api");
    const [api] = spec.containers;
    assert.deepEqual(
      api.env.filter((e: Obj) => e.name.endsWith("_FILE")),
      ["CACHE_AUTH_TOKEN", "DATABASE_PASSWORD", "STRIPE_KEY"].map((name) => ({
        name: `${name}_FILE`,
        value: `${SECRETS_DIR}/${name}`,
      })),
    );
    assert.deepEqual(
      api.env.filter((e: Obj) => e.valueFrom),
      [],
    );
    assert.deepEqual(api.volumeMounts[1], { name: "secrets", mountPath: SECRETS_DIR, readOnly: true });
    const volume = spec.volumes.find((v: Obj) => v.name === "secrets");
    assert.equal(volume.projected.defaultMode, 0o440);
    assert.deepEqual(
      volume.projected.sources.map((s: Obj) => [s.secret.name, s.secret.items]),
      [
        ["api-secrets", [{ key: "STRIPE_KEY", path: "STRIPE_KEY" }]],
        ["cache-credentials", [{ key: "password", path: "CACHE_AUTH_TOKEN" }]],
        // Pulumi.prod.yaml runs PostgreSQL on CloudNativePG: the operator's application Secret.
        ["database-app", [{ key: "password", path: "DATABASE_PASSWORD" }]],
      ],
    );
    assert.deepEqual(checkKubernetesSchema(findResource(graph, DEPLOYMENT, "compute-api")).errors, []);
    // The worker did not ask: its password stays a secretKeyRef.
    const [worker] = pod("worker").containers;
    assert.ok(worker.env.some((e: Obj) => e.name === "DATABASE_PASSWORD" && e.valueFrom?.secretKeyRef));
  });

  it("refuses a livenessPath equal to healthCheckPath", async () => {
    const { error } = await configErrorOf("dev", {
      target: "kubernetes",
      override: {
        services: services("dev").map((s) =>
          s.name === "api" ? { ...s, kubernetes: { livenessPath: "/healthz" } } : s,
        ),
      },
    });
    assert.deepEqual(
      error.problems.map((p) => [p.setting, p.found]),
      [["services[0].kubernetes.livenessPath", '"/healthz"']],
    );
  });
});
