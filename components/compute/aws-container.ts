import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSpec } from "../../stacks/schema/compute";

export interface ContainerInputs {
  readonly spec: ServiceSpec;
  readonly image: pulumi.Input<string>;
  readonly region: string;
  readonly logGroupName: pulumi.Input<string>;
  readonly environment: [string, pulumi.Input<string>][];
  /** Variable name → `valueFrom` (a secret ARN, `arn:jsonKey::`, or an SSM parameter ARN). */
  readonly secrets: [string, pulumi.Input<string>][];
}

/**
 * The task's one container. The spec's `command` replaces the entrypoint and `args` the command, as on
 * Kubernetes, so a service means the same thing on both targets.
 */
export function containerDefinition(inputs: ContainerInputs) {
  const { spec } = inputs;
  return {
    name: spec.name,
    image: inputs.image,
    essential: true,
    entryPoint: spec.command,
    command: spec.args,
    portMappings: [{ name: "http", containerPort: spec.port, protocol: "tcp" }],
    environment: inputs.environment.map(([name, value]) => ({ name, value })),
    secrets: inputs.secrets.map(([name, valueFrom]) => ({ name, valueFrom })),
    // Checkov CKV_AWS_336; a writable /tmp is mounted for the files most programs need.
    readonlyRootFilesystem: spec.readOnlyRootFilesystem,
    mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    // Never privileged (Checkov CKV_AWS_334), no added capabilities, an init process reaps zombies.
    privileged: false,
    linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } },
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": inputs.logGroupName,
        "awslogs-region": inputs.region,
        "awslogs-stream-prefix": spec.name,
      },
    },
  };
}
