import * as pulumi from "@pulumi/pulumi";
import * as aws from "../shared/aws/sdk";
import type { Naming } from "../naming";
import { transformed, type Transform } from "../transform";
import type { PriceClass } from "../../stacks/schema/cdn";
import { createBucketPolicy, createPrivateBucket, type PrivateBucket } from "../shared/aws/private-bucket";
import type { SiteFile } from "./site-files";
import { SECURITY_HEADERS } from "./headers";
import { SPA_FALLBACK_CODE } from "./spa-fallback";
import { LogsKey } from "../shared/aws/logs-key";
import { createDataKey } from "../shared/aws/data-key";
import { keyPolicy } from "../shared/aws/key-policy";
import {
  createAliasRecords,
  createCertificate,
  createUsEast1Provider,
  createWebAcl,
  createWebAclLogging,
  lookupZone,
  type Certificate,
  type DomainSpec,
  type EdgeName,
} from "./aws-edge";

/** CloudFront's managed policies, looked up by name (their ids are AWS's, the same in every account). */
export const MANAGED_POLICIES = {
  cacheStatic: "Managed-CachingOptimized",
  cacheDisabled: "Managed-CachingDisabled",
  /** Everything the viewer sent except Host, which must be the load balancer's own name. */
  apiRequest: "Managed-AllViewerExceptHostHeader",
} as const;

const SITE_ORIGIN = "site";
const API_ORIGIN = "api";

export interface AwsCdnArgs {
  /** The custom domain and its Route 53 zone; CloudFront's own name and certificate when unset. */
  readonly domain?: DomainSpec;
  readonly priceClass: PriceClass;
  /** WAF web ACL with this per-IP limit per 5 minutes; none when unset. */
  readonly waf?: { readonly ratePerFiveMinutes: number };
  /** Days the access logs (and the WAF's request logs) are kept. */
  readonly logRetentionDays: number;
  /** The stack's region and its logs key, which the WAF's log group in us-east-1 shares when the stack is there. */
  readonly region: string;
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** Adds `preload` to Strict-Transport-Security (the owner then submits the domain to hstspreload.org). */
  readonly hstsPreload: boolean;
  /** Keep the site and access-log buckets, and the access logs' key, on destroy (prod). */
  readonly protect: boolean;
  /** Edit the args of a kind of child before it is created. */
  readonly transform?: {
    readonly distribution?: Transform<aws.cloudfront.DistributionArgs>;
    readonly responseHeadersPolicy?: Transform<aws.cloudfront.ResponseHeadersPolicyArgs>;
    readonly webAcl?: Transform<aws.wafv2.WebAclArgs>;
  };
}

/** The internal load balancer the CDN sends the public services' paths to, through a CloudFront VPC origin. */
export interface ApiOrigin {
  readonly loadBalancerArn: pulumi.Input<string>;
  /** The name CloudFront sends as SNI and Host: the domain of the load balancer's certificate, else its DNS name. */
  readonly domainName: pulumi.Input<string>;
  /** "https-only" needs a certificate valid for `domainName` on the load balancer. */
  readonly protocolPolicy: "https-only" | "http-only";
  /** The public services' path prefixes (`/api`): each is served as `/api` and `/api/*`. */
  readonly paths: readonly string[];
  /** The services' own hostname (compute.aws.domain), answered by the distribution too: same paths, same WAF. */
  readonly hostname?: EdgeName & {
    /** The A record that pointed the name at the load balancer before, which the CDN's A record takes over. */
    readonly formerA?: pulumi.Alias;
  };
}

export interface AwsCdn {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  /** CloudFront's name for the distribution (`d123.cloudfront.net`). */
  readonly domainName: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;
}

interface Ctx {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly naming: Naming;
  readonly args: AwsCdnArgs;
}

/**
 * The front end on CloudFront: files in a private, versioned, encrypted bucket that only this distribution
 * can read (Origin Access Control), viewers on HTTPS with TLS 1.2+, security headers, access logs, `/api/*`
 * to the load balancer, and in prod a WAF web ACL.
 */
