import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, isSet, known, resourceRule, type RuleInfo } from "../rule";
import { containersOf, LONG_RUNNING, podTemplateOf, WORKLOADS, type Container, type PodSpec } from "./pods";

/**
 * A rule on each container of a workload's pod template. `check` returns a problem for a container, or
 * undefined when it complies.
 */
function containerRule<Config = Record<string, unknown>>(
  info: RuleInfo,
  check: (container: Container, pod: PodSpec | undefined, config: Config) => string | undefined,
  options: { types?: string[]; withInit?: boolean } = {},
): ResourceValidationPolicy {
  return resourceRule(info, options.types ?? WORKLOADS, (props, args, fail) => {
    // Stryker disable next-line OptionalChaining: every type a container rule runs on has a pod template
    const spec = podTemplateOf(args.type, props)?.spec;
    const config = args.getConfig<Config & Record<string, unknown>>();
    for (const container of containersOf(spec, options.withInit)) {
      const problem = check(container, spec, config);
      if (problem) fail(`Container ${container.name}: ${problem}`);
    }
  });
}

const securityContext = (c: Container) => known<Container["securityContext"]>(c, "securityContext");

/** `name[:tag][@digest]`: pinned by digest, or tagged with something other than latest. */
export function imageProblem(image: string | undefined): string | undefined {
  if (image === undefined) return undefined;
  // Stryker disable next-line ConditionalExpression: a digest's last segment has a ":", so the tag test passes it too
  if (image.includes("@sha256:")) return undefined;
  const lastSegment = image.split("/").pop() ?? image;
  const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
  if (tag === undefined) return `image ${image} has no tag.`;
  if (tag === "latest") return `image ${image} uses the latest tag.`;
  return undefined;
}

type Probe = NonNullable<Container["livenessProbe"]>;

