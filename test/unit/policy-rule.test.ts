import { strict as assert } from "node:assert";
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import {
  asArray,
  ifKnown,
  isSet,
  isUnknownValueError,
  known,
  parseJson,
  resourceRule,
  stackRule,
  tokensOf,
} from "../../policy/rule";
import {
  DEFAULT_PRODUCTION_STACKS,
  isProductionStack,
  isProductionUrn,
  productionConfigSchema,
  requireProduction,
  stackOfUrn,
} from "../../policy/environment";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  readonly unknownStringValue: string;
  readonly UnknownValueError: new (message: string) => Error;
};

/** An object whose `key` is unknown, as the engine's preview proxy hands it to a rule. */
const withUnknown = (key: string) => proxy.unknownCheckingProxy({ [key]: proxy.unknownStringValue });
/** An object whose `key` throws another error when read. */
const throwing = (key: string) =>
  Object.defineProperty({}, key, {
    enumerable: true,
    get: () => {
      throw new RangeError("boom");
    },
  });

const INFO = { id: "RULE-1", description: "A sentence.", fix: "Do this." };

/** The arguments the engine gives a resource rule; records what the rule reports and why it stopped. */
function resourceArgs(type: string, urn = `urn:pulumi:dev::strata::${type}::it`, config: object = {}) {
  const calls = { notApplicable: [] as (string | undefined)[] };
  const args = {
    type,
    props: { a: 1 },
    urn,
    name: "it",
    getConfig: () => config,
    notApplicable: (reason?: string) => {
      calls.notApplicable.push(reason);
      throw new Error(`not applicable: ${reason}`);
    },
  } as unknown as ResourceValidationArgs;
  return { args, calls };
}

describe("policy rules: rule.ts helpers", () => {
  it("gives a rule its ID, description, fix, schema and URL, mandatory unless its info says otherwise", () => {
    const schema = { properties: { n: { type: "integer" as const } } };
    const rule = resourceRule(
      { ...INFO, url: "https://example.com/r", configSchema: schema },
      ["t"],
      () => {},
    );
    assert.deepEqual(
      [
        rule.name,
        rule.description,
        rule.enforcementLevel,
        rule.remediationSteps,
        rule.url,
        rule.configSchema,
      ],
      ["RULE-1", "A sentence.", "mandatory", "Do this.", "https://example.com/r", schema],
    );
    const advisory = stackRule({ ...INFO, enforcementLevel: "advisory" }, () => {});
    assert.deepEqual(
      [advisory.name, advisory.enforcementLevel, advisory.remediationSteps, advisory.url],
      ["RULE-1", "advisory", "Do this.", undefined],
    );
  });

  it("runs a resource rule on its types only, and appends the fix to every problem", () => {
    const seen: unknown[] = [];
    const reported: string[] = [];
    const rule = resourceRule(INFO, ["a:b/c:C", "a:b/d:D"], (props, _args, fail) => {
      seen.push(props);
      fail("It is wrong.");
    });
    const validate = rule.validateResource as (
      args: ResourceValidationArgs,
      report: (m: string) => void,
    ) => void;
    const other = resourceArgs("a:b/e:E");
    assert.throws(() => validate(other.args, (m) => reported.push(m)), /not applicable/);
    assert.deepEqual(other.calls.notApplicable, ["applies to a:b/c:C, a:b/d:D"]);
    assert.deepEqual([seen, reported], [[], []]);
    validate(resourceArgs("a:b/d:D").args, (m) => reported.push(m));
    assert.deepEqual(seen, [{ a: 1 }]);
    assert.deepEqual(reported, ["It is wrong. Fix: Do this."]);
  });

  it("passes a stack rule every resource, and reports each problem on the URN given", () => {
    const reported: [string, string | undefined][] = [];
    const resources = [{ urn: "u1" }, { urn: "u2" }] as PolicyResource[];
    const rule = stackRule(INFO, (all, _args, fail) => {
      for (const r of all) fail(`${r.urn} is wrong.`, r.urn);
      fail("The stack is wrong.");
    });
    void rule.validateStack({ resources } as unknown as StackValidationArgs, (m, urn) =>
      reported.push([m, urn]),
    );
    assert.deepEqual(reported, [
      ["u1 is wrong. Fix: Do this.", "u1"],
      ["u2 is wrong. Fix: Do this.", "u2"],
      ["The stack is wrong. Fix: Do this.", undefined],
    ]);
  });

  it("reads the type tokens of resource classes", () => {
    assert.deepEqual(tokensOf({ __pulumiType: "aws:lb/lb:Lb" }, { __pulumiType: "aws:alb/lb:Lb" }), [
      "aws:lb/lb:Lb",
      "aws:alb/lb:Lb",
    ]);
  });

  it("recognises the engine's unknown-value error by its class name, and only an Error", () => {
    let error: unknown;
    try {
      void (withUnknown("x") as Record<string, unknown>).x;
    } catch (e) {
      error = e;
    }
    assert.equal(isUnknownValueError(error), true);
    assert.equal(isUnknownValueError(new Error("x")), false);
    assert.equal(isUnknownValueError({ constructor: { name: "UnknownValueError" } }), false);
  });

  it("isSet: absent, null, empty string and empty array are unset; other values, and unknown ones, are set", () => {
    for (const value of [undefined, null, "", []])
      assert.equal(isSet({ k: value }, "k"), false, String(value));
    for (const value of [0, false, "x", [0], {}]) assert.equal(isSet({ k: value }, "k"), true, String(value));
    assert.equal(isSet({ other: 1 }, "k"), false);
    assert.equal(isSet(null, "k"), false);
    assert.equal(isSet(undefined, "k"), false);
    assert.equal(isSet("text", "length"), false);
    assert.equal(isSet(withUnknown("k"), "k"), true);
    assert.throws(() => isSet(throwing("k"), "k"), RangeError);
  });

  it("known reads a value, undefined when it or its object is absent, and lets an unknown value throw", () => {
    assert.equal(known({ k: 5 }, "k"), 5);
    assert.equal(known({ k: 5 }, "j"), undefined);
    assert.equal(known(null, "k"), undefined);
    assert.equal(known(7, "k"), undefined);
    assert.equal(known("text", "length"), undefined);
    assert.throws(
      () => known(withUnknown("k"), "k"),
      (e) => isUnknownValueError(e),
    );
  });

  it("ifKnown reads an unknown value as undefined, and lets other errors through", () => {
    assert.equal(ifKnown({ k: "v" }, "k"), "v");
    assert.equal(ifKnown(withUnknown("k"), "k"), undefined);
    assert.throws(() => ifKnown(throwing("k"), "k"), RangeError);
  });

  it("parseJson parses a JSON string, passes any other value through, and reads bad JSON as undefined", () => {
    assert.deepEqual(parseJson('{"a":[1]}'), { a: [1] });
    const object = { a: 1 };
    assert.equal(parseJson(object), object);
    assert.equal(parseJson(undefined), undefined);
    assert.equal(parseJson("{not json"), undefined);
  });

  it("asArray makes nothing an empty array and one value a list of one", () => {
    assert.deepEqual(asArray(undefined), []);
    assert.deepEqual(asArray(null), []);
    assert.deepEqual(asArray(0), [0]);
    const list = [1, 2];
    assert.equal(asArray(list), list);
  });
});

