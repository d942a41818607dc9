import type * as aws from "../../components/shared/aws/sdk";
import type { Unwrap } from "@pulumi/pulumi";
import { asArray, isSet, known, resourceRule } from "../rule";
import { productionConfigSchema, requireProduction } from "../environment";

type Distribution = Unwrap<aws.cloudfront.DistributionArgs>;

const DISTRIBUTIONS = ["aws:cloudfront/distribution:Distribution"];
const HTTPS_POLICIES = ["redirect-to-https", "https-only"];

function isS3Origin(origin: Distribution["origins"][number]): boolean {
  return (
    isSet(origin, "s3OriginConfig") ||
    asArray(known<string>(origin, "domainName")).some((domain) =>
      /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain),
    )
  );
}

export const cloudfrontPolicies = [
  resourceRule<Distribution>(
    {
      id: "CKV_AWS_34",
      description: "CloudFront serves viewers over HTTPS only.",
      fix: 'Set viewerProtocolPolicy: "redirect-to-https" (or "https-only") on every cache behavior.',
    },
    DISTRIBUTIONS,
    (distribution, _args, fail) => {
      const behaviors = [
        known<Distribution["defaultCacheBehavior"]>(distribution, "defaultCacheBehavior"),
        ...asArray(known<Distribution["orderedCacheBehaviors"]>(distribution, "orderedCacheBehaviors")),
      ];
      for (const behavior of behaviors) {
        const policy = known<string>(behavior, "viewerProtocolPolicy");
        if (behavior && policy !== undefined && !HTTPS_POLICIES.includes(policy)) {
          fail(
            `A cache behavior${"pathPattern" in behavior ? ` (${behavior.pathPattern})` : ""} allows plain HTTP.`,
          );
        }
      }
    },
  ),
  resourceRule<Distribution>(
    {
      id: "CKV_AWS_174",
      // Production only: the default *.cloudfront.net name of a dev stack cannot set a minimum version.
      description: "In production, CloudFront refuses viewer TLS versions older than 1.2.",
      fix: 'Set cdn.domain in the stack (an ACM certificate in us-east-1 with minimumProtocolVersion "TLSv1.2_2021").',
      configSchema: productionConfigSchema,
    },
    DISTRIBUTIONS,
    (distribution, args, fail) => {
      requireProduction(args);
      const certificate = known<Distribution["viewerCertificate"]>(distribution, "viewerCertificate");
      if (certificate?.cloudfrontDefaultCertificate === true) {
        fail("The default *.cloudfront.net certificate accepts TLS 1.0.");
        return;
      }
      const version = certificate?.minimumProtocolVersion ?? "TLSv1";
      if (!/^TLSv1\.[23]/.test(version)) fail(`The minimum protocol version is ${version}.`);
    },
  ),
  resourceRule<Distribution>(
    {
      id: "CKV_AWS_86",
      description: "CloudFront writes access logs.",
      fix: "Set loggingConfig: { bucket: <log bucket>.bucketDomainName }.",
    },
    DISTRIBUTIONS,
    (distribution, _args, fail) => {
      if (!isSet(known(distribution, "loggingConfig"), "bucket")) fail("Access logging is off.");
    },
  ),
  resourceRule<Distribution>(
    {
      id: "CKV_AWS_68",
      // Production only: a web ACL is billed monthly per ACL and rule, which a dev stack does without.
      description: "In production, CloudFront is protected by an AWS WAF web ACL.",
      fix: "Set cdn.waf.enabled: true (the prod preset does), or attach an aws.wafv2.WebAcl (scope CLOUDFRONT) as webAclId.",
      configSchema: productionConfigSchema,
    },
    DISTRIBUTIONS,
    (distribution, args, fail) => {
      requireProduction(args);
      if (!isSet(distribution, "webAclId")) fail("No web ACL is attached.");
    },
  ),
  resourceRule<Distribution>(
    {
      // Checkov has no OAC rule for this resource; AWS Security Hub's CloudFront.13 is the public one.
      id: "AWS-SecurityHub-CloudFront.13",
      description:
        "CloudFront reaches S3 origins through Origin Access Control, so the bucket stays private.",
      fix: "Create an aws.cloudfront.OriginAccessControl (signingBehavior always, sigv4) and set originAccessControlId on each S3 origin.",
    },
    DISTRIBUTIONS,
    (distribution, _args, fail) => {
      for (const origin of asArray(known<Distribution["origins"]>(distribution, "origins"))) {
        if (isS3Origin(origin) && !isSet(origin, "originAccessControlId")) {
          fail(`S3 origin ${known<string>(origin, "originId") ?? ""} has no Origin Access Control.`);
        }
      }
    },
  ),
];