/** kube-score reads a port as a number; a named port reads as 0, so two named ports always compare equal. */
function portNumber(port: unknown): number {
  const parsed = Number.parseInt(String(port), 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** kube-score's areProbesIdentical: same HTTP path and port, same TCP port, or the same exec command. */
export function probesIdentical(readiness: Probe, liveness: Probe): boolean {
  if (readiness.httpGet && liveness.httpGet) {
    return (
      readiness.httpGet.path === liveness.httpGet.path &&
      portNumber(readiness.httpGet.port) === portNumber(liveness.httpGet.port)
    );
  }
  if (readiness.tcpSocket && liveness.tcpSocket) return readiness.tcpSocket.port === liveness.tcpSocket.port;
  if (readiness.exec && liveness.exec) {
    const [r, l] = [asArray(readiness.exec.command), asArray(liveness.exec.command)];
    return r.length === l.length && r.every((word, i) => word === l[i]);
  }
  return false;
}

/** An image that must run as the one user and group that owns its data, and that id. */
export interface ImageUser {
  /** The repository, without registry for Docker Hub's official images: `postgres`, `mysql`, `ghcr.io/org/app`. */
  readonly image: string;
  readonly id: number;
}

/**
 * The official postgres and mysql images own their data directory as UID and GID 999, and PostgreSQL refuses a
 * data directory it does not own: Strata's StatefulSet database (no operator) runs them as 999 (docs/policy.md).
 */
export const IMAGE_USERS: readonly ImageUser[] = [
  { image: "postgres", id: 999 },
  { image: "mysql", id: 999 },
];

/** An image reference's repository, without tag or digest; Docker Hub's official images by their bare name. */
export function imageRepository(image: string): string {
  const name = image.split("@")[0];
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const repository = colon > slash ? name.slice(0, colon) : name;
  return repository.replace(/^(?:(?:index\.)?docker\.io\/)?(?:library\/)?(?=[^/]+$)/, "");
}

/** Workloads kube-score checks probes on: everything but Jobs and CronJobs. */
const NOT_BATCH = WORKLOADS.filter((type) => !type.startsWith("kubernetes:batch/"));

export const workloadPolicies = [
  containerRule(
    {
      id: "kube-score-container-resources",
      description: "Containers set CPU and memory requests and limits.",
      fix: "Set resources.requests and resources.limits, each with cpu and memory, on every container.",
    },
    (c) => {
      const resources = known<Container["resources"]>(c, "resources");
      const missing = ["requests", "limits"].flatMap((kind) =>
        ["cpu", "memory"].filter((r) => !isSet(known(resources, kind), r)).map((r) => `${kind}.${r}`),
      );
      return missing.length ? `no ${missing.join(", ")}.` : undefined;
    },
  ),
  containerRule(
    {
      id: "kube-linter-no-liveness-probe",
      description: "Long-running containers have a liveness probe.",
      fix: "Add livenessProbe (httpGet on a health path, or tcpSocket) to the container.",
    },
    (c) => (isSet(c, "livenessProbe") ? undefined : "no liveness probe."),
    { types: LONG_RUNNING, withInit: false },
  ),
  containerRule(
    {
      id: "kube-linter-no-readiness-probe",
      description: "Long-running containers have a readiness probe.",
      fix: "Add readinessProbe so traffic only reaches a ready pod.",
    },
    (c) => (isSet(c, "readinessProbe") ? undefined : "no readiness probe."),
    { types: LONG_RUNNING, withInit: false },
  ),
  containerRule(
    {
      id: "kube-linter-run-as-non-root",
      description: "Containers run as a non-root user.",
      fix: "Set securityContext.runAsNonRoot: true (pod or container) and run the image as a numeric non-zero user.",
    },
    (c, pod) => {
      const own = securityContext(c);
      const podLevel = known<PodSpec["securityContext"]>(pod, "securityContext");
      const nonRoot = own?.runAsNonRoot ?? podLevel?.runAsNonRoot;
      const user = own?.runAsUser ?? podLevel?.runAsUser;
      return nonRoot === true || (user ?? 0) > 0 ? undefined : "may run as root.";
    },
  ),
  containerRule(
    {
      id: "kube-linter-no-read-only-root-fs",
      description: "Containers have a read-only root filesystem.",
      fix: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes.",
    },
    (c) => (securityContext(c)?.readOnlyRootFilesystem === true ? undefined : "writable root filesystem."),
  ),
  containerRule(
    {
      id: "polaris-privilegeEscalationAllowed",
      description: "Containers cannot gain more privileges than their process started with.",
      fix: "Set securityContext.allowPrivilegeEscalation: false on every container.",
    },
    (c) =>
      securityContext(c)?.allowPrivilegeEscalation === false ? undefined : "privilege escalation allowed.",
  ),
  containerRule(
    {
      id: "polaris-insecureCapabilities",
      description: "Containers drop all Linux capabilities.",
      fix: 'Set securityContext.capabilities.drop: ["ALL"] (add back only what the app needs).',
    },
    (c) =>
      asArray(securityContext(c)?.capabilities?.drop).includes("ALL")
        ? undefined
        : "capabilities not dropped.",
  ),
  containerRule(
    {
      id: "kube-score-container-image-tag",
      description: "Images are pinned to a tag other than latest, or to a digest.",
      fix: "Use an explicit version tag (app:1.4.2) or a digest (app@sha256:…).",
    },
    (c) => imageProblem(known<string>(c, "image")),
  ),
  containerRule(
    {
      id: "kube-score-container-ephemeral-storage-request-and-limit",
      description: "Containers set ephemeral-storage requests and limits.",
      fix: 'Set resources.requests and resources.limits["ephemeral-storage"] (logs, emptyDirs and writable layers count).',
    },
    (c) => {
      const resources = known<Container["resources"]>(c, "resources");
      const missing = ["requests", "limits"].filter(
        (kind) => !isSet(known(resources, kind), "ephemeral-storage"),
      );
      return missing.length ? `no ephemeral-storage ${missing.join(" or ")}.` : undefined;
    },
  ),
  containerRule(
    {
      id: "kube-score-pod-probes-identical",
      description: "A container's readiness and liveness probes differ, so an unready pod is not restarted.",
      fix: "Probe readiness on the health path and liveness on the port (tcpSocket) or on a path of its own.",
    },
    (c) => {
      const [readiness, liveness] = [known<Probe>(c, "readinessProbe"), known<Probe>(c, "livenessProbe")];
      return readiness && liveness && probesIdentical(readiness, liveness)
        ? "the same readiness and liveness probe."
        : undefined;
    },
    { types: NOT_BATCH },
  ),
  containerRule<{ imageUsers?: ImageUser[] }>(
    {
      id: "kube-score-container-security-context-user-group-id",
      description:
        "Containers run with a user and group id of 10000 or more (the pod's when the container sets none), or an image of `imageUsers` as exactly its listed id.",
      fix: 'Set runAsUser and runAsGroup to 10000 or more; an image that must run as the id owning its data is listed in the pack\'s config: { "kube-score-container-security-context-user-group-id": { "imageUsers": [{ "image": "<repository>", "id": <uid> }] } }.',
      configSchema: {
        properties: {
          imageUsers: { type: "array", items: { type: "object" }, default: IMAGE_USERS },
        },
      },
    },
    (c, pod, config) => {
      const own = securityContext(c);
      const podContext = known<PodSpec["securityContext"]>(pod, "securityContext");
      const ids = (["runAsUser", "runAsGroup"] as const).map((key) => own?.[key] ?? podContext?.[key]);
      const image = known<string>(c, "image");
      const listed = (config.imageUsers ?? IMAGE_USERS).find(
        (user) => image !== undefined && user.image === imageRepository(image),
      );
      // The exemption is exact: the listed image, as its listed user and group, nothing lower or mixed.
      if (listed && ids.every((id) => id === listed.id)) return undefined;
      const low = (["runAsUser", "runAsGroup"] as const).filter((_, i) => {
        const id = ids[i];
        return typeof id !== "number" || id < 10000;
      });
      return low.length ? `${low.join(" and ")} below 10000 or unset.` : undefined;
    },
  ),
];