describe("policy rules: which stacks are production (environment.ts)", () => {
  it("reads the stack from a URN", () => {
    assert.equal(stackOfUrn("urn:pulumi:prod::strata::aws:s3/bucket:Bucket::data"), "prod");
    assert.equal(stackOfUrn("urn:pulumi:my-stack::p::t::n"), "my-stack");
  });

  it("treats prod and production as production by default, and a configured list instead of them", () => {
    assert.deepEqual(DEFAULT_PRODUCTION_STACKS, ["prod", "production"]);
    const urn = (stack: string) => `urn:pulumi:${stack}::strata::t::n`;
    assert.deepEqual(
      ["prod", "production", "dev", "staging"].map((s) => isProductionUrn(urn(s), {})),
      [true, true, false, false],
    );
    assert.deepEqual(
      ["prod", "live"].map((s) => isProductionUrn(urn(s), { productionStacks: ["live"] })),
      [false, true],
    );
  });

  it("a stack is production by its first resource's URN; an empty stack is not", () => {
    const of = (...stacks: string[]) =>
      stacks.map((s) => ({ urn: `urn:pulumi:${s}::p::t::n` }) as PolicyResource);
    assert.equal(isProductionStack(of("prod", "dev"), {}), true);
    assert.equal(isProductionStack(of("dev"), {}), false);
    assert.equal(isProductionStack([], {}), false);
  });

  it("requireProduction ends a rule outside production, and only there", () => {
    const dev = resourceArgs("t", "urn:pulumi:dev::strata::t::n");
    assert.throws(() => requireProduction(dev.args), /not applicable/);
    assert.deepEqual(dev.calls.notApplicable, ["not a production stack"]);
    const prod = resourceArgs("t", "urn:pulumi:prod::strata::t::n");
    requireProduction(prod.args);
    assert.deepEqual(prod.calls.notApplicable, []);
    const live = resourceArgs("t", "urn:pulumi:live::strata::t::n", { productionStacks: ["live"] });
    requireProduction(live.args);
    assert.deepEqual(live.calls.notApplicable, []);
  });

  it("documents the productionStacks setting as a list of stack names defaulting to prod and production", () => {
    const setting = productionConfigSchema.properties.productionStacks as Record<string, unknown>;
    assert.deepEqual(
      [setting.type, setting.items, setting.default],
      ["array", { type: "string" }, DEFAULT_PRODUCTION_STACKS],
    );
    assert.match(String(setting.description), /production/);
  });
});
