import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
// awsx's Image from its own module: the package's index (and its ECR module's index) would make the type check
// and the typed lint read every declaration of awsx and of @pulumi/aws, and the AWS SDK for JavaScript. The
// package itself is still loaded, as its own import would, for what its index registers with the runtime.
import { Image as EcrImage } from "@pulumi/awsx/ecr/image";
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@pulumi/awsx");
import type { ServiceSpec } from "../../stacks/schema/compute";
import { awsTags, type AwsCtx } from "./aws-context";

/** The image a task runs, and the ECR repository it is pulled from when it is one (for the pull grant). */
export interface AwsImage {
  readonly uri: pulumi.Input<string>;
  readonly ecrRepositoryArn?: pulumi.Input<string>;
}

/** How many images a repository keeps; older ones are expired by the lifecycle policy. */
export const KEEP_IMAGES = 30;

/** A prebuilt image as given; a `build` built and pushed to the service's own ECR repository. */
export function createImage(ctx: AwsCtx, spec: ServiceSpec): AwsImage {
  if (!spec.build) return { uri: spec.image!, ecrRepositoryArn: ecrRepositoryArnOf(spec.image!) };
  const name = `${ctx.name}-${spec.name}`;
  const repository = new aws.ecr.Repository(
    name,
    {
      name: ctx.naming.physicalName(spec.name, 256),
      // Every push is scanned for known vulnerabilities (Checkov CKV_AWS_163).
      imageScanningConfiguration: { scanOnPush: true },
      // A tag names one image forever (Checkov CKV_AWS_51).
      imageTagMutability: "IMMUTABLE",
      // KMS encryption with the AWS-managed ECR key (Checkov CKV_AWS_136).
      encryptionConfigurations: [{ encryptionType: "KMS" }],
      forceDelete: !ctx.args.protect,
      tags: awsTags(ctx, spec.name),
    },
    { parent: ctx.parent, protect: ctx.args.protect, retainOnDelete: ctx.args.protect },
  );
  new aws.ecr.LifecyclePolicy(
    name,
    { repository: repository.name, policy: JSON.stringify(lifecyclePolicy()) },
    { parent: ctx.parent },
  );
  const image = new EcrImage(
    name,
    {
      repositoryUrl: repository.repositoryUrl,
      context: spec.build.context,
      dockerfile: spec.build.dockerfile,
      imageTag: spec.build.tag,
      args: spec.build.args,
      platform: spec.aws.cpuArchitecture === "ARM64" ? "linux/arm64" : "linux/amd64",
    },
    { parent: ctx.parent },
  );
  return { uri: image.imageUri, ecrRepositoryArn: repository.arn };
}

/** Untagged layers go after a day; of the tagged images the newest KEEP_IMAGES stay. */
export function lifecyclePolicy() {
  return {
    rules: [
      {
        rulePriority: 1,
        description: "Expire untagged images after a day",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 1,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${KEEP_IMAGES} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: KEEP_IMAGES },
        action: { type: "expire" },
      },
    ],
  };
}

/** A prebuilt image in a private ECR repository needs a pull grant on that repository; others need none. */
export function ecrRepositoryArnOf(image: string): string | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(image);
  return match ? `arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}` : undefined;
}
