import type * as k8s from "@pulumi/kubernetes";

/**
 * Pod and container security contexts that satisfy the namespace's `restricted` Pod Security Standard and
 * kube-linter's run-as-non-root, no-read-only-root-fs and privilege-escalation-container checks.
 */
export function podSecurity(uid: number): k8s.types.input.core.v1.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export const CONTAINER_SECURITY: k8s.types.input.core.v1.SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};

/** Requests equal to limits: a stateful server gets the Guaranteed QoS class and is evicted last. */
export function guaranteed(cpu: string, memory: string): k8s.types.input.core.v1.ResourceRequirements {
  return { requests: { cpu, memory }, limits: { cpu, memory } };
}

/** Writable scratch directories on a read-only root file system. */
export function scratchVolumes(paths: readonly string[]): {
  volumes: k8s.types.input.core.v1.Volume[];
  mounts: k8s.types.input.core.v1.VolumeMount[];
} {
  return {
    volumes: paths.map((_, i) => ({ name: `scratch-${i + 1}`, emptyDir: {} })),
    mounts: paths.map((path, i) => ({ name: `scratch-${i + 1}`, mountPath: path })),
  };
}
