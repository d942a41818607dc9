import { STATEFUL_TYPES } from "../policy/reliability";
import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../tools/policy/run";
import { runStack } from "./support/harness";
import { violationsOf, type Synthetic } from "./support/policy";

const RULE = "AWS-WellArchitected-REL09-stateful-protected";

const cluster = (inputs: Record<string, unknown>, protect = true): Synthetic => ({
  type: "aws:rds/cluster:Cluster",
  name: "database",
  protect,
  inputs: {
    engine: "aurora-postgresql",
    deletionProtection: true,
    finalSnapshotIdentifier: "final",
    ...inputs,
  },
});

describe("policy pack: reliability across the stack", () => {
  it("in prod, a protected database with deletion protection and a final snapshot passes", async () => {
    assert.deepEqual(await violationsOf(RULE, [cluster({})], { stack: "prod" }), []);
  });

  it("in prod, reports every missing guard of a stateful resource", async () => {
    const violations = await violationsOf(
      RULE,
      [cluster({ deletionProtection: false, skipFinalSnapshot: true }, false)],
      {
        stack: "prod",
      },
    );
    assert.equal(violations.length, 1);
    assert.match(
      violations[0].message,
      /aws:rds\/cluster:Cluster database lacks protect \(resource option\), deletionProtection: true, a finalSnapshotIdentifier/,
    );
    const cache: Synthetic = {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "cache",
      inputs: {},
      protect: true,
    };
    assert.match(
      (await violationsOf(RULE, [cache], { stack: "prod" }))[0].message,
      /finalSnapshotIdentifier/,
    );
  });

  it("does not apply to dev, and skips resources the config exempts", async () => {
    const bare = cluster({ deletionProtection: false }, false);
    assert.deepEqual(await violationsOf(RULE, [bare], { stack: "dev" }), []);
    assert.deepEqual(
      await violationsOf(RULE, [bare], { stack: "prod", config: { [RULE]: { exempt: ["database"] } } }),
      [],
    );
  });

  for (const [target, type, name] of [
    ["aws", "aws:kms/key:Key", "logs-key"],
    ["kubernetes", "kubernetes:core/v1:Namespace", "network-namespace"],
  ] as const) {
    it(`flags the real prod stack on ${target} when the stack file turns protect off`, async () => {
      const graph = await runStack("prod", { target, override: { protect: false } });
      const report = await evaluatePolicies(graph);
      // Advisory findings (the kube-score hardening rules on the data servers) do not depend on protect.
      const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
      const flagged = mandatory.map((v) => [
        v.policy,
        v.enforcementLevel,
        v.resource?.type,
        v.resource?.name,
      ]);
      assert.ok(
        flagged.some(([policy, , t, n]) => policy === RULE && t === type && n === name),
        JSON.stringify(flagged),
      );
      // The rule asks only for what the prod preset protects, and misses every data-holding type it protects.
      const protectedInProd = (await runStack("prod", { target })).resources.filter(
        (r) => r.custom && r.protect,
      );
      const protectedKeys = new Set(protectedInProd.map((r) => `${r.type} ${r.name}`));
      for (const [policy, level, t, n] of flagged) {
        assert.equal(policy, RULE);
        assert.equal(level, "mandatory");
        assert.ok(protectedKeys.has(`${t} ${n}`), `${t} ${n} is flagged but prod does not protect it`);
      }
      const flaggedTypes = new Set(flagged.map(([, , t]) => t));
      for (const r of protectedInProd.filter((p) => STATEFUL_TYPES.includes(p.type))) {
        assert.ok(flaggedTypes.has(r.type), `${r.type} ${r.name} is protected in prod but never flagged`);
      }
    });
  }
});
