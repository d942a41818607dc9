import type * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws/sdk";
import * as k8s from "@pulumi/kubernetes";
import type { Layer, Naming } from "../naming";
import type { SecretReference, ServiceConnection } from "../connections";
import type { Target } from "../target";
import { requireTargetArgs } from "../target-args";

export interface ExternalUrlSpec {
  readonly target: Target;
  readonly naming: Naming;
  readonly layer: Layer;
  /** The URL, a secret output from the stack's `secrets`. */
  readonly url: pulumi.Input<string>;
  /** kubernetes: the platform's namespace. */
  readonly namespace?: pulumi.Input<string>;
}

/**
 * `external` mode: an existing database or cache, its URL a stack secret. The URL is copied where the
 * services read secrets from (Secrets Manager on aws, a Secret on kubernetes); it never becomes plain text.
 */
export function storeExternalUrl(
  name: string,
  spec: ExternalUrlSpec,
  parent: pulumi.Resource,
): SecretReference {
  if (spec.target === "aws") {
    const secret = new aws.secretsmanager.Secret(
      `${name}-url`,
      {
        name: spec.naming.physicalName(`${spec.layer}-url`, 512),
        description: `URL of the external ${spec.layer}`,
        tags: spec.naming.tags(spec.layer),
      },
      { parent },
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-url-value`,
      { secretId: secret.id, secretString: spec.url },
      { parent },
    );
    return { aws: { arn: secret.arn } };
  }
  const secret = new k8s.core.v1.Secret(
    `${name}-url`,
    {
      metadata: { namespace: spec.namespace, labels: spec.naming.labels(spec.layer, `${spec.layer}-url`) },
      type: "Opaque",
      stringData: { url: spec.url },
    },
    { parent },
  );
  return { kubernetes: { secretName: secret.metadata.name, key: "url" } };
}

/** What a backing layer's args say about external mode. */
export interface ExternalModeArgs {
  readonly target: Target;
  readonly naming: Naming;
  readonly engine: string;
  /** The URL, a secret from the stack's `secrets`; required in external mode. */
  readonly externalUrl?: pulumi.Input<string>;
  readonly namespace?: pulumi.Input<string>;
}

/** A backing layer in `external` mode offers services its engine and URL: `<LAYER>_ENGINE`, `<LAYER>_URL`. */
export function externalConnection(
  name: string,
  layer: "database" | "cache",
  args: ExternalModeArgs,
  parent: pulumi.Resource,
): ServiceConnection {
  const url = requireTargetArgs(args.externalUrl, args.target, `${name} (external mode: externalUrl)`);
  const prefix = layer.toUpperCase();
  return {
    env: { [`${prefix}_ENGINE`]: args.engine },
    secrets: {
      [`${prefix}_URL`]: storeExternalUrl(
        name,
        { target: args.target, naming: args.naming, layer, url, namespace: args.namespace },
        parent,
      ),
    },
  };
}
