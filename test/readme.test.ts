import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { runProgram } from "../tools/harness/run";
import { readMarkdownTable } from "../tools/bench/markdown";
import {
  resourcesPerService,
  scaledStack,
  SCALE_TARGETS,
  SERVICE_COUNTS,
} from "../tools/bench/service-scale";
import { sharedPlan, STACK_MATRIX } from "./support/harness";
import { withoutStackTraces } from "./support/traces";

const README = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
const HEADING = "## Benchmark";

describe("the README's benchmark tables, against the graphs", () => {
  it("name every shipped stack on both targets with the resource count its plan has", async () => {
    const rows = readMarkdownTable(README, HEADING, "stack");
    assert.deepEqual(
      rows.map(([stack, target]) => `${stack}/${target}`).sort(),
      STACK_MATRIX.map(({ stack, target }) => `${stack}/${target}`).sort(),
    );
    for (const [stack, target, resources] of rows) {
      const plan = await sharedPlan(stack, target as "aws" | "kubernetes");
      assert.equal(Number(resources), plan.resources.length, `${stack} on ${target}`);
    }
  });

  it("give the resource count of the dev stack with 1, 10 and 50 services, and the count per service", async () => {
    const rows = readMarkdownTable(README, HEADING, "target");
    const expected = SCALE_TARGETS.flatMap((target) => SERVICE_COUNTS.map((count) => `${target}/${count}`));
    assert.deepEqual(
      rows.map(([target, services]) => `${target}/${services}`),
      expected,
    );
    const perService: string[] = [];
    for (const target of SCALE_TARGETS) {
      const counts = new Map<number, number>();
      for (const count of SERVICE_COUNTS) {
        const graph = await withoutStackTraces(() => runProgram(scaledStack(count), { target }));
        counts.set(count, graph.resources.length);
        const row = rows.find(([t, services]) => t === target && Number(services) === count);
        assert.equal(Number(row?.[2]), graph.resources.length, `${count} services on ${target}`);
      }
      perService.push(`${resourcesPerService(counts)} on ${target}`);
    }
    assert.match(README, new RegExp(`\\(about ${perService.join(", ").replace(/\./g, "\\.")}\\)`));
  });
});

describe("the README's Node.js line", () => {
  it("names the version package.json's engines require", () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
      engines: { node: string };
    };
    const floor = /^>=(\d+(?:\.\d+)*)$/.exec(pkg.engines.node)?.[1];
    assert.ok(floor, `engines.node is a plain floor, found ${pkg.engines.node}`);
    const lines = README.split("\n").filter((line) => /Node\.js \d/.test(line));
    assert.ok(lines.length > 0);
    for (const line of lines)
      assert.match(line, new RegExp(`Node\\.js ${floor.replace(/\./g, "\\.")} or later`));
  });
});
