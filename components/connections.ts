import type * as pulumi from "@pulumi/pulumi";

/**
 * What a backing layer (database, cache) offers to the services that declare they use it. The backing layer
 * is built before compute and hands this over; compute wires it into each service that uses it, so neither
 * layer reaches into the other's resources.
 */
export interface ServiceConnection {
  /** Plain settings, injected as environment variables (host, port, database name). */
  readonly env: Readonly<Record<string, pulumi.Input<string>>>;
  /** Credentials, injected as secrets: never as plain environment values or in the state in clear. */
  readonly secrets: Readonly<Record<string, SecretReference>>;
  /** aws: statements the task role of each service that uses this gets (rds-db:connect for IAM authentication). */
  readonly awsTaskStatements?: readonly TaskStatement[];
  /** aws: services that use this get this security group, which the backing layer admits on its port. */
  readonly awsClientSecurityGroupId?: pulumi.Input<string>;
  /** kubernetes: pods of services that use this get these labels, which the backing layer's policy admits. */
  readonly kubernetesClientLabels?: Readonly<Record<string, string>>;
  /** kubernetes: the server pods and TCP ports a client connects to, for the clients' egress policies. */
  readonly kubernetesServer?: {
    readonly pods: Readonly<Record<string, string>>;
    readonly ports: readonly number[];
  };
}

/** Where a secret lives on each target; a service's task or pod reads it from there at start. */
export interface SecretReference {
  /** aws: a Secrets Manager secret (or SSM parameter) ARN, and the JSON key inside it when it holds a JSON map. */
  readonly aws?: {
    readonly arn: pulumi.Input<string>;
    readonly jsonKey?: string;
    /** The customer-managed key the secret is encrypted with: the task's execution role may decrypt with it. */
    readonly kmsKeyArn?: pulumi.Input<string>;
  };
  /** kubernetes: a Secret in the platform's namespace and the key inside it. */
  readonly kubernetes?: { readonly secretName: pulumi.Input<string>; readonly key: string };
}

/** An IAM policy statement on resources of the backing layer. */
export interface TaskStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: readonly pulumi.Input<string>[];
}

/** The backing layers a service may declare in its `uses` list. */
export const BACKING_LAYERS = ["database", "cache"] as const;
export type BackingLayer = (typeof BACKING_LAYERS)[number];