export function buildAwsCdn(
  name: string,
  args: AwsCdnArgs,
  files: readonly SiteFile[],
  spaFallback: boolean,
  apiOrigin: ApiOrigin | undefined,
  naming: Naming,
  parent: pulumi.Resource,
): AwsCdn {
  const ctx: Ctx = { name, parent, naming, args };
  const site = createPrivateBucket(
    `${name}-bucket`,
    // Protected in prod too: its versions are the front end's rollback history, though a deploy refills it.
    { naming, layer: "cdn", role: "site", protect: args.protect },
    parent,
  );
  uploadFiles(ctx, site.bucket, files);
  const logs = createPrivateBucket(
    `${name}-logs`,
    {
      naming,
      layer: "cdn",
      role: "cdn-logs",
      protect: args.protect,
      // CloudFront's standard logs are written with an ACL granting the bucket owner control.
      objectOwnership: "BucketOwnerPreferred",
      expireAfterDays: args.logRetentionDays,
      kmsKeyArn: createLogBucketKey(ctx).arn,
    },
    parent,
  );
  createBucketPolicy(`${name}-logs-policy`, logs, [], parent);

  const names: { role: string; entry: EdgeName; formerA?: pulumi.Alias }[] = [
    ...(args.domain
      ? [{ role: "alias", entry: { domain: args.domain.domain, zoneId: lookupZone(args.domain, parent) } }]
      : []),
    ...(apiOrigin?.hostname
      ? [{ role: "api-alias", entry: apiOrigin.hostname, formerA: apiOrigin.hostname.formerA }]
      : []),
  ];
  const usEast1 = names.length > 0 || args.waf ? createUsEast1Provider(name, parent) : undefined;
  const certificate =
    names.length > 0 && usEast1
      ? createCertificate(
          name,
          names.map((n) => n.entry),
          naming,
          parent,
          usEast1,
        )
      : undefined;
  const webAcl = args.waf && usEast1 ? createWaf(ctx, args.waf.ratePerFiveMinutes, usEast1) : undefined;

  const distribution = createDistribution(ctx, {
    site: site.bucket,
    logs,
    aliases: names.map((n) => n.entry.domain),
    oac: createOriginAccessControl(ctx),
    headers: createResponseHeadersPolicy(ctx),
    spaFunction: spaFallback ? createSpaFunction(ctx) : undefined,
    apiOrigin,
    certificate,
    webAclArn: webAcl?.arn,
  });
  allowOnlyTheDistribution(ctx, site, distribution);
  for (const { role, entry, formerA } of names) {
    createAliasRecords(`${name}-${role}`, entry, distribution, parent, formerA);
  }
  return {
    distributionId: distribution.id,
    distributionArn: distribution.arn,
    domainName: distribution.domainName,
    bucketName: site.bucket.bucket,
    url: args.domain
      ? pulumi.output(`https://${args.domain.domain}`)
      : pulumi.interpolate`https://${distribution.domainName}`,
  };
}

/**
 * The customer-managed key of the standard-logs bucket (Checkov CKV_AWS_145). CloudFront's log delivery service
 * may use it for what the CloudFront developer guide asks ("Standard logging (legacy)", key policy for SSE-KMS
 * buckets): kms:GenerateDataKey* to write, and kms:Decrypt because the bucket uses an S3 Bucket Key. The AWS
 * managed key (aws/s3) cannot be used: its policy cannot grant that. Parented like the bucket, so it is made
 * in the bucket's region, as SSE-KMS requires; protected with it, as the logs cannot be read without it.
 */
function createLogBucketKey(ctx: Ctx): aws.kms.Key {
  const { name, parent, naming, args } = ctx;
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  return createDataKey(
    `${name}-logs-key`,
    {
      naming,
      layer: "cdn",
      role: "cdn-logs",
      description: `Encrypts the CloudFront standard logs of ${naming.project}-${naming.stack}`,
      protect: args.protect,
      policy: keyPolicy(account, {
        Sid: "CloudFrontLogDeliveryWritesLogs",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
      }),
    },
    parent,
  );
}

/** The web ACL and its request log; the log's key is the stack's when the stack is in us-east-1, else its own. */
function createWaf(ctx: Ctx, ratePerFiveMinutes: number, usEast1: aws.Provider): aws.wafv2.WebAcl {
  const { name, parent, naming, args } = ctx;
  const webAcl = createWebAcl(name, ratePerFiveMinutes, naming, parent, usEast1, args.transform?.webAcl);
  const kmsKeyArn =
    args.region === "us-east-1"
      ? args.logsKmsKeyArn
      : new LogsKey(
          `${name}-waf-logs`,
          { naming, region: "us-east-1", protect: args.protect },
          { parent, providers: [usEast1] },
        ).arn;
  createWebAclLogging(
    name,
    webAcl,
    { naming, retentionDays: args.logRetentionDays, kmsKeyArn },
    parent,
    usEast1,
  );
  return webAcl;
}

