import { z } from "zod";
import { flag, matching, oneOf, section, text, wholeNumber } from "./primitives";
import { BACKING_LAYERS } from "../../components/connections";
import { externalPeerSchema } from "./network";
import { scheduleSchema } from "./schedule";

/** Service names become DNS names, ECS service names and Kubernetes object names: short RFC 1123 labels. */
export const serviceName = matching(
  /^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$/,
  "a service name: lower-case letters, digits and '-', at most 30 characters, starting with a letter",
);

/** Environment variable names as POSIX shells and both targets accept them. */
const envName = matching(
  /^[A-Za-z_][A-Za-z0-9_]*$/,
  "an environment variable name of letters, digits and '_'",
);

/** An image tag that names one build: `latest` moves, so a deploy would not say what it runs. */
const PINNED_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function isPinnedTag(tag: string): boolean {
  return PINNED_TAG.test(tag) && tag !== "latest";
}

// The image reference grammar of the OCI distribution spec (Docker's distribution/reference): an optional
// registry host, then the repository's path in lower case, then a tag, a digest or both. As Docker reads it, the
// first part names a registry only when it has a dot or a port or is localhost: `Org/api` is a path, refused.
const HOST_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const REGISTRY = `(?:${HOST_PART}(?:\\.${HOST_PART})+(?::[0-9]+)?|${HOST_PART}:[0-9]+|localhost)`;
const PATH_PART = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_REFERENCE = new RegExp(
  `^(?<name>(?:${REGISTRY}/)?${PATH_PART}(?:/${PATH_PART})*)(?::(?<tag>[^:@/\\s]*))?(?:@sha256:(?<digest>[a-f0-9]{64}))?$`,
);
/** The distribution spec's limit on a repository name, registry included. */
const MAX_NAME_LENGTH = 255;

/** `registry/repo:tag` or `registry/repo@sha256:<digest>`, never untagged or `:latest`, and well formed. */
export function isPinnedImage(reference: string): boolean {
  const groups = IMAGE_REFERENCE.exec(reference)?.groups;
  if (!groups || groups.name.length > MAX_NAME_LENGTH) return false;
  return groups.digest !== undefined || (groups.tag !== undefined && isPinnedTag(groups.tag));
}

const PINNED_IMAGE_PHRASE =
  "an image reference (its repository in lower case) with a pinned tag or digest, such as ghcr.io/org/api:1.4.2 (not latest)";
const pinnedImage = z.string({ error: PINNED_IMAGE_PHRASE }).refine(isPinnedImage);

/** The CPU sizes Fargate offers, in CPU units (1024 = one vCPU); Kubernetes requests the same amount. */
export const CPU_UNITS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
const cpuUnits = z
  .number({ error: `one of ${CPU_UNITS.join(", ")} (CPU units, 1024 = 1 vCPU)` })
  .refine((value) => (CPU_UNITS as readonly number[]).includes(value));

const hostName = matching(
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  "a lower-case DNS host name such as api.example.org",
);

const routePath = matching(
  /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/,
  "a path prefix starting with '/', without a trailing '/' or wildcards, such as /api",
);

