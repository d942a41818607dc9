import { isPlainObject } from "./merge";
import { describeFound, type ConfigProblem } from "./problems";
import { serviceName } from "./schema/compute";
import { wholeNumber } from "./schema/primitives";
import { BACKING_LAYERS, type BackingLayer } from "../components/connections";
import { missingLayerProblem } from "./missing-layer";
import { minutesOf, TIME_OF_DAY } from "./schema/schedule";

type Loose = Record<string, unknown>;

/** The memory sizes (MiB) Fargate pairs with each CPU size; Kubernetes gets the same so a switch changes nothing. */
const FARGATE_MEMORY: Record<number, { min: number; max: number; step: number } | readonly number[]> = {
  256: [512, 1024, 2048],
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

export function fargateMemoryFits(cpu: number, memory: number): boolean {
  const sizes = FARGATE_MEMORY[cpu];
  if (sizes === undefined) return true; // the schema reports an unknown cpu
  if (Array.isArray(sizes)) return sizes.includes(memory);
  const range = sizes as { min: number; max: number; step: number };
  // Stryker disable next-line ArithmeticOperator: every range's min is a multiple of its step, so memory + min leaves the same remainder
  return memory >= range.min && memory <= range.max && (memory - range.min) % range.step === 0;
}

function describeFargateMemory(cpu: number): string {
  const sizes = FARGATE_MEMORY[cpu];
  if (Array.isArray(sizes)) return sizes.join(", ");
  const range = sizes as { min: number; max: number; step: number };
  return `${range.min} to ${range.max} in steps of ${range.step}`;
}

/** A service's route as the load balancer and the ingress match it: host (any when unset) and path prefix. */
export function routeKey(route: Loose): string {
  const host = typeof route.host === "string" ? route.host : "*";
  const path = typeof route.path === "string" ? route.path : "/";
  return `${host}${path}`;
}

const asList = (value: unknown): Loose[] =>
  Array.isArray(value) ? value.map((item) => (isPlainObject(item) ? item : {})) : [];
const nameOf = (service: Loose): string | undefined =>
  serviceName.safeParse(service.name).success ? (service.name as string) : undefined;

/**
 * Rules spanning the services list and the stack: unique names and routes, replica bounds, image source,
 * Fargate sizes, secrets that exist, calls to internal services, and the compute settings each target needs.
 * Each rule looks only at values that are themselves well formed; the schema reports the rest.
 */
export function computeProblems(stack: Loose): ConfigProblem[] {
  const services = asList(stack.services);
  return [
    ...duplicateNames(services),
    ...duplicateRoutes(services),
    ...services.flatMap((service, i) => [
      ...imageSource(service, i),
      ...replicaBounds(service, i),
      ...fargateSize(service, i),
      ...undefinedSecrets(service, i, stack.secrets),
      ...callTargets(service, i, services),
    ]),
    ...targetSettings(stack, services),
    ...(stack.target === "aws" ? awsOnly(stack, services) : []),
    ...missingBackingLayers(stack, services),
    ...scheduleOrder(stack),
  ];
}

/** Working hours within one day: a stop at or before the start would leave the services off, or on, for good. */
function scheduleOrder(stack: Loose): ConfigProblem[] {
  const compute = isPlainObject(stack.compute) ? stack.compute : {};
  const aws = isPlainObject(compute.aws) ? compute.aws : {};
  const schedule = isPlainObject(aws.schedule) ? aws.schedule : undefined;
  if (!schedule || typeof schedule.start !== "string" || typeof schedule.stop !== "string") return [];
  if (!TIME_OF_DAY.test(schedule.start) || !TIME_OF_DAY.test(schedule.stop)) return [];
  if (minutesOf(schedule.stop) > minutesOf(schedule.start)) return [];
  return [
    {
      setting: "compute.aws.schedule.stop",
      expected: `a time later on the same day than start (${schedule.start})`,
      found: schedule.stop,
    },
  ];
}

function duplicateNames(services: Loose[]): ConfigProblem[] {
  return services.flatMap((service, i) => {
    const name = nameOf(service);
    const first = services.findIndex((other) => nameOf(other) === name);
    if (name === undefined || first === i) return [];
    return [
      {
        setting: `services[${i}].name`,
        expected: `a name no other service has (services[${first}] is already ${name})`,
        found: describeFound(name),
      },
    ];
  });
}

function duplicateRoutes(services: Loose[]): ConfigProblem[] {
  const keys = services.map((service) =>
    isPlainObject(service.route) ? routeKey(service.route) : undefined,
  );
  return keys.flatMap((key, i) => {
    const first = keys.indexOf(key);
    if (key === undefined || first === i) return [];
    return [
      {
        setting: `services[${i}].route`,
        expected: `a host and path no other service claims (services[${first}] already routes ${key})`,
        found: describeFound(key),
      },
    ];
  });
}

function imageSource(service: Loose, i: number): ConfigProblem[] {
  const hasImage = service.image !== undefined;
  const hasBuild = service.build !== undefined;
  if (hasImage !== hasBuild) return [];
  return [
    {
      setting: `services[${i}].image`,
      expected: "either image (a prebuilt image) or build (built from source), not both",
      found: hasImage ? "both image and build" : "nothing",
    },
  ];
}

function replicaBounds(service: Loose, i: number): ConfigProblem[] {
  const replicas = isPlainObject(service.replicas) ? service.replicas : {};
  const count = wholeNumber(1, 100);
  const min = count.safeParse(replicas.min);
  const max = count.safeParse(replicas.max);
  if (!min.success || !max.success || min.data <= max.data) return [];
  return [
    {
      setting: `services[${i}].replicas.min`,
      expected: `at most replicas.max (${max.data})`,
      found: String(min.data),
    },
  ];
}

function fargateSize(service: Loose, i: number): ConfigProblem[] {
  const cpu = typeof service.cpu === "number" ? service.cpu : 256;
  const memory = typeof service.memory === "number" ? service.memory : 512;
  if (fargateMemoryFits(cpu, memory)) return [];
  return [
    {
      setting: `services[${i}].memory`,
      expected: `a memory size that Fargate pairs with cpu ${cpu}: ${describeFargateMemory(cpu)} MiB`,
      found: String(memory),
    },
  ];
}

function undefinedSecrets(service: Loose, i: number, stackSecrets: unknown): ConfigProblem[] {
  if (!isPlainObject(service.secrets)) return [];
  const defined = isPlainObject(stackSecrets) ? Object.keys(stackSecrets) : [];
  return Object.entries(service.secrets)
    .filter(([, secret]) => typeof secret === "string" && !defined.includes(secret))
    .map(([variable, secret]) => ({
      setting: `services[${i}].secrets.${variable}`,
      expected: `the name of a stack secret (${defined.length ? `one of ${defined.join(", ")}` : "none is defined"}; add one with pulumi config set --secret --path secrets.${String(secret)} <value>)`,
      found: describeFound(secret),
    }));
}

function callTargets(service: Loose, i: number, services: Loose[]): ConfigProblem[] {
  if (!Array.isArray(service.calls)) return [];
  const internal = services.filter((s) => s !== service && s.route === undefined).map(nameOf);
  return service.calls.flatMap((callee, j) =>
    typeof callee === "string" && !internal.includes(callee)
      ? [
          {
            setting: `services[${i}].calls[${j}]`,
            expected: `the name of another internal service (${internal.filter(Boolean).join(", ") || "there is none"})`,
            found: describeFound(callee),
          },
        ]
      : [],
  );
}

function targetSettings(stack: Loose, services: Loose[]): ConfigProblem[] {
  const compute = isPlainObject(stack.compute) ? stack.compute : {};
  const problems: ConfigProblem[] = [];
  const aws = isPlainObject(compute.aws) ? compute.aws : {};
  const weights = isPlainObject(aws.capacityProviders) ? aws.capacityProviders : {};
  if (weights.fargate === 0 && weights.fargateSpot === 0) {
    problems.push({
      setting: "compute.aws.capacityProviders",
      expected: "a weight above 0 for fargate or fargateSpot",
      found: "both 0",
    });
  }
  const kubernetes = isPlainObject(compute.kubernetes) ? compute.kubernetes : {};
  const builds = services.some((service) => service.build !== undefined);
  if (stack.target === "kubernetes" && builds && kubernetes.registry === undefined) {
    problems.push({
      setting: "compute.kubernetes.registry",
      expected: "an image registry to push the services' `build` images to, such as ghcr.io/example",
      found: "nothing",
    });
  }
  const tls = isPlainObject(kubernetes.tls) ? kubernetes.tls : undefined;
  if (tls && (tls.secretName === undefined) === (tls.clusterIssuer === undefined)) {
    problems.push({
      setting: "compute.kubernetes.tls",
      expected: "either secretName or clusterIssuer",
      found: tls.secretName === undefined ? "neither" : "both",
    });
  }
  return problems;
}

/** A `uses` entry names a backing layer; the stack must configure that layer (the same words as the component's check). */
function missingBackingLayers(stack: Loose, services: Loose[]): ConfigProblem[] {
  return services.flatMap((service, i) =>
    // Stryker disable next-line ArrayDeclaration: a filler entry is no backing layer, so the next filter drops it
    (Array.isArray(service.uses) ? service.uses : [])
      .filter((layer): layer is BackingLayer => (BACKING_LAYERS as readonly unknown[]).includes(layer))
      .filter((layer) => stack[layer] === undefined)
      .map((layer) => missingLayerProblem(layer, i, nameOf(service) ?? "?")),
  );
}

/**
 * What ECS on Fargate cannot do, checked only on aws (kubernetes ignores these settings): Linux ARM64 tasks do
 * not run on the FARGATE_SPOT capacity provider, and the CDN, the only entry point, routes by path, not host.
 */
function awsOnly(stack: Loose, services: Loose[]): ConfigProblem[] {
  const compute = isPlainObject(stack.compute) ? stack.compute : {};
  const aws = isPlainObject(compute.aws) ? compute.aws : {};
  const weights = isPlainObject(aws.capacityProviders) ? aws.capacityProviders : {};
  const spot = typeof weights.fargateSpot === "number" ? weights.fargateSpot : 0;
  return services.flatMap((service, i) => {
    const problems: ConfigProblem[] = [];
    const settings = isPlainObject(service.aws) ? service.aws : {};
    if (settings.cpuArchitecture === "ARM64" && spot > 0) {
      problems.push({
        setting: `services[${i}].aws.cpuArchitecture`,
        expected: `X86_64 for service ${nameOf(service) ?? "?"}, or compute.aws.capacityProviders.fargateSpot 0: ECS runs Linux ARM64 tasks on FARGATE only, never on FARGATE_SPOT`,
        found: `ARM64 with compute.aws.capacityProviders.fargateSpot ${spot}`,
      });
    }
    const route = isPlainObject(service.route) ? service.route : undefined;
    if (route && typeof route.host === "string") {
      problems.push({
        setting: `services[${i}].route.host`,
        expected: `no host on aws for service ${nameOf(service) ?? "?"}: CloudFront, the only way in, routes by path (route.path such as /api)`,
        found: route.host,
      });
    }
    if (route && (typeof route.path !== "string" || route.path === "/")) {
      problems.push({
        setting: `services[${i}].route.path`,
        expected: `a path below / on aws for service ${nameOf(service) ?? "?"}, such as /api: the site answers / on the CDN`,
        found: typeof route.path === "string" ? route.path : "nothing",
      });
    }
    return problems;
  });
}