/** Each file with its content type and cache header; named by key, so adding a file replaces nothing. */
function uploadFiles(ctx: Ctx, bucket: aws.s3.Bucket, files: readonly SiteFile[]): void {
  for (const file of files) {
    new aws.s3.BucketObjectv2(
      `${ctx.name}-file-${file.key}`,
      {
        bucket: bucket.id,
        key: file.key,
        source: new pulumi.asset.FileAsset(file.absolutePath),
        contentType: file.contentType,
        cacheControl: file.cacheControl,
      },
      { parent: ctx.parent },
    );
  }
}

/** Checkov CKV2_AWS_46: CloudFront signs its requests to S3 (SigV4), replacing the legacy origin access identity. */
function createOriginAccessControl(ctx: Ctx): aws.cloudfront.OriginAccessControl {
  return new aws.cloudfront.OriginAccessControl(
    `${ctx.name}-oac`,
    {
      name: ctx.naming.physicalName("site", 64),
      description: "CloudFront reads the front end's bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    },
    { parent: ctx.parent },
  );
}

/** Checkov CKV2_AWS_32: security headers on every response, overriding any the origin sends. */
function createResponseHeadersPolicy(ctx: Ctx): aws.cloudfront.ResponseHeadersPolicy {
  const name = `${ctx.name}-security-headers`;
  const h = SECURITY_HEADERS;
  const args: aws.cloudfront.ResponseHeadersPolicyArgs = {
    name: ctx.naming.physicalName("security-headers", 128),
    comment: "Security headers of the front end and the API",
    securityHeadersConfig: {
      strictTransportSecurity: {
        accessControlMaxAgeSec: h.strictTransportSecurity.maxAgeSeconds,
        includeSubdomains: h.strictTransportSecurity.includeSubdomains,
        // Checkov CKV_AWS_259 asks for preload; it binds the whole registered domain for months, so it is opt-in.
        preload: ctx.args.hstsPreload,
        override: true,
      },
      contentSecurityPolicy: { contentSecurityPolicy: h.contentSecurityPolicy, override: true },
      frameOptions: { frameOption: h.frameOptions, override: true },
      referrerPolicy: { referrerPolicy: h.referrerPolicy, override: true },
      contentTypeOptions: { override: true },
    },
  };
  return new aws.cloudfront.ResponseHeadersPolicy(
    name,
    transformed(args, name, ctx.args.transform?.responseHeadersPolicy),
    {
      parent: ctx.parent,
    },
  );
}

function createSpaFunction(ctx: Ctx): aws.cloudfront.Function {
  return new aws.cloudfront.Function(
    `${ctx.name}-spa-fallback`,
    {
      name: ctx.naming.physicalName("spa-fallback", 64),
      comment: "Serves index.html for client-side routes",
      runtime: "cloudfront-js-2.0",
      code: SPA_FALLBACK_CODE,
      publish: true,
    },
    { parent: ctx.parent },
  );
}

interface DistributionParts {
  readonly site: aws.s3.Bucket;
  readonly logs: PrivateBucket;
  readonly aliases: string[];
  readonly oac: aws.cloudfront.OriginAccessControl;
  readonly headers: aws.cloudfront.ResponseHeadersPolicy;
  readonly spaFunction?: aws.cloudfront.Function;
  readonly apiOrigin?: ApiOrigin;
  readonly certificate?: Certificate;
  readonly webAclArn?: pulumi.Output<string>;
}

function createDistribution(ctx: Ctx, parts: DistributionParts): aws.cloudfront.Distribution {
  const { parent, naming, args } = ctx;
  const lookup = { parent };
  const cacheStatic = aws.cloudfront.getCachePolicyOutput({ name: MANAGED_POLICIES.cacheStatic }, lookup);
  const origins: aws.types.input.cloudfront.DistributionOrigin[] = [
    {
      originId: SITE_ORIGIN,
      domainName: parts.site.bucketRegionalDomainName,
      originAccessControlId: parts.oac.id,
    },
  ];
  const behaviors: aws.types.input.cloudfront.DistributionOrderedCacheBehavior[] = [];
  if (parts.apiOrigin) {
    origins.push(apiOrigin(ctx, parts.apiOrigin));
    const apiBehavior = {
      targetOriginId: API_ORIGIN,
      viewerProtocolPolicy: "https-only",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      compress: true,
      cachePolicyId: aws.cloudfront
        .getCachePolicyOutput({ name: MANAGED_POLICIES.cacheDisabled }, lookup)
        .apply((policy) => policy.id ?? ""),
      originRequestPolicyId: aws.cloudfront
        .getOriginRequestPolicyOutput({ name: MANAGED_POLICIES.apiRequest }, lookup)
        .apply((policy) => policy.id ?? ""),
      responseHeadersPolicyId: parts.headers.id,
    };
    // `/api` itself too: `/api/*` does not match it, and the site's fallback would answer it with index.html.
    for (const pathPattern of apiPathPatterns(parts.apiOrigin.paths))
      behaviors.push({ pathPattern, ...apiBehavior });
  }
  const name = `${ctx.name}-distribution`;
  const distributionArgs: aws.cloudfront.DistributionArgs = {
    enabled: true,
    comment: `Front end of ${naming.project}-${naming.stack}`,
    aliases: parts.aliases.length > 0 ? parts.aliases : undefined,
    defaultRootObject: "index.html",
    // HTTP/2 and HTTP/3 (QUIC) for viewers; CloudFront falls back to HTTP/1.1 for old clients.
    httpVersion: "http2and3",
    isIpv6Enabled: true,
    priceClass: args.priceClass,
    origins,
    defaultCacheBehavior: {
      targetOriginId: SITE_ORIGIN,
      // Checkov CKV_AWS_34: viewers on HTTPS; plain HTTP is redirected, never served.
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachedMethods: ["GET", "HEAD"],
      compress: true,
      // Honours the objects' Cache-Control: hashed assets for a year, index.html revalidated each load.
      cachePolicyId: cacheStatic.apply((policy) => policy.id ?? ""),
      responseHeadersPolicyId: parts.headers.id,
      functionAssociations: parts.spaFunction
        ? [{ eventType: "viewer-request", functionArn: parts.spaFunction.arn }]
        : undefined,
    },
    orderedCacheBehaviors: behaviors,
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: parts.certificate
      ? {
          acmCertificateArn: parts.certificate.arn,
          sslSupportMethod: "sni-only",
          // Checkov CKV_AWS_174: TLS 1.2 or later, with forward-secret ciphers only.
          minimumProtocolVersion: "TLSv1.2_2021",
        }
      : { cloudfrontDefaultCertificate: true },
    // Checkov CKV_AWS_86: standard access logs.
    loggingConfig: {
      bucket: parts.logs.bucket.bucketDomainName,
      prefix: "cloudfront/",
      includeCookies: false,
    },
    webAclId: parts.webAclArn,
    tags: naming.tags("cdn", { Name: naming.physicalName("cdn", 255) }),
  };
  return new aws.cloudfront.Distribution(
    name,
    transformed(distributionArgs, name, args.transform?.distribution),
    // Standard logs are written with ACLs, which a new bucket refuses until its ownership controls allow them.
    { parent, dependsOn: [parts.logs.ownershipControls] },
  );
}

/** Each public path as CloudFront matches it: the prefix itself and everything under it, longest first. */
export function apiPathPatterns(paths: readonly string[]): string[] {
  return [...paths].sort((a, b) => b.length - a.length || a.localeCompare(b)).flatMap((p) => [p, `${p}/*`]);
}

/**
 * The load balancer as a VPC origin: CloudFront reaches it inside the VPC, so it needs no public address. AWS
 * takes up to about 15 minutes to deploy one; the timeouts leave room. A changed port or protocol updates it in
 * place; a new load balancer (its ARN) is a new endpoint.
 */
function apiOrigin(ctx: Ctx, origin: ApiOrigin): aws.types.input.cloudfront.DistributionOrigin {
  const vpcOrigin = new aws.cloudfront.VpcOrigin(
    `${ctx.name}-api-origin`,
    {
      vpcOriginEndpointConfig: {
        name: ctx.naming.physicalName("api", 64),
        arn: origin.loadBalancerArn,
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: origin.protocolPolicy,
        originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
      },
      timeouts: { create: "30m", update: "30m", delete: "30m" },
      tags: ctx.naming.tags("cdn", { Name: ctx.naming.physicalName("api", 255) }),
    },
    { parent: ctx.parent },
  );
  return {
    originId: API_ORIGIN,
    domainName: origin.domainName,
    vpcOriginConfig: { vpcOriginId: vpcOrigin.id },
  };
}

/** The site bucket answers only this distribution, signed through OAC, and only over TLS 1.2+. */
function allowOnlyTheDistribution(
  ctx: Ctx,
  site: PrivateBucket,
  distribution: aws.cloudfront.Distribution,
): void {
  createBucketPolicy(
    `${ctx.name}-bucket-policy`,
    site,
    [
      {
        Sid: "CloudFrontReadsThroughOac",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: pulumi.interpolate`${site.bucket.arn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
      },
    ],
    ctx.parent,
  );
}
