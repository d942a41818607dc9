import * as pulumi from "@pulumi/pulumi";
import * as aws from "../components/shared/aws/sdk";
import { Naming } from "../components/naming";
import type { BootstrapConfig } from "./config";
import { StateBackend } from "./state";
import { GithubOidc } from "./github-oidc";

/** The bootstrap's resources, and the outputs docs/ci-cd.md tells the user to copy into GitHub and the stacks. */
export function buildBootstrap(config: BootstrapConfig): Record<string, unknown> {
  // Its own provider: the bootstrap's region is a setting, never the ambient AWS_REGION.
  const provider = new aws.Provider("bootstrap-aws", { region: config.region });
  const opts = { providers: { aws: provider } };
  const stacks = Object.keys(config.stacks);
  const state =
    config.backend === "s3"
      ? new StateBackend(
          "state",
          {
            naming: new Naming(pulumi.getProject(), pulumi.getStack()),
            project: config.project,
            stacks,
            region: config.region,
            protect: config.protect,
          },
          opts,
        )
      : undefined;
  const github = config.github
    ? new GithubOidc(
        "github",
        {
          github: config.github,
          project: config.project,
          stacks: config.stacks,
          state: state && { bucket: state.bucket, secretsKeyArns: state.secretsKeyArns },
          protect: config.protect,
        },
        opts,
      )
    : undefined;
  return {
    ...(state && { backendUrl: state.backendUrl, secretsProviders: state.secretsProviders }),
    ...(github && { oidcProviderArn: github.providerArn, roleArns: github.roleArns }),
  };
}
