import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesWithoutGoal, folderScores, renderScores, type MutationReport } from "../tools/mutate/scores";
import { changedSince, lastReleaseTag, selectMutated } from "../tools/mutate/select";
import { MUTATION_GROUPS } from "../tools/mutate/groups";
import { relative } from "node:path";

/** The test files a spec pattern names (the patterns are `dir/prefix-*.test.ts` or plain files). */
function globSpec(root: string, pattern: string): string[] {
  const files = readdirSync(join(root, "test"), { recursive: true }).map((f) =>
    relative(root, join(root, "test", String(f))),
  );
  return files.filter((f) => selectMutated([f], [pattern]).length > 0);
}

function report(files: Record<string, string[]>): MutationReport {
  return {
    files: Object.fromEntries(
      Object.entries(files).map(([file, statuses]) => [
        file,
        { mutants: statuses.map((status) => ({ status })) },
      ]),
    ),
  };
}

describe("mutation testing: scores per folder", () => {
  it("counts Killed and Timeout as detected, Survived and NoCoverage against, and leaves the rest out", () => {
    const [stacks] = folderScores(
      report({
        "stacks/a.ts": ["Killed", "Killed", "Timeout", "Survived"],
        "stacks/schema/b.ts": ["NoCoverage", "Ignored", "CompileError", "RuntimeError", "Killed"],
      }),
    );
    assert.deepEqual(
      {
        folder: stacks.folder,
        files: stacks.files,
        detected: stacks.detected,
        undetected: stacks.undetected,
      },
      { folder: "stacks/", files: 2, detected: 4, undetected: 2 },
    );
    assert.equal(stacks.score, (100 * 4) / 6);
    assert.equal(stacks.met, false);
  });

  it("meets a goal at exactly its minimum and not one mutant under it", () => {
    const nine = Array<string>(9).fill("Killed");
    assert.equal(folderScores(report({ "policy/x.ts": [...nine, "Survived"] }))[0].met, true);
    assert.equal(
      folderScores(report({ "policy/x.ts": [...nine.slice(1), "Survived", "Survived"] }))[0].met,
      false,
    );
    const nineteen = Array<string>(19).fill("Killed");
    const pure = folderScores(report({ "components/naming.ts": [...nineteen, "Survived"] }))[0];
    assert.deepEqual([pure.folder, pure.minimum, pure.met], ["components/ (pure logic)", 95, true]);
    assert.equal(
      folderScores(report({ "tools/cost/estimate.ts": [...nineteen.slice(1), "Survived", "Survived"] }))[0]
        .met,
      false,
    );
  });

  it("reads absolute paths under the project, and reports files no folder holds", () => {
    const absolute = report({ "/repo/stacks/a.ts": ["Killed"], "/repo/index.ts": ["Killed"] });
    assert.deepEqual(
      folderScores(absolute, "/repo").map((s) => s.folder),
      ["stacks/"],
    );
    assert.deepEqual(filesWithoutGoal(absolute, "/repo"), ["index.ts"]);
  });

  it("has no score, and does not fail, for a folder whose mutants were all left out", () => {
    const [only] = folderScores(report({ "stacks/a.ts": ["Ignored"] }));
    assert.equal(only.score, undefined);
    assert.equal(only.met, true);
    assert.match(renderScores([only]), /\| stacks\/ +\| n\/a +\|/);
  });

  it("renders the README's table, rounding a score down", () => {
    const table = renderScores(folderScores(report({ "policy/a.ts": ["Killed", "Killed", "Survived"] })));
    assert.match(table, /^\| folder +\| mutation score \| goal +\| detected \/ counted \| files \|$/m);
    assert.match(table, /\| policy\/ \| 66\.66% +\| ≥ 90% \| 2 \/ 3 +\| 1 +\|/);
  });
});

