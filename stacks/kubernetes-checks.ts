import { isPlainObject } from "./merge";
import { describeFound, type ConfigProblem } from "./problems";
import { BACKING_LAYERS } from "../components/connections";
import { ENGINES } from "../components/database/engines";
import { CACHE_ENGINE_PROFILES } from "../components/cache/engines";

type Loose = Record<string, unknown>;

const record = (value: unknown): Loose => (isPlainObject(value) ? value : {});
// Stryker disable next-line ArrayDeclaration: a filler entry that is not a map has no image, uses or probe to check
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.map(record) : []);

/** A reference that names one image for good: `<repository>[:tag]@sha256:<64 hex>`. */
export function isDigestPinned(reference: string): boolean {
  return /^[^\s@]+@sha256:[a-f0-9]{64}$/.test(reference);
}

const DIGEST_EXAMPLE = "ghcr.io/org/api@sha256:<64 hex digits> (docker buildx imagetools inspect shows it)";

/**
 * What the kubernetes target needs beyond each setting: images pinned by digest unless the stack allows
 * tags (dev only), a certificate for the front end's domain in prod, an address for an external backing
 * layer that services use (the namespace's egress is denied otherwise), distinct liveness and readiness.
 */
export function kubernetesProblems(stack: Loose): ConfigProblem[] {
  if (stack.target !== "kubernetes") return [];
  return [...imagePinning(stack), ...frontendTls(stack), ...externalEgress(stack), ...probePaths(stack)];
}

function imagePinning(stack: Loose): ConfigProblem[] {
  const allowed = record(record(stack.compute).kubernetes).allowTaggedImages;
  if (allowed === true) {
    return stack.preset === "prod"
      ? [
          {
            setting: "compute.kubernetes.allowTaggedImages",
            expected: "false in a prod stack (a re-pushed tag would change what production runs)",
            found: "true",
          },
        ]
      : [];
  }
  if (allowed !== false) return [];
  const services = list(stack.services).flatMap((service, i) =>
    typeof service.image === "string" && !isDigestPinned(service.image)
      ? [
          {
            setting: `services[${i}].image`,
            expected: `an image pinned by digest for service ${String(service.name)}, such as ${DIGEST_EXAMPLE}, while compute.kubernetes.allowTaggedImages is false`,
            found: describeFound(service.image),
          },
        ]
      : [],
  );
  const site = record(record(stack.cdn).kubernetes).image;
  const cdn =
    typeof site === "string" && !isDigestPinned(site)
      ? [
          {
            setting: "cdn.kubernetes.image",
            expected: `an image pinned by digest for the front end, such as ${DIGEST_EXAMPLE}, while compute.kubernetes.allowTaggedImages is false`,
            found: describeFound(site),
          },
        ]
      : [];
  return [...services, ...cdn, ...dataImages(stack)];
}

/** A data image the stack runs: the setting that chooses it, what it says, and the code's default. */
interface DataImage {
  readonly setting: string;
  readonly role: string;
  readonly value: unknown;
  readonly fallback?: string;
}

/**
 * The images of the managed database and cache on kubernetes, under the services' rule: the server (or the
 * CloudNativePG operand), whose image the dump CronJob shares, and the cache, whose Sentinels share it. An
 * unset setting takes the engine's default, which must then be pinned itself. The proxy and the dump upload
 * images are constants of the code, pinned there.
 */
function dataImages(stack: Loose): ConfigProblem[] {
  // Stryker disable next-line ArrayDeclaration: a filler entry has neither value nor fallback, so it is skipped
  const images: DataImage[] = [];
  const database = record(stack.database);
  const databaseK8s = record(database.kubernetes);
  if (database.mode === "managed") {
    if (databaseK8s.operator === "cloudnative-pg") {
      images.push({
        setting: "database.kubernetes.cloudnativePg.image",
        role: "the CloudNativePG operand (ghcr.io/cloudnative-pg/postgresql)",
        value: record(databaseK8s.cloudnativePg).image,
      });
    } else {
      images.push({
        setting: "database.kubernetes.image",
        role: "the database server and its dump CronJob",
        value: databaseK8s.image,
        fallback: ENGINES[database.engine as keyof typeof ENGINES]?.image,
      });
    }
  }
  const cache = record(stack.cache);
  if (cache.mode === "managed") {
    images.push({
      setting: "cache.kubernetes.image",
      role: "the cache and its Sentinels",
      value: record(cache.kubernetes).image,
      fallback: CACHE_ENGINE_PROFILES[cache.engine as keyof typeof CACHE_ENGINE_PROFILES]?.image,
    });
  }
  return images.flatMap((image) => {
    const used = image.value ?? image.fallback;
    // Anything but a reference is the schema's to report.
    if (typeof used !== "string" || isDigestPinned(used)) return [];
    const example = `${used.replace(/@.*$/, "")}@sha256:<64 hex digits> (crane digest or docker buildx imagetools inspect shows it)`;
    return [
      {
        setting: image.setting,
        expected: `an image pinned by digest for ${image.role}, such as ${example}, while compute.kubernetes.allowTaggedImages is false`,
        found:
          image.value === undefined
            ? `nothing (the default ${JSON.stringify(used)} has no digest)`
            : describeFound(image.value),
      },
    ];
  });
}

function frontendTls(stack: Loose): ConfigProblem[] {
  const cdn = record(stack.cdn);
  if (stack.preset !== "prod" || typeof cdn.domain !== "string") return [];
  const secretName = record(cdn.kubernetes).tlsSecretName;
  const issuer = record(record(record(stack.compute).kubernetes).tls).clusterIssuer;
  if (secretName !== undefined || issuer !== undefined) return [];
  return [
    {
      setting: "cdn.kubernetes.tlsSecretName",
      expected: `an existing TLS Secret for ${cdn.domain}, or compute.kubernetes.tls.clusterIssuer for cert-manager to issue one (a prod site is served over HTTPS only)`,
      found: "neither",
    },
  ];
}

function externalEgress(stack: Loose): ConfigProblem[] {
  const egress = record(record(stack.kubernetes).egress);
  const services = list(stack.services);
  return BACKING_LAYERS.flatMap((layer) => {
    const external = record(stack[layer]).mode === "external";
    const user = services.find((service) => Array.isArray(service.uses) && service.uses.includes(layer));
    if (!external || user === undefined || egress[layer] !== undefined) return [];
    return [
      {
        setting: `kubernetes.egress.${layer}`,
        expected: `the CIDR blocks and ports of the external ${layer} (${String(user.name)} uses it, and the namespace denies any other egress)`,
        found: "nothing",
      },
    ];
  });
}

function probePaths(stack: Loose): ConfigProblem[] {
  return list(stack.services).flatMap((service, i) => {
    const liveness = record(service.kubernetes).livenessPath;
    const readiness = service.healthCheckPath ?? "/healthz";
    // Stryker disable next-line ConditionalExpression: readiness is never undefined (it defaults to /healthz)
    return liveness !== undefined && liveness === readiness
      ? [
          {
            setting: `services[${i}].kubernetes.livenessPath`,
            expected: `a path other than healthCheckPath ${String(readiness)} (the same probe for liveness and readiness restarts pods that are only unready), or nothing for a TCP check`,
            found: describeFound(liveness),
          },
        ]
      : [];
  });
}
