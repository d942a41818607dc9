import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import { CDN, TASK, goodCdn, task } from "../support/policy-aws-fixtures";

const prod = { stack: "prod" };
const cdn = (inputs: Record<string, unknown>) => res(CDN, "cdn", { ...goodCdn, ...inputs });

describe("policy rules: CloudFront, each condition alone", () => {
  it("CKV_AWS_34: every behavior with a policy redirects or is HTTPS-only; the default one is named without a path", async () => {
    const ordered = (viewerProtocolPolicy?: string) => ({
      orderedCacheBehaviors: [{ pathPattern: "/api/*", targetOriginId: "a", viewerProtocolPolicy }],
    });
    assert.deepEqual(await findingsOf("CKV_AWS_34", [cdn(ordered("https-only"))]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_34", [cdn(ordered(undefined))]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_34", [cdn(ordered("allow-all"))]), [
      ["cdn", "A cache behavior (/api/*) allows plain HTTP."],
    ]);
    const defaultAllows = cdn({
      defaultCacheBehavior: { viewerProtocolPolicy: "allow-all", targetOriginId: "a" },
    });
    assert.deepEqual(await findingsOf("CKV_AWS_34", [defaultAllows]), [
      ["cdn", "A cache behavior allows plain HTTP."],
    ]);
    assert.deepEqual(
      await findingsOf("CKV_AWS_34", [
        cdn({ defaultCacheBehavior: undefined, orderedCacheBehaviors: undefined }),
      ]),
      [],
    );
  });

  it("CKV_AWS_174: in production, a custom certificate with TLS 1.2 or 1.3 as minimum; older or default fails", async () => {
    const certificate = (viewerCertificate: Record<string, unknown>) => cdn({ viewerCertificate });
    for (const minimumProtocolVersion of ["TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.3_2025"]) {
      assert.deepEqual(
        await findingsOf(
          "CKV_AWS_174",
          [certificate({ acmCertificateArn: "a", minimumProtocolVersion })],
          prod,
        ),
        [],
      );
    }
    for (const [version, shown] of [
      ["TLSv1.1_2016", "TLSv1.1_2016"],
      ["TLSv1_2016", "TLSv1_2016"],
      ["SSLv3", "SSLv3"],
      ["xTLSv1.2_2021", "xTLSv1.2_2021"],
      [undefined, "TLSv1"],
    ] as const) {
      assert.deepEqual(
        await findingsOf(
          "CKV_AWS_174",
          [certificate({ acmCertificateArn: "a", minimumProtocolVersion: version })],
          prod,
        ),
        [["cdn", `The minimum protocol version is ${shown}.`]],
      );
    }
    assert.deepEqual(
      await findingsOf(
        "CKV_AWS_174",
        [certificate({ cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1.2_2021" })],
        prod,
      ),
      [["cdn", "The default *.cloudfront.net certificate accepts TLS 1.0."]],
    );
    assert.deepEqual(
      notApplicableReasons("CKV_AWS_174", [certificate({ cloudfrontDefaultCertificate: true })]),
      ["not a production stack"],
    );
  });

  it("CKV_AWS_86: logging needs a bucket", async () => {
    for (const loggingConfig of [undefined, {}, { bucket: "" }]) {
      assert.deepEqual(await findingsOf("CKV_AWS_86", [cdn({ loggingConfig })]), [
        ["cdn", "Access logging is off."],
      ]);
    }
  });

  it("CKV_AWS_68: in production, a web ACL must be attached", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_68", [cdn({})], prod), []);
    assert.deepEqual(await findingsOf("CKV_AWS_68", [cdn({ webAclId: "" })], prod), [
      ["cdn", "No web ACL is attached."],
    ]);
    assert.deepEqual(notApplicableReasons("CKV_AWS_68", [cdn({ webAclId: undefined })]), [
      "not a production stack",
    ]);
  });

  it("CloudFront.13: an S3 origin, by its config or by any S3 domain form, needs Origin Access Control", async () => {
    const RULE = "AWS-SecurityHub-CloudFront.13";
    const origin = (o: Record<string, unknown>) => cdn({ origins: [{ originId: "o", ...o }] });
    for (const domainName of [
      "b.s3.amazonaws.com",
      "b.s3.eu-west-1.amazonaws.com",
      "b.s3-eu-west-1.amazonaws.com",
    ]) {
      assert.deepEqual(
        await findingsOf(RULE, [origin({ domainName })]),
        [["cdn", "S3 origin o has no Origin Access Control."]],
        domainName,
      );
      assert.deepEqual(await findingsOf(RULE, [origin({ domainName, originAccessControlId: "oac" })]), []);
    }
    const configured = origin({
      domainName: "assets.example.com",
      s3OriginConfig: { originAccessIdentity: "" },
    });
    assert.deepEqual(await findingsOf(RULE, [configured]), [
      ["cdn", "S3 origin o has no Origin Access Control."],
    ]);
    for (const domainName of ["api.example.com", "b.s3.amazonaws.com.evil.com", "lb.elb.amazonaws.com"]) {
      assert.deepEqual(await findingsOf(RULE, [origin({ domainName })]), [], domainName);
    }
    // An origin without a domain (and no S3 config) is no S3 origin.
    assert.deepEqual(await findingsOf(RULE, [origin({})]), []);
    const unnamed = cdn({ origins: [{ domainName: "b.s3.amazonaws.com" }] });
    assert.deepEqual(await findingsOf(RULE, [unnamed]), [
      ["cdn", "S3 origin  has no Origin Access Control."],
    ]);
  });

  it("CKV_AWS_174: no viewer certificate at all is CloudFront's default minimum, TLSv1", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_174", [cdn({ viewerCertificate: undefined })], prod), [
      ["cdn", "The minimum protocol version is TLSv1."],
    ]);
  });
});

