import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import { bucketWith, fullBlock, tlsPolicy, iamDoc } from "../support/policy-aws-fixtures";
import type { Synthetic } from "../support/policy";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SSE_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const VERSIONING_V2 = "aws:s3/bucketVersioningV2:BucketVersioningV2";
const BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** A bucket named "data" (S3 name strata-dev-data) and settings resources joined to it by its mocked id. */
const bucket = (inputs: Record<string, unknown> = {}, type = BUCKET) =>
  res(type, "data", { bucket: "strata-dev-data", ...inputs });
const setting = (type: string, inputs: Record<string, unknown>, name = `s-${type.split(":").pop()}`) =>
  res(type, name, { bucket: "data-id", ...inputs });
const sse = (sseAlgorithm?: string) => ({
  rules: [{ applyServerSideEncryptionByDefault: sseAlgorithm === undefined ? undefined : { sseAlgorithm } }],
});

const ENCRYPTED = "has an encryption configuration without a default of aws:kms or AES256.";

describe("policy rules: S3, each condition alone", () => {
  it("no rule applies to a stack without a bucket", () => {
    for (const rule of ["CKV_AWS_19", "CKV_AWS_21", "CKV2_AWS_6", "CIS-AWS-2.1.1"]) {
      assert.deepEqual(notApplicableReasons(rule, [res(VERSIONING, "v", {})]), ["no S3 bucket in the stack"]);
      assert.deepEqual(notApplicableReasons(rule, [bucket()]), [undefined]);
    }
  });

  it("CKV_AWS_19: S3's default, aws:kms or AES256 pass; any other algorithm, or none, fails", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_19", [bucket()]), []);
    for (const algorithm of ["aws:kms", "AES256"]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_19", [bucket(), setting(SSE, sse(algorithm))]),
        [],
        algorithm,
      );
      assert.deepEqual(await findingsOf("CKV_AWS_19", [bucket(), setting(SSE_V2, sse(algorithm))]), []);
    }
    for (const algorithm of [undefined, "aws:kms:dsse", "none"]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_19", [bucket(), setting(SSE_V2, sse(algorithm))]),
        [["data", `Bucket data ${ENCRYPTED}`]],
        String(algorithm),
      );
    }
  });

  it("CKV_AWS_19: reads the inline configuration too, and one weak rule among good ones fails", async () => {
    const inline = (sseAlgorithm: string) => ({
      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm } } },
    });
    assert.deepEqual(await findingsOf("CKV_AWS_19", [bucket(inline("AES256"))]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_19", [bucket(inline("DES"))]), [
      ["data", `Bucket data ${ENCRYPTED}`],
    ]);
    const mixed = { rules: [...sse("aws:kms").rules, ...sse("DES").rules] };
    assert.equal((await findingsOf("CKV_AWS_19", [bucket(), setting(SSE, mixed)])).length, 1);
  });

  it("CKV_AWS_21: versioning Enabled (separate, V2, or inline) passes; Suspended, absent or another bucket's fails", async () => {
    const enabled = { versioningConfiguration: { status: "Enabled" } };
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket(), setting(VERSIONING, enabled)]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket(), setting(VERSIONING_V2, enabled)]), []);
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket({ versioning: { enabled: true } })]), []);
    const off = [["data", "Bucket data does not keep versions."]];
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket({ versioning: { enabled: false } })]), off);
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket()]), off);
    assert.deepEqual(
      await findingsOf("CKV_AWS_21", [bucket(), setting(VERSIONING, { versioningConfiguration: {} })]),
      off,
    );
    assert.deepEqual(
      await findingsOf("CKV_AWS_21", [bucket(), setting(VERSIONING, { ...enabled, bucket: "other-id" })]),
      off,
    );
    // Versioning of another type (a public access block shaped like it) does not count.
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket(), setting(BLOCK, enabled)]), off);
  });

  it("CKV2_AWS_6: each of the four settings off alone makes the block incomplete", async () => {
    assert.deepEqual(await findingsOf("CKV2_AWS_6", [bucket(), setting(BLOCK, fullBlock)]), []);
    for (const flag of Object.keys(fullBlock)) {
      assert.deepEqual(
        await findingsOf("CKV2_AWS_6", [bucket(), setting(BLOCK, { ...fullBlock, [flag]: undefined })]),
        [["data", "Bucket data has an incomplete public access block."]],
        flag,
      );
    }
    assert.deepEqual(await findingsOf("CKV2_AWS_6", [bucket()]), [
      ["data", "Bucket data has no public access block."],
    ]);
    // One complete block among incomplete ones is enough.
    const partial = setting(BLOCK, { ...fullBlock, blockPublicAcls: false }, "partial");
    assert.deepEqual(await findingsOf("CKV2_AWS_6", [bucket(), partial, setting(BLOCK, fullBlock)]), []);
  });

  it("joins a setting to its bucket by the bucket's name as well as by dependency, and never two unnamed ones", async () => {
    const byName = setting(BLOCK, { ...fullBlock, bucket: "strata-dev-data" });
    assert.deepEqual(await findingsOf("CKV2_AWS_6", [bucket(), byName]), []);
    assert.deepEqual(await findingsOf("CKV2_AWS_6", [bucket({}, BUCKET_V2), setting(BLOCK, fullBlock)]), []);
    const unnamed = res(BUCKET, "data", {});
    const loose = res(BLOCK, "loose", { ...fullBlock });
    assert.deepEqual(await findingsOf("CKV2_AWS_6", [unnamed, loose]), [
      ["data", "Bucket data has no public access block."],
    ]);
  });

  it("checks every bucket of the stack on its own", async () => {
    const stack: Synthetic[] = [
      ...bucketWith({ block: fullBlock }),
      res(BUCKET_V2, "logs", { bucket: "logs" }),
    ];
    assert.deepEqual(await findingsOf("CKV2_AWS_6", stack), [
      ["logs", "Bucket logs has no public access block."],
    ]);
  });

  it("CIS-AWS-2.1.1: a Deny on aws:SecureTransport false passes; each part of that statement wrong alone fails", async () => {
    const statement = {
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: "arn:aws:s3:::b/*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    const policyOf = (s: Record<string, unknown>) => JSON.stringify({ Statement: s });
    const plain = [["data", "Bucket data accepts plain HTTP requests."]];
    assert.deepEqual(
      await findingsOf("CIS-AWS-2.1.1", [bucket(), setting(POLICY, { policy: tlsPolicy })]),
      [],
    );
    // A single statement (not a list), a boolean condition value, and the bucket's inline policy all count.
    assert.deepEqual(
      await findingsOf("CIS-AWS-2.1.1", [bucket(), setting(POLICY, { policy: policyOf(statement) })]),
      [],
    );
    const boolean = { ...statement, Condition: { Bool: { "aws:SecureTransport": false } } };
    assert.deepEqual(await findingsOf("CIS-AWS-2.1.1", [bucket({ policy: { Statement: [boolean] } })]), []);
    for (const broken of [
      { ...statement, Effect: "Allow" },
      { ...statement, Condition: { Bool: { "aws:SecureTransport": "true" } } },
      { ...statement, Condition: { StringEquals: { "aws:SecureTransport": "false" } } },
      { ...statement, Condition: undefined },
    ]) {
      assert.deepEqual(
        await findingsOf("CIS-AWS-2.1.1", [bucket(), setting(POLICY, { policy: policyOf(broken) })]),
        plain,
        JSON.stringify(broken),
      );
    }
    assert.deepEqual(await findingsOf("CIS-AWS-2.1.1", [bucket()]), plain);
    assert.deepEqual(
      await findingsOf("CIS-AWS-2.1.1", [bucket(), setting(POLICY, { policy: iamDoc("s3:GetObject", "*") })]),
      plain,
    );
    assert.deepEqual(
      await findingsOf("CIS-AWS-2.1.1", [bucket(), setting(POLICY, { policy: "{not json" })]),
      plain,
    );
  });

  it("reads a rule without a default, and a versioning resource without a configuration, as not set", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_19", [bucket(), setting(SSE, { rules: [null] })]), [
      ["data", `Bucket data ${ENCRYPTED}`],
    ]);
    assert.deepEqual(await findingsOf("CKV_AWS_21", [bucket(), setting(VERSIONING, {})]), [
      ["data", "Bucket data does not keep versions."],
    ]);
  });
});
