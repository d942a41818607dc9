import assert from "node:assert/strict";
import { cacheProblems } from "../../stacks/data-checks";
import { cacheSection } from "../../stacks/schema/cache";
import { validateSettings } from "../../stacks/validate";

// cache.keyFromDatabase (stacks/data-checks.ts, schema/cache.ts, presets.ts): the cache may borrow the
// database's KMS key only when a managed cache meets a managed database that has one.

type Loose = Record<string, unknown>;
const keyProblems = (cache: Loose, database: Loose) =>
  cacheProblems({ cache, database }).filter((p) => p.setting === "cache.keyFromDatabase");
const problem = [
  {
    setting: "cache.keyFromDatabase",
    expected: "false unless database.mode is managed (only a managed database has a key to share)",
    found: "true",
  },
];

describe("data checks: the cache borrowing the database's key", () => {
  it("refuses it for a managed cache beside a database that is not managed", () => {
    assert.deepEqual(keyProblems({ mode: "managed", keyFromDatabase: true }, { mode: "external" }), problem);
    assert.deepEqual(
      keyProblems({ mode: "managed", keyFromDatabase: true }, { mode: "kubernetes" }),
      problem,
    );
    assert.deepEqual(keyProblems({ mode: "managed", keyFromDatabase: true }, {}), problem);
  });

  it("allows it with a managed database, and has nothing to check when any condition is off", () => {
    assert.deepEqual(keyProblems({ mode: "managed", keyFromDatabase: true }, { mode: "managed" }), []);
    assert.deepEqual(keyProblems({ mode: "managed", keyFromDatabase: false }, { mode: "external" }), []);
    assert.deepEqual(keyProblems({ mode: "managed", keyFromDatabase: "true" }, { mode: "external" }), []);
    assert.deepEqual(keyProblems({ mode: "external", keyFromDatabase: true }, { mode: "external" }), []);
    assert.deepEqual(keyProblems({ mode: "none", keyFromDatabase: true }, { mode: "none" }), []);
  });

  it("defaults to a key of the cache's own", () => {
    assert.equal(cacheSection.shape.keyFromDatabase.parse(undefined), false);
  });

  it("dev shares the database's key (one key fewer); prod gives the cache its own, rotated apart", () => {
    const settingsOf = (preset: "dev" | "prod", extra: Loose = {}) =>
      validateSettings({
        project: "strata",
        stack: `minimal-${preset}`,
        values: { target: "aws", preset, aws: { region: "eu-west-1" }, ...extra },
        secretKeys: new Set(),
      });
    const dev = settingsOf("dev");
    assert.equal(dev.cache.mode, "managed");
    assert.equal(dev.database.mode, "managed");
    assert.equal(dev.cache.keyFromDatabase, true);
    const prod = settingsOf("prod", {
      database: { drRegion: "eu-central-1" },
      observability: { alertEmails: ["ops@example.org"] },
    });
    assert.equal(prod.cache.keyFromDatabase, false);
  });
});
