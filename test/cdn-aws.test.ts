import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { byType, childrenOf, findResource, type Graph } from "./support/harness";
import { edgeGraph } from "./support/edge-stacks";
import { named, registeredBy } from "./support/component";
import { Cdn } from "../components/cdn";
import { Naming } from "../components/naming";
import { MANAGED_CLOUDFRONT_POLICIES } from "../tools/harness/mocks";
import { CACHE } from "../components/cdn/site-files";

type Statement = {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
};

function policyOf(graph: Graph, name: string): Statement[] {
  return JSON.parse(findResource(graph, "aws:s3/bucketPolicy:BucketPolicy", name).inputs.policy as string)
    .Statement as Statement[];
}

const SITE_FILES = {
  "index.html": { contentType: "text/html; charset=utf-8", cacheControl: CACHE.revalidate },
  "assets/app.3f9c2a1b.js": { contentType: "text/javascript; charset=utf-8", cacheControl: CACHE.immutable },
  "assets/app.5d41402a.css": { contentType: "text/css; charset=utf-8", cacheControl: CACHE.immutable },
  "favicon.svg": { contentType: "image/svg+xml", cacheControl: CACHE.short },
};

for (const stack of ["dev", "prod"] as const) {
  describe(`cdn on aws, ${stack} stack`, () => {
    let graph: Graph;
    before(async () => {
      graph = await edgeGraph(stack, "aws");
    });
    const prod = stack === "prod";

    it("builds exactly the bucket, the uploads, the log bucket and the distribution (WAF and domain in prod)", () => {
      const cdn = findResource(graph, "strata:cdn:Cdn", "cdn");
      const children = childrenOf(graph, cdn).map((r) => r.name);
      const bucketParts = (b: string) => [
        b,
        `${b}-public-access-block`,
        `${b}-ownership`,
        `${b}-encryption`,
        `${b}-versioning`,
        `${b}-lifecycle`,
      ];
      assert.deepEqual(children, [
        ...bucketParts("cdn-bucket"),
        ...Object.keys(SITE_FILES)
          .sort()
          .map((key) => `cdn-file-${key}`),
        "cdn-logs-key",
        "cdn-logs-key-alias",
        ...bucketParts("cdn-logs"),
        "cdn-logs-policy",
        ...(prod
          ? [
              "cdn-us-east-1",
              "cdn-certificate",
              "cdn-certificate-validation",
              "cdn-certificate-validation-2",
              "cdn-certificate-validated",
              "cdn-web-acl",
              "cdn-waf-logs",
              "cdn-waf-logs",
              "cdn-waf-logging",
            ]
          : []),
        "cdn-oac",
        "cdn-security-headers",
        "cdn-spa-fallback",
        "cdn-api-origin",
        "cdn-distribution",
        "cdn-bucket-policy",
        ...(prod ? ["cdn-alias-a", "cdn-alias-aaaa", "cdn-api-alias-a", "cdn-api-alias-aaaa"] : []),
      ]);
    });

    it("keeps both buckets private: four public access blocks, encryption, versioning, no ACLs on the site", () => {
      // CKV_AWS_19: the site with S3's keys, the logs with their own customer key (see the next test).
      const encryption: Record<string, unknown> = {
        "cdn-bucket": { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        "cdn-logs": {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:cdn-logs-key",
          },
          bucketKeyEnabled: true,
        },
      };
      for (const bucket of ["cdn-bucket", "cdn-logs"]) {
        const block = findResource(
          graph,
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          `${bucket}-public-access-block`,
        );
        assert.equal(block.inputs.bucket, `${bucket}-id`);
        // Checkov CKV_AWS_53, 54, 55, 56.
        for (const setting of [
          "blockPublicAcls",
          "blockPublicPolicy",
          "ignorePublicAcls",
          "restrictPublicBuckets",
        ]) {
          assert.equal(block.inputs[setting], true, `${bucket} ${setting}`);
        }
        const sse = findResource(
          graph,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          `${bucket}-encryption`,
        );
        assert.deepEqual(sse.inputs.rules, [encryption[bucket]], bucket);
        const versioning = findResource(
          graph,
          "aws:s3/bucketVersioning:BucketVersioning",
          `${bucket}-versioning`,
        );
        assert.deepEqual(versioning.inputs.versioningConfiguration, { status: "Enabled" }); // CKV_AWS_21
      }
      const ownership = (b: string) =>
        (
          findResource(graph, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${b}-ownership`)
            .inputs.rule as { objectOwnership: string }
        ).objectOwnership;
      assert.equal(ownership("cdn-bucket"), "BucketOwnerEnforced");
      // CloudFront's standard logs are delivered with ACLs.
      assert.equal(ownership("cdn-logs"), "BucketOwnerPreferred");
      assert.equal(byType(graph, "aws:s3/bucketAcl:BucketAcl").length, 0);
      assert.equal(byType(graph, "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration").length, 0);
    });

    it("lets only this distribution read the site bucket, and only over TLS 1.2+ (CIS AWS 2.1.1, CKV2_AWS_46)", () => {
      const statements = policyOf(graph, "cdn-bucket-policy");
      const bucketArn = "arn:aws:s3:eu-west-1:123456789012:cdn-bucket";
      const allows = statements.filter((s) => s.Effect === "Allow");
      assert.deepEqual(allows, [
        {
          Sid: "CloudFrontReadsThroughOac",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `${bucketArn}/*`,
          Condition: {
            StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront:eu-west-1:123456789012:cdn-distribution" },
          },
        },
      ]);
      const denies = statements.filter((s) => s.Effect === "Deny");
      assert.deepEqual(
        denies.map((s) => [s.Principal, s.Action, s.Resource, s.Condition]),
        [
          ["*", "s3:*", [bucketArn, `${bucketArn}/*`], { Bool: { "aws:SecureTransport": "false" } }],
          ["*", "s3:*", [bucketArn, `${bucketArn}/*`], { NumericLessThan: { "s3:TlsVersion": "1.2" } }],
        ],
      );
      const policy = findResource(graph, "aws:s3/bucketPolicy:BucketPolicy", "cdn-bucket-policy");
      const block = findResource(
        graph,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "cdn-bucket-public-access-block",
      );
      assert.deepEqual(policy.dependsOn, [block.urn]);
      const logsPolicy = policyOf(graph, "cdn-logs-policy");
      assert.deepEqual(
        logsPolicy.map((s) => s.Sid),
        ["DenyInsecureTransport", "DenyTlsBelow12"],
      );
      const origin = (
        findResource(graph, "aws:cloudfront/distribution:Distribution", "cdn-distribution").inputs
          .origins as Record<string, unknown>[]
      )[0];
      assert.deepEqual(origin, {
        originId: "site",
        domainName: "strata-" + stack + "-site-offline.s3.eu-west-1.amazonaws.com",
        originAccessControlId: "cdn-oac-id",
      });
      const oac = findResource(graph, "aws:cloudfront/originAccessControl:OriginAccessControl", "cdn-oac");
      assert.equal(oac.inputs.originAccessControlOriginType, "s3");
      assert.equal(oac.inputs.signingBehavior, "always");
      assert.equal(oac.inputs.signingProtocol, "sigv4");
    });

    it("uploads every file with its content type and cache header (hashed immutable, index.html no-cache)", () => {
      const uploads = byType(graph, "aws:s3/bucketObjectv2:BucketObjectv2");
      const seen = Object.fromEntries(
        uploads.map((u) => [
          u.inputs.key,
          { contentType: u.inputs.contentType, cacheControl: u.inputs.cacheControl },
        ]),
      );
      assert.deepEqual(seen, SITE_FILES);
      for (const upload of uploads) assert.equal(upload.inputs.bucket, "cdn-bucket-id");
      assert.equal(
        findResource(graph, "aws:s3/bucketObjectv2:BucketObjectv2", "cdn-file-index.html").inputs
          .cacheControl,
        "no-cache",
      );
      assert.equal(
        findResource(graph, "aws:s3/bucketObjectv2:BucketObjectv2", "cdn-file-assets/app.3f9c2a1b.js").inputs
          .cacheControl,
        "public, max-age=31536000, immutable",
      );
    });

    it("serves viewers over HTTPS only, compressed, on HTTP/2 and HTTP/3, with security headers and access logs", () => {
      const d = findResource(graph, "aws:cloudfront/distribution:Distribution", "cdn-distribution").inputs;
      const behavior = d.defaultCacheBehavior as Record<string, unknown>;
      assert.equal(behavior.viewerProtocolPolicy, "redirect-to-https"); // CKV_AWS_34
      assert.equal(behavior.compress, true);
      assert.equal(behavior.cachePolicyId, MANAGED_CLOUDFRONT_POLICIES["Managed-CachingOptimized"]);
      assert.equal(behavior.responseHeadersPolicyId, "cdn-security-headers-id"); // CKV2_AWS_32
      assert.deepEqual(behavior.functionAssociations, [
        {
          eventType: "viewer-request",
          functionArn: "arn:aws:cloudfront:eu-west-1:123456789012:cdn-spa-fallback",
        },
      ]);
      assert.equal(d.httpVersion, "http2and3");
      assert.equal(d.isIpv6Enabled, true);
      assert.equal(d.defaultRootObject, "index.html");
      assert.equal(d.priceClass, "PriceClass_100");
      assert.deepEqual(d.loggingConfig, {
        bucket: `strata-${stack}-cdn-logs-offline.s3.amazonaws.com`,
        prefix: "cloudfront/",
        includeCookies: false,
      }); // CKV_AWS_86
      if (prod) {
        // The services' own name is the distribution's too: no request reaches them around the WAF.
        assert.deepEqual(d.aliases, ["www.example.org", "api.example.org"]);
        assert.deepEqual(d.viewerCertificate, {
          acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:cdn-certificate",
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2021", // CKV_AWS_174
        });
      } else {
        assert.equal(d.aliases, undefined);
        assert.deepEqual(d.viewerCertificate, { cloudfrontDefaultCertificate: true });
      }
      const headers = findResource(
        graph,
        "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
        "cdn-security-headers",
      ).inputs.securityHeadersConfig as Record<string, Record<string, unknown>>;
      // No preload unless the stack opts in (cdn.hstsPreload): it binds every subdomain for months.
      assert.deepEqual(headers.strictTransportSecurity, {
        accessControlMaxAgeSec: 63072000,
        includeSubdomains: true,
        preload: false,
        override: true,
      });
      assert.deepEqual(headers.frameOptions, { frameOption: "DENY", override: true });
      assert.deepEqual(headers.contentTypeOptions, { override: true });
      assert.equal(headers.referrerPolicy.referrerPolicy, "strict-origin-when-cross-origin");
      assert.match(
        String(headers.contentSecurityPolicy.contentSecurityPolicy),
        /default-src 'self'.*frame-ancestors 'none'/,
      );
    });

    it("sends /api and /api/* to the internal load balancer through a VPC origin: HTTPS by its domain in prod, HTTP inside the VPC in dev", () => {
      const d = findResource(graph, "aws:cloudfront/distribution:Distribution", "cdn-distribution").inputs;
      const alb = findResource(graph, "aws:lb/loadBalancer:LoadBalancer", "compute-alb");
      assert.equal(alb.inputs.internal, true);
      assert.deepEqual((d.origins as Record<string, unknown>[]).slice(1), [
        {
          originId: "api",
          // dev has no domain for the services, so no certificate: CloudFront names the ALB by its DNS name.
          domainName: prod ? "api.example.org" : `strata-${stack}-alb-123456789.eu-west-1.elb.amazonaws.com`,
          vpcOriginConfig: { vpcOriginId: "cdn-api-origin-id" },
        },
      ]);
      const origin = findResource(graph, "aws:cloudfront/vpcOrigin:VpcOrigin", "cdn-api-origin");
      assert.deepEqual(origin.inputs.vpcOriginEndpointConfig, {
        name: `strata-${stack}-api`,
        arn: "arn:aws:lb:eu-west-1:123456789012:compute-alb",
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: prod ? "https-only" : "http-only",
        originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
      });
      const behavior = {
        targetOriginId: "api",
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: MANAGED_CLOUDFRONT_POLICIES["Managed-CachingDisabled"],
        originRequestPolicyId: MANAGED_CLOUDFRONT_POLICIES["Managed-AllViewerExceptHostHeader"],
        responseHeadersPolicyId: "cdn-security-headers-id",
      };
      assert.deepEqual(d.orderedCacheBehaviors, [
        { pathPattern: "/api", ...behavior },
        { pathPattern: "/api/*", ...behavior },
      ]);
    });

    it("makes the distribution wait for the log bucket's ownership controls, which allow the ACLs its logs need", () => {
      // Property: every distribution with S3 logging depends on its log bucket's ownership controls.
      for (const d of byType(graph, "aws:cloudfront/distribution:Distribution")) {
        const target = (d.inputs.loggingConfig as { bucket?: string } | undefined)?.bucket;
        if (target === undefined) continue;
        const bucket = byType(graph, "aws:s3/bucket:Bucket").find(
          (b) => `${String(b.inputs.bucketPrefix)}offline.s3.amazonaws.com` === target,
        )!;
        const controls = byType(graph, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").filter(
          (c) => c.inputs.bucket === `${bucket.name}-id`,
        );
        assert.equal(controls.length, 1);
        assert.notEqual(
          (controls[0].inputs.rule as { objectOwnership: string }).objectOwnership,
          "BucketOwnerEnforced",
        );
        assert.ok(d.dependsOn.includes(controls[0].urn), `${d.name} does not wait for ${controls[0].name}`);
      }
    });

    it("expires the replaced versions of every versioned bucket (CKV2_AWS_61)", () => {
      for (const versioning of byType(graph, "aws:s3/bucketVersioning:BucketVersioning")) {
        const rules = byType(graph, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
          .filter((l) => l.inputs.bucket === versioning.inputs.bucket)
          .flatMap((l) => l.inputs.rules as { status: string; noncurrentVersionExpiration?: unknown }[]);
        assert.ok(
          rules.some((r) => r.status === "Enabled" && r.noncurrentVersionExpiration !== undefined),
          `${String(versioning.inputs.bucket)} keeps old versions forever`,
        );
      }
    });

    it("encrypts the standard logs with a rotating customer key of their own that only CloudFront's log delivery may use (CKV_AWS_145, CKV2_AWS_64, CKV_AWS_7)", () => {
      const sse = findResource(
        graph,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "cdn-logs-encryption",
      );
      const key = findResource(graph, "aws:kms/key:Key", "cdn-logs-key");
      const keyArn = "arn:aws:kms:eu-west-1:123456789012:cdn-logs-key";
      assert.deepEqual(sse.inputs.rules, [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
          bucketKeyEnabled: true,
        },
      ]);
      // SSE-KMS takes a key of the bucket's own region only: both in the stack's, not CloudFront's us-east-1.
      assert.deepEqual(logBucketAndKeyRegions(graph), ["eu-west-1", "eu-west-1"]);
      assert.equal(key.inputs.enableKeyRotation, true); // CKV_AWS_7
      assert.equal(key.protect, prod);
      assert.equal(key.retainOnDelete, prod);
      const alias = findResource(graph, "aws:kms/alias:Alias", "cdn-logs-key-alias");
      assert.equal(alias.inputs.name, `alias/strata-${stack}-cdn-logs`);
      // CKV2_AWS_64: an explicit policy. The account administers the key; CloudFront's log delivery service gets
      // exactly what the CloudFront guide lists for an SSE-KMS bucket with a Bucket Key, and nobody else anything.
      assert.deepEqual(JSON.parse(key.inputs.policy as string), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudFrontLogDeliveryWritesLogs",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
          },
        ],
      });
      // Every other bucket keeps S3's keys; ELB cannot deliver access logs to an SSE-KMS bucket at all.
      const others = byType(
        graph,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ).filter((c) => c.name !== "cdn-logs-encryption");
      assert.deepEqual(
        others.map((c) => c.name).filter((n) => n.startsWith("compute-alb-logs")),
        prod ? ["compute-alb-logs-encryption"] : [],
      );
      for (const other of others) {
        assert.deepEqual(
          other.inputs.rules,
          [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
          other.name,
        );
      }
    });

    it("keeps access logs as long as the stack's logs, and protects them in prod only", () => {
      const lifecycle = findResource(
        graph,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "cdn-logs-lifecycle",
      );
      const days = prod ? 365 : 7; // the presets' logs.retentionDays
      const rule = (lifecycle.inputs.rules as Record<string, unknown>[])[0];
      assert.deepEqual(rule.expiration, { days });
      assert.deepEqual(rule.noncurrentVersionExpiration, { noncurrentDays: days });
      const logs = findResource(graph, "aws:s3/bucket:Bucket", "cdn-logs");
      assert.equal(logs.protect, prod);
      assert.equal(logs.retainOnDelete, prod);
      assert.equal(logs.inputs.forceDestroy, !prod);
      // The site's versions are the front end's rollback history: protected in prod like the logs
      // (the reliability policy's rule for prod buckets), emptied on destroy in dev.
      const site = findResource(graph, "aws:s3/bucket:Bucket", "cdn-bucket");
      assert.equal(site.protect, prod);
      assert.equal(site.retainOnDelete, prod);
      assert.equal(site.inputs.forceDestroy, !prod);
    });

    if (prod) {
      it("puts a WAF web ACL in us-east-1 on the distribution: common, known-bad-inputs and anonymous-IP rules (CKV2_AWS_47), a per-IP rate limit", () => {
        const provider = findResource(graph, "pulumi:providers:aws", "cdn-us-east-1");
        assert.equal(provider.inputs.region, "us-east-1");
        const acl = findResource(graph, "aws:wafv2/webAcl:WebAcl", "cdn-web-acl");
        assert.equal(acl.inputs.scope, "CLOUDFRONT");
        assert.deepEqual(acl.inputs.defaultAction, { allow: {} });
        const rules = acl.inputs.rules as Record<string, unknown>[];
        assert.deepEqual(
          rules.map((r) => [r.name, r.priority, r.statement, r.overrideAction ?? r.action]),
          [
            [
              "AWSManagedRulesCommonRuleSet",
              1,
              { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
              { none: {} },
            ],
            [
              "AWSManagedRulesKnownBadInputsRuleSet",
              2,
              {
                managedRuleGroupStatement: {
                  vendorName: "AWS",
                  name: "AWSManagedRulesKnownBadInputsRuleSet",
                },
              },
              { none: {} },
            ],
            [
              "AWSManagedRulesAnonymousIpList",
              3,
              {
                managedRuleGroupStatement: {
                  vendorName: "AWS",
                  name: "AWSManagedRulesAnonymousIpList",
                  // Cloud-hosted API clients (webhooks, partners) are counted, not blocked.
                  ruleActionOverrides: [{ name: "HostingProviderIPList", actionToUse: { count: {} } }],
                },
              },
              { none: {} },
            ],
            [
              "rate-per-ip",
              4,
              { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
              { block: {} },
            ],
          ],
        );
        const d = findResource(graph, "aws:cloudfront/distribution:Distribution", "cdn-distribution");
        assert.equal(d.inputs.webAclId, "arn:aws:wafv2:us-east-1:123456789012:cdn-web-acl"); // CKV_AWS_68
      });

      it("logs the web ACL's requests (CKV2_AWS_31) to an aws-waf-logs- group in us-east-1, encrypted, credentials redacted", () => {
        const logging = findResource(
          graph,
          "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
          "cdn-waf-logging",
        );
        assert.equal(logging.inputs.resourceArn, "arn:aws:wafv2:us-east-1:123456789012:cdn-web-acl");
        const group = findResource(graph, "aws:cloudwatch/logGroup:LogGroup", "cdn-waf-logs");
        // WAF refuses a destination whose name does not start with aws-waf-logs-, or in another region.
        assert.match(String(group.inputs.name), /^aws-waf-logs-/);
        // The group's ARN, in us-east-1 (the mock's ARNs name the module: cloudwatch).
        assert.deepEqual(logging.inputs.logDestinationConfigs, [
          "arn:aws:cloudwatch:us-east-1:123456789012:cdn-waf-logs",
        ]);
        // Kept as long as every log of the stack: prod's logs.retentionDays.
        assert.equal(group.inputs.retentionInDays, 365);
        // The stack's logs key is in eu-west-1, which a us-east-1 log group cannot use: the WAF logs get their own.
        assert.match(String(group.inputs.kmsKeyId), /^arn:aws:kms:us-east-1:/);
        assert.deepEqual(logging.inputs.redactedFields, [
          { singleHeader: { name: "authorization" } },
          { singleHeader: { name: "cookie" } },
        ]);
      });

      it("issues the certificate in us-east-1, validates it by DNS, and points the domain at the distribution", () => {
        const cert = findResource(graph, "aws:acm/certificate:Certificate", "cdn-certificate");
        assert.equal(cert.inputs.domainName, "www.example.org");
        assert.deepEqual(cert.inputs.subjectAlternativeNames, ["api.example.org"]);
        assert.equal(cert.inputs.validationMethod, "DNS");
        const validated = findResource(
          graph,
          "aws:acm/certificateValidation:CertificateValidation",
          "cdn-certificate-validated",
        );
        assert.equal(validated.inputs.certificateArn, "arn:aws:acm:us-east-1:123456789012:cdn-certificate");
        assert.deepEqual(validated.inputs.validationRecordFqdns, [
          "_0123456789abcde0.www.example.org",
          "_0123456789abcde1.api.example.org",
        ]);
        const names = [
          ["cdn-alias", "www.example.org", "Z0OFFLINE0ZONE"],
          ["cdn-api-alias", "api.example.org", "Z0123456789EXAMPLE"],
        ];
        for (const [role, domain, zoneId] of names) {
          for (const type of ["A", "AAAA"]) {
            const alias = findResource(graph, "aws:route53/record:Record", `${role}-${type.toLowerCase()}`);
            assert.equal(alias.inputs.type, type);
            assert.equal(alias.inputs.name, domain);
            assert.equal(alias.inputs.zoneId, zoneId);
            assert.deepEqual(alias.inputs.aliases, [
              {
                name: "d111111abcdef8.cloudfront.net",
                zoneId: "Z2FDTNDATAQYW2",
                evaluateTargetHealth: false,
              },
            ]);
          }
        }
        // Nothing in DNS points at the load balancer: it has no public address to point at.
        for (const record of byType(graph, "aws:route53/record:Record")) {
          for (const alias of (record.inputs.aliases as { name: string }[] | undefined) ?? []) {
            assert.doesNotMatch(alias.name, /elb\.amazonaws\.com$/);
          }
        }
      });
    } else {
      it("has no WAF, certificate or us-east-1 provider in dev", () => {
        assert.equal(byType(graph, "aws:wafv2/webAcl:WebAcl").length, 0);
        assert.equal(byType(graph, "aws:acm/certificate:Certificate").length, 0);
        assert.equal(
          findResource(graph, "aws:cloudfront/distribution:Distribution", "cdn-distribution").inputs.webAclId,
          undefined,
        );
      });
    }

    it("exports the CDN's URL and CloudFront name", () => {
      assert.deepEqual(graph.outputs.cdn, {
        url: prod ? "https://www.example.org" : "https://d111111abcdef8.cloudfront.net",
        distributionDomainName: "d111111abcdef8.cloudfront.net",
        bucketName: `strata-${stack}-site-offline`,
      });
    });
  });
}

/** The regions of the standard-logs bucket and of its key, read from their ARNs (the mock's follow the provider). */
function logBucketAndKeyRegions(graph: Graph): [string, string] {
  const regionOf = (arn: string) => arn.split(":")[3];
  const bucketArn = (policyOf(graph, "cdn-logs-policy")[0].Resource as string[])[0];
  const sse = findResource(
    graph,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "cdn-logs-encryption",
  );
  const rule = (sse.inputs.rules as { applyServerSideEncryptionByDefault: { kmsMasterKeyId: string } }[])[0];
  return [regionOf(bucketArn), regionOf(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId)];
}

describe("cdn on aws, a prod stack outside eu-west-1", () => {
  it("makes the standard logs' key in the stack's region with their bucket", async () => {
    const graph = await edgeGraph("prod", "aws", { aws: { region: "ap-southeast-2" } });
    assert.deepEqual(logBucketAndKeyRegions(graph), ["ap-southeast-2", "ap-southeast-2"]);
    assert.ok(findResource(graph, "aws:kms/key:Key", "cdn-logs-key").protect);
  });
});

const AWS_ARGS = {
  priceClass: "PriceClass_100",
  logRetentionDays: 7,
  region: "eu-west-1",
  logsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs",
  hstsPreload: false,
  protect: false,
} as const;

describe("cdn on aws, with the compute layer's load balancer", () => {
  it("routes each public path, itself and below, to the load balancer's VPC origin over HTTPS, uncached, with all methods", async () => {
    const registered = await registeredBy(() => {
      new Cdn("cdn", {
        target: "aws",
        naming: new Naming("strata", "dev"),
        siteDir: path.resolve("frontend"),
        spaFallback: false,
        apiOrigin: {
          loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/1",
          domainName: "api.example.org",
          protocolPolicy: "https-only",
          paths: ["/api", "/api/admin"],
        },
        aws: AWS_ARGS,
      });
    });
    const d = named(registered, "cdn-distribution").inputs;
    assert.deepEqual((d.origins as Record<string, unknown>[])[1], {
      originId: "api",
      domainName: "api.example.org",
      vpcOriginConfig: { vpcOriginId: "cdn-api-origin-id" },
    });
    assert.deepEqual(named(registered, "cdn-api-origin").inputs.vpcOriginEndpointConfig, {
      name: "strata-dev-api",
      arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/1",
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: "https-only",
      originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
    });
    const behavior = {
      targetOriginId: "api",
      viewerProtocolPolicy: "https-only",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      compress: true,
      cachePolicyId: MANAGED_CLOUDFRONT_POLICIES["Managed-CachingDisabled"],
      originRequestPolicyId: MANAGED_CLOUDFRONT_POLICIES["Managed-AllViewerExceptHostHeader"],
      responseHeadersPolicyId: "cdn-security-headers-id",
    };
    // Longer prefixes first: CloudFront takes the first behavior that matches.
    assert.deepEqual(
      d.orderedCacheBehaviors,
      ["/api/admin", "/api/admin/*", "/api", "/api/*"].map((pathPattern) => ({ pathPattern, ...behavior })),
    );
    // Without the fallback there is no function: unknown paths are S3's 403s, not index.html.
    assert.equal(registered.filter((r) => r.type === "aws:cloudfront/function:Function").length, 0);
    assert.equal((d.defaultCacheBehavior as Record<string, unknown>).functionAssociations, undefined);
  });
});

describe("cdn on aws, the services' own hostname", () => {
  it("answers it, and takes over the A record that pointed it at the load balancer instead of clashing with it", async () => {
    const aliasesOf = new Map<string, unknown>();
    let former: pulumi.Resource | undefined;
    const registered = await registeredBy(() => {
      pulumi.runtime.registerStackTransformation(({ name, opts }) => {
        aliasesOf.set(name, opts.aliases);
        return undefined;
      });
      former = new pulumi.ComponentResource("strata:compute:Compute", "compute");
      new Cdn("cdn", {
        target: "aws",
        naming: new Naming("strata", "prod"),
        siteDir: path.resolve("frontend"),
        spaFallback: true,
        apiOrigin: {
          loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/1",
          domainName: "api.example.org",
          protocolPolicy: "https-only",
          paths: ["/api"],
          hostname: {
            domain: "api.example.org",
            zoneId: "Z0123456789EXAMPLE",
            formerA: { name: "compute-alias", parent: former },
          },
        },
        aws: AWS_ARGS,
      });
    });
    assert.deepEqual(named(registered, "cdn-distribution").inputs.aliases, ["api.example.org"]);
    assert.equal(named(registered, "cdn-certificate").inputs.domainName, "api.example.org");
    assert.deepEqual(aliasesOf.get("cdn-api-alias-a"), [{ name: "compute-alias", parent: former }]);
    // AAAA is new: the load balancer's records were A only.
    assert.equal(aliasesOf.get("cdn-api-alias-aaaa"), undefined);
  });
});

describe("cdn on aws, escape hatch", () => {
  it("lets a transform edit the distribution's args before it is created", async () => {
    const registered = await registeredBy(() => {
      new Cdn("cdn", {
        target: "aws",
        naming: new Naming("strata", "dev"),
        siteDir: path.resolve("frontend"),
        spaFallback: true,
        aws: {
          ...AWS_ARGS,
          transform: {
            distribution: (args) => ({ ...args, priceClass: "PriceClass_All", comment: "edited" }),
          },
        },
      });
    });
    const d = named(registered, "cdn-distribution").inputs;
    assert.equal(d.priceClass, "PriceClass_All");
    assert.equal(d.comment, "edited");
    assert.equal(d.httpVersion, "http2and3");
  });
});
