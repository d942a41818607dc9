import type * as k8s from "@pulumi/kubernetes";
import { scratchVolumes } from "./pod-security";

type Resources = k8s.types.input.core.v1.ResourceRequirements;

/** Scratch space a data pod writes outside its volumes (logs, sockets, temporary files): bounded, never evicting a node. */
export const SCRATCH_LIMIT = "256Mi";

/**
 * Adds ephemeral-storage to a container's requests and limits (kube-score container-ephemeral-storage-*,
 * Checkov): a pod that fills the node's disk is evicted alone instead of the node.
 */
export function withEphemeralStorage(
  resources: { requests: Record<string, string>; limits: Record<string, string> },
  request = "64Mi",
  limit = "1Gi",
): Resources {
  return {
    requests: { ...resources.requests, "ephemeral-storage": request },
    limits: { ...resources.limits, "ephemeral-storage": limit },
  };
}

/** Writable scratch directories whose emptyDirs have a sizeLimit (the kubelet evicts a pod that passes it). */
export function boundedScratch(paths: readonly string[], sizeLimit = SCRATCH_LIMIT) {
  const scratch = scratchVolumes(paths);
  return {
    mounts: scratch.mounts,
    volumes: scratch.volumes.map((volume) => ({ ...volume, emptyDir: { sizeLimit } })),
  };
}

/** A Secret's keys as read-only files (the images read `*_FILE` variables): no password in the environment. */
export function secretFiles(
  volumeName: string,
  secretName: k8s.types.input.core.v1.SecretVolumeSource["secretName"],
  mountPath: string,
) {
  return {
    volume: { name: volumeName, secret: { secretName, defaultMode: 0o440 } },
    mount: { name: volumeName, mountPath, readOnly: true },
  };
}
