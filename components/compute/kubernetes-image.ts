import type * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import type { ServiceSpec } from "../../stacks/schema/compute";
import type { KubernetesCtx } from "./kubernetes-context";

/**
 * A prebuilt image as given; a `build` built and pushed to the stack's registry, and run by digest so a
 * re-pushed tag never changes what runs. Pushing uses the machine's `docker login` for that registry.
 */
export function kubernetesImage(ctx: KubernetesCtx, spec: ServiceSpec): pulumi.Input<string> {
  if (!spec.build) return spec.image!;
  const image = new docker.Image(
    `${ctx.name}-${spec.name}`,
    {
      imageName: `${ctx.args.registry!}/${ctx.naming.physicalName(spec.name)}:${spec.build.tag}`,
      build: {
        context: spec.build.context,
        dockerfile: spec.build.dockerfile,
        args: spec.build.args,
        platform: "linux/amd64",
      },
    },
    { parent: ctx.parent },
  );
  return image.repoDigest;
}