/** One service, described once for both targets. */
export const serviceSchema = section({
  /** Unique among the stack's services; the name other services reach it by. */
  name: serviceName,
  /** A prebuilt image; give either `image` or `build`. */
  image: pinnedImage.optional(),
  /** Built from source and pushed by the program (aws: to its own ECR repository; kubernetes: to compute.kubernetes.registry). */
  build: section({
    /** The build context directory, relative to the project. */
    context: text("a build context directory"),
    /** @default "Dockerfile" in the context */
    dockerfile: text("a Dockerfile path").optional(),
    /** The tag pushed: immutable, so a new build needs a new tag (a version or a commit id). */
    tag: matching(PINNED_TAG, "an image tag of letters, digits, '_', '.' and '-'").refine(isPinnedTag, {
      error: "an image tag that names one build (not latest)",
    }),
    /** Docker build arguments. */
    args: z.record(text("a build argument name"), z.string({ error: "a string" })).default({}),
  }).optional(),
  /** The TCP port the container listens on. */
  port: wholeNumber(1, 65535),
  /** Replaces the image's entrypoint. */
  command: z.array(text("a command word"), { error: "a list of strings" }).optional(),
  /** Replaces the image's default arguments. */
  args: z.array(z.string({ error: "a string" }), { error: "a list of strings" }).optional(),
  /** CPU units (1024 = 1 vCPU); must pair with memory as Fargate allows. */
  cpu: cpuUnits.default(256),
  /** Memory in MiB. */
  memory: wholeNumber(512, 122880).default(512),
  /** How many copies run: fixed when min = max, else autoscaled between them. */
  replicas: section({ min: wholeNumber(1, 100), max: wholeNumber(1, 100) }).default({ min: 1, max: 1 }),
  /** Targets of autoscaling. */
  autoscaling: section({
    /** Average CPU use to hold, in percent of the request. */
    cpuPercent: wholeNumber(10, 95).default(70),
    /** aws: requests per task per minute through the load balancer to hold (public services only). */
    requestsPerTarget: wholeNumber(1, 100000).optional(),
  }).default({ cpuPercent: 70 }),
  /** Plain environment variables. */
  env: z.record(envName, z.string({ error: "a string" }), { error: "a map of names to values" }).default({}),
  /** Environment variables read from stack secrets: variable name → name of an entry of `secrets`. */
  secrets: z
    .record(envName, text("the name of a stack secret"), { error: "a map of variable names to secret names" })
    .default({}),
  /** Path of the HTTP health check: load balancer target group on aws, liveness and readiness on kubernetes. */
  healthCheckPath: routePath.default("/healthz"),
  /** A public route on the shared load balancer or ingress; without one the service is internal only. */
  route: section({
    /** Host the route answers; any host when unset. */
    host: hostName.optional(),
    /** Path prefix; the whole path space when unset. */
    path: routePath.optional(),
  }).optional(),
  /** The root filesystem is read-only (a writable /tmp is mounted); false for images that write elsewhere. */
  readOnlyRootFilesystem: flag.default(true),
  /** Backing layers the service connects to; each must exist in the stack. */
  uses: z.array(oneOf(BACKING_LAYERS), { error: "a list of backing layers" }).default([]),
  /** Internal services this one calls; only callers are admitted to an internal service's port. */
  calls: z.array(serviceName, { error: "a list of service names" }).default([]),
  /** What only ECS on Fargate has. */
  aws: section({
    /** @default "X86_64" */
    cpuArchitecture: oneOf(["X86_64", "ARM64"]).default("X86_64"),
    /** Seconds ECS ignores failing load balancer health checks after a task starts. */
    healthCheckGracePeriodSeconds: wholeNumber(0, 2147483647).default(30),
  }).default({ cpuArchitecture: "X86_64", healthCheckGracePeriodSeconds: 30 }),
  /** What only Kubernetes has. */
  kubernetes: section({
    /** Mount the ServiceAccount token (only for services that call the Kubernetes API). */
    automountServiceAccountToken: flag.default(false),
    /** The non-root user (and group) the container runs as; 10000 or more keeps clear of the nodes' own users. */
    runAsUser: wholeNumber(1, 2147483647).default(10001),
    /**
     * Path of the liveness probe. Unset, liveness is a TCP check of the port, so a failing dependency makes the
     * pod unready (healthCheckPath) without restarting it (kube-score pod-probes-identical).
     */
    livenessPath: routePath.optional(),
    /**
     * Secrets as files under /var/run/secrets/strata, each variable `<NAME>_FILE` holding the path, instead of
     * `<NAME>` in the environment (Checkov CKV_K8S_35); only for images that read `_FILE` variables.
     */
    secretsAsFiles: flag.default(false),
    /** Addresses outside the cluster this service may reach (an external API), beyond DNS, calls and uses. */
    egress: z.array(externalPeerSchema, { error: "a list of CIDR blocks and ports" }).default([]),
  }).default({ automountServiceAccountToken: false, runAsUser: 10001, secretsAsFiles: false, egress: [] }),
});

export type ServiceSpec = z.output<typeof serviceSchema>;

/** Settings of the compute layer as a whole. */
export const computeSection = section({
  aws: section({
    /** How tasks are spread over on-demand Fargate and Fargate Spot (relative weights). */
    capacityProviders: section({
      fargate: wholeNumber(0, 1000),
      fargateSpot: wholeNumber(0, 1000),
    }),
    /** The public name of the load balancer; with it, HTTPS with a DNS-validated ACM certificate. */
    domain: section({
      /** The host name, e.g. app.example.org. */
      name: hostName,
      /** The Route 53 public hosted zone that holds the name (certificate validation and the alias record). */
      hostedZoneId: matching(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABC"),
    }).optional(),
    loadBalancer: section({
      /** Deletion protection (Checkov CKV_AWS_150). */
      deletionProtection: flag,
      /** Access logs to an S3 bucket (Checkov CKV_AWS_91). */
      accessLogs: flag,
    }),
    /** Working hours: every service scales to zero outside them. @default - weekdays 08:00-18:00 in dev, none in prod */
    schedule: scheduleSchema.optional(),
  }),
  kubernetes: section({
    /** Registry that `build` images are pushed to, e.g. ghcr.io/example; required when a service has `build`. */
    registry: text("an image registry such as ghcr.io/example").optional(),
    /**
     * Let a service's `image` (and cdn.kubernetes.image) name a tag: what runs then changes when the tag is
     * re-pushed. Only dev may allow it; without it every image is pinned by digest (Checkov CKV_K8S_43).
     */
    allowTaggedImages: flag,
    /** A Secret (kubernetes.io/dockerconfigjson) pods pull private images with. */
    imagePullSecret: text("a Secret name").optional(),
    /** TLS on the ingresses: an existing certificate Secret, or a cert-manager ClusterIssuer to issue one. */
    tls: section({
      secretName: text("a Secret name").optional(),
      clusterIssuer: text("a cert-manager ClusterIssuer name").optional(),
    }).optional(),
  }),
});

export const computeShape = {
  /** The services the platform runs, each described once for both targets. */
  services: z.array(serviceSchema, { error: "a list of services" }).default([]),
  compute: computeSection,
};