describe("mutation testing: which files a --since run mutates", () => {
  const patterns = ["stacks/**/*.ts", "policy/**/*.ts", "!policy/index.ts", "components/naming.ts"];

  it("keeps the changed files the patterns select, once each, and drops the negated ones", () => {
    assert.deepEqual(
      selectMutated(
        [
          "policy/index.ts",
          "stacks/schema/compute.ts",
          "README.md",
          "components/naming.ts",
          "stacks/config.ts",
          "stacks/config.ts",
          "components/platform.ts",
        ],
        patterns,
      ),
      ["components/naming.ts", "stacks/config.ts", "stacks/schema/compute.ts"],
    );
    assert.deepEqual(selectMutated(["test/config.test.ts"], patterns), []);
  });

  it("routes each of the project's mutated files to exactly one group", () => {
    const files = [
      "stacks/config.ts",
      "stacks/schema/compute.ts",
      "policy/aws/s3.ts",
      "components/naming.ts",
      "tools/cost/estimate.ts",
    ];
    for (const file of files) {
      assert.equal(MUTATION_GROUPS.filter((g) => selectMutated([file], g.mutate).length > 0).length, 1, file);
    }
    for (const file of [
      "policy/index.ts",
      "components/platform.ts",
      "tools/cost/prices.ts",
      "test/config.test.ts",
    ]) {
      assert.deepEqual(filesWithoutGoal(report({ [file]: ["Killed"] })), [file]);
    }
  });

  it("gives every group tests that load no Pulumi SDK (@pulumi/pulumi), so that a static mutant's fresh process starts fast", () => {
    const root = join(__dirname, "..");
    const specsOf = Object.fromEntries(
      MUTATION_GROUPS.map((group) => [
        group.id,
        group.spec.flatMap((pattern) => globSpec(root, pattern)).map((spec) => join(root, spec)),
      ]),
    );
    for (const [id, specs] of Object.entries(specsOf)) assert.ok(specs.length > 0, `${id} has no test file`);
    // One process for all groups: each group's files load into a module cache emptied of what the group before
    // loaded, as a fresh process would have it, and the group's SDK modules are counted.
    const script = `
      for (const k of ['describe','it','before','after','beforeEach','afterEach']) globalThis[k] = () => {};
      const counts = {};
      for (const [id, specs] of Object.entries(${JSON.stringify(specsOf)})) {
        const before = new Set(Object.keys(require.cache));
        for (const spec of specs) require(spec);
        const added = Object.keys(require.cache).filter((k) => !before.has(k));
        counts[id] = added.filter((k) => /@pulumi[\\/]pulumi[\\/]/.test(k)).length;
        for (const k of added) delete require.cache[k];
      }
      console.log(JSON.stringify(counts));`;
    const out = execFileSync(
      process.execPath,
      ["-r", join(root, "test/support/register.cjs"), "-e", script],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    const counts = JSON.parse(out) as Record<string, number>;
    assert.deepEqual(
      counts,
      Object.fromEntries(MUTATION_GROUPS.map((group) => [group.id, 0])),
      `SDK modules each group's tests load: ${out}`,
    );
  });

  describe("in a repository", () => {
    let repo: string;
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
    before(() => {
      repo = mkdtempSync(join(tmpdir(), "strata-mutate-"));
      git("init", "-q", "-b", "main");
      git("config", "user.email", "t@example.com");
      git("config", "user.name", "t");
      writeFileSync(join(repo, "a.ts"), "1\n");
      git("add", ".");
      git("commit", "-qm", "one");
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it("has no release tag until one is made, then names the newest", () => {
      assert.equal(lastReleaseTag(repo), undefined);
      git("tag", "v1.0.0");
      assert.equal(lastReleaseTag(repo), "v1.0.0");
    });

    it("lists files changed since a ref, committed or not, and not deleted ones", () => {
      writeFileSync(join(repo, "b.ts"), "2\n");
      git("add", "b.ts");
      git("commit", "-qm", "two");
      writeFileSync(join(repo, "a.ts"), "changed\n");
      assert.deepEqual(changedSince("v1.0.0", repo).sort(), ["a.ts", "b.ts"]);
      git("rm", "-q", "b.ts");
      assert.deepEqual(changedSince("v1.0.0", repo), ["a.ts"]);
    });
  });
});