describe("policy rules: ECS, each condition alone", () => {
  it("CKV_AWS_65: Container Insights enabled or enhanced; disabled, another setting or none fails", async () => {
    const ecs = (settings?: unknown[]) => res("aws:ecs/cluster:Cluster", "c", { settings });
    for (const value of ["enabled", "enhanced"]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_65", [
          ecs([
            { name: "other", value: "x" },
            { name: "containerInsights", value },
          ]),
        ]),
        [],
      );
    }
    for (const settings of [
      undefined,
      [],
      [{ name: "containerInsights", value: "disabled" }],
      [{ name: "other", value: "enabled" }],
    ]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_65", [ecs(settings)]),
        [["c", "Container Insights is off."]],
        JSON.stringify(settings),
      );
    }
  });

  it("CKV_AWS_333: only assignPublicIp true fails", async () => {
    const service = (networkConfiguration?: unknown) =>
      res("aws:ecs/service:Service", "s", { networkConfiguration });
    assert.deepEqual(await findingsOf("CKV_AWS_333", [service(undefined)]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_333", [service({ subnets: ["a"] })]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_333", [service({ assignPublicIp: true })]), [
      ["s", "Tasks get a public IP address."],
    ]);
  });

  it("CKV_AWS_334, CKV_AWS_336: each container on its own, an unnamed one by its position", async () => {
    const two = {
      family: "api",
      containerDefinitions: JSON.stringify([
        { name: "api", privileged: false, readonlyRootFilesystem: true },
        { privileged: true, readonlyRootFilesystem: false },
      ]),
    };
    assert.deepEqual(await findingsOf("CKV_AWS_334", [res(TASK, "t", two)]), [
      ["t", "Container #2 is privileged."],
    ]);
    assert.deepEqual(await findingsOf("CKV_AWS_336", [res(TASK, "t", two)]), [
      ["t", "Container #2 can write its root filesystem."],
    ]);
    assert.deepEqual(await findingsOf("CKV_AWS_334", [res(TASK, "t", task({}))]), []);
  });

  it("CKV_AWS_249: the same role for both fails; different roles, or no execution role, pass", async () => {
    const fails = [
      ["t", "The execution role is also the task role: the app could pull any image and read every secret."],
    ];
    assert.deepEqual(
      await findingsOf("CKV_AWS_249", [
        res(TASK, "t", task({}, { executionRoleArn: "r", taskRoleArn: "r" })),
      ]),
      fails,
    );
    assert.deepEqual(await findingsOf("CKV_AWS_249", [res(TASK, "t", task({}))]), []);
    assert.deepEqual(
      await findingsOf("CKV_AWS_249", [res(TASK, "t", { family: "x", containerDefinitions: "[]" })]),
      [],
    );
  });
});
