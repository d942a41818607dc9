import assert from "node:assert/strict";
import type { Output } from "@pulumi/pulumi";
import { configSourceOf, parseConfigValue } from "../../stacks/source";
import { stackConfigOf } from "../../stacks/config";
import { validateSettings } from "../../stacks/validate";

/** Stands in for pulumi.secret: marks what was wrapped, so a test sees which values became secrets. */
const wrap = (value: string) => ({ wrapped: value }) as unknown as Output<string>;

describe("reading a stack's configuration (stacks/source.ts, config.ts)", () => {
  it("parses JSON values and keeps any other text as it is", () => {
    assert.equal(parseConfigValue("3"), 3);
    assert.equal(parseConfigValue("true"), true);
    assert.deepEqual(parseConfigValue('{"zones":3}'), { zones: 3 });
    assert.deepEqual(parseConfigValue("[1,2]"), [1, 2]);
    assert.equal(parseConfigValue('"eu"'), "eu");
    assert.equal(parseConfigValue("eu-west-1"), "eu-west-1");
    assert.equal(parseConfigValue("{not json"), "{not json");
    assert.equal(parseConfigValue(""), "");
  });

  it("takes the project's keys only, without their prefix, and marks the secret ones", () => {
    const source = configSourceOf(
      "strata",
      "dev",
      {
        "strata:target": "aws",
        "strata:aws": '{"region":"eu-west-1"}',
        "strata:secrets": '{"token":"t"}',
        "aws:region": "us-east-1",
        "other:strata:x": "1",
        "strataX:y": "2",
      },
      (key) => key === "strata:secrets" || key === "aws:region",
    );
    assert.equal(source.project, "strata");
    assert.equal(source.stack, "dev");
    assert.deepEqual(source.values, { target: "aws", aws: { region: "eu-west-1" }, secrets: { token: "t" } });
    assert.deepEqual([...source.secretKeys], ["secrets"]);
  });

  it("gives the program its settings with project, stack, and every secret and the kubeconfig wrapped", () => {
    const source = {
      project: "strata",
      stack: "dev",
      values: {
        target: "aws",
        aws: { region: "eu-west-1" },
        secrets: { token: "t", key: "k" },
        kubeconfig: "apiVersion: v1",
      },
      secretKeys: new Set(["secrets", "kubeconfig"]),
    };
    const config = stackConfigOf(validateSettings(source), source, wrap);
    assert.equal(config.project, "strata");
    assert.equal(config.stack, "dev");
    assert.equal(config.aws.region, "eu-west-1");
    assert.equal(config.protect, false);
    assert.deepEqual(config.secrets, { token: { wrapped: "t" }, key: { wrapped: "k" } });
    assert.deepEqual(config.kubeconfig, { wrapped: "apiVersion: v1" });
    const plain = { ...source, values: { target: "aws", aws: { region: "eu-west-1" } } };
    const without = stackConfigOf(validateSettings(plain), plain, wrap);
    assert.deepEqual(without.secrets, {});
    assert.equal(without.kubeconfig, undefined);
  });
});
