import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACK_NAME, policies } from "../../policy/policies";
import { reconcilePackConfig } from "../../tools/policy/config";

const JSON_TYPES = ["array", "boolean", "integer", "number", "object", "string"];

describe("policy rules: the pack as the CLI is served it (policies.ts)", () => {
  it("carries the name PulumiPolicy.yaml declares", () => {
    const yaml = readFileSync(join(__dirname, "..", "..", "policy", "PulumiPolicy.yaml"), "utf8");
    assert.equal(PACK_NAME, /^name:\s*(\S+)\s*$/m.exec(yaml)?.[1]);
  });

  it("gives every rule a unique ID, and a description and a fix that are sentences", () => {
    const names = policies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    for (const p of policies) {
      assert.match(p.name, /^[A-Za-z][\w.-]+$/, p.name);
      assert.match(p.description ?? "", /^[A-Z`].{15,}\.$/, `${p.name}: description`);
      assert.match(p.remediationSteps ?? "", /^[A-Z`].{10,}\.$/, `${p.name}: fix`);
    }
  });

  it("declares every setting with a JSON type and a default of that type, which the CLI accepts as they are", () => {
    for (const p of policies) {
      for (const [key, setting] of Object.entries(p.configSchema?.properties ?? {})) {
        const s = setting as { type?: string; items?: { type?: string }; default?: unknown };
        assert.ok(JSON_TYPES.includes(s.type ?? ""), `${p.name}.${key}: type ${s.type}`);
        assert.notEqual(s.default, undefined, `${p.name}.${key}: no default`);
        if ("description" in s)
          assert.match(String((s as { description?: unknown }).description), /^[A-Z].{10,}\.$/);
        if (s.type === "array") {
          assert.ok(Array.isArray(s.default), `${p.name}.${key}: default not an array`);
          assert.ok(JSON_TYPES.includes(s.items?.type ?? ""), `${p.name}.${key}: items`);
        }
      }
      // Each rule's defaults pass its own schema, as the CLI checks them.
      const defaults = Object.fromEntries(
        Object.entries(p.configSchema?.properties ?? {}).map(([k, s]) => [
          k,
          (s as { default?: unknown }).default,
        ]),
      );
      assert.doesNotThrow(() => reconcilePackConfig([p], "mandatory", { [p.name]: defaults }), p.name);
    }
  });

  it("exempts and allows nothing by name unless a stack's config says so", () => {
    for (const p of policies) {
      for (const key of ["exempt", "allowedServices"]) {
        const setting = p.configSchema?.properties?.[key] as { default?: unknown } | undefined;
        if (setting) assert.deepEqual(setting.default, [], `${p.name}.${key}`);
      }
    }
  });
});
