import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../target";
import type { Naming } from "../naming";
import { requireTargetArgs } from "../target-args";
import { listSiteFiles } from "./site-files";
import { buildAwsCdn, type ApiOrigin, type AwsCdn, type AwsCdnArgs } from "./aws";
import { buildKubernetesCdn, type KubernetesCdn, type KubernetesCdnArgs } from "./kubernetes";

export type { ApiOrigin } from "./aws";

export interface CdnArgs {
  /** Which builder runs; the provider for it comes through `opts.providers`. */
  readonly target: Target;
  /** Physical names and tags of this project and stack. */
  readonly naming: Naming;
  /** Absolute path of the built front end; it must contain index.html. */
  readonly siteDir: string;
  /** Serve index.html for paths that are not files (client-side routes). */
  readonly spaFallback: boolean;
  /** The load balancer that answers `/api/*` (aws); on kubernetes the compute layer routes `/api` itself. */
  readonly apiOrigin?: ApiOrigin;
  /** Settings of the aws builder; required when target is aws. */
  readonly aws?: AwsCdnArgs;
  /** Settings of the kubernetes builder; required when target is kubernetes. */
  readonly kubernetes?: KubernetesCdnArgs;
}

/**
 * The static front end, served close to its users. On aws: a private S3 bucket behind CloudFront. On
 * kubernetes: nginx behind the cluster's ingress. Both serve the same cache and security headers.
 */
export class Cdn extends pulumi.ComponentResource {
  /** Set when target is aws. */
  public readonly aws?: AwsCdn;
  /** Set when target is kubernetes. */
  public readonly kubernetes?: KubernetesCdn;

  constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("strata:cdn:Cdn", name, {}, opts);
    const files = listSiteFiles(args.siteDir);
    if (args.target === "aws") {
      const settings = requireTargetArgs(args.aws, "aws", name);
      this.aws = buildAwsCdn(name, settings, files, args.spaFallback, args.apiOrigin, args.naming, this);
      this.registerOutputs({
        distributionId: this.aws.distributionId,
        domainName: this.aws.domainName,
        bucketName: this.aws.bucketName,
        url: this.aws.url,
      });
    } else {
      const settings = requireTargetArgs(args.kubernetes, "kubernetes", name);
      this.kubernetes = buildKubernetesCdn(name, settings, files, args.spaFallback, args.naming, this);
      this.registerOutputs({ serviceName: this.kubernetes.serviceName, url: this.kubernetes.url });
    }
  }
}
