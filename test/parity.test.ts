import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { runStack, type Graph } from "./support/harness";
import { PARITY_GAPS, parityNotes, renderParityNotes, type ParityLayer } from "../tools/preview/parity-gaps";
import { renderReport } from "../tools/preview/render";

/** docs/parity.md's tables: per section (layer), each row's first and last cells. */
function tables(): Map<ParityLayer, { capability: string; parity: string }[]> {
  const sections = new Map<ParityLayer, { capability: string; parity: string }[]>();
  const heading: Record<string, ParityLayer> = {
    Network: "network",
    Compute: "compute",
    "CDN (the front end)": "cdn",
    Observability: "observability",
  };
  let layer: ParityLayer | undefined;
  for (const line of fs.readFileSync("docs/parity.md", "utf8").split("\n")) {
    const title = /^## (.+)$/.exec(line);
    if (title) layer = heading[title[1]];
    const cells = line.startsWith("|")
      ? line
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim())
      : [];
    if (!layer || cells.length < 4 || cells[0] === "Capability" || /^-+$/.test(cells[0])) continue;
    sections.set(layer, [
      ...(sections.get(layer) ?? []),
      { capability: cells[0], parity: cells[cells.length - 1] },
    ]);
  }
  return sections;
}

describe("parity: the table and the preview's notes say the same", () => {
  const docs = tables();

  it("has a table for each of network, compute, cdn and observability", () => {
    assert.deepEqual([...docs.keys()].sort(), ["cdn", "compute", "network", "observability"]);
  });

  it("every row marked Gap has a note, and every note of these layers a row marked Gap", () => {
    const documented = [...docs].flatMap(([layer, rows]) =>
      rows.filter((row) => row.parity.startsWith("**Gap**")).map((row) => `${layer}/${row.capability}`),
    );
    const listed = PARITY_GAPS.filter((gap) => docs.has(gap.layer)).map(
      (gap) => `${gap.layer}/${gap.capability}`,
    );
    assert.deepEqual(listed.sort(), documented.sort());
  });

  describe("in the preview", () => {
    let dev: Graph;
    let operator: Graph;
    before(async () => {
      dev = await runStack("dev", { target: "kubernetes" });
      operator = await runStack("dev", {
        target: "kubernetes",
        override: { observability: { kubernetes: { prometheusOperator: true } } },
      });
    });

    it("prints each gap that applies to a kubernetes stack as a note", () => {
      const report = renderReport(dev);
      assert.ok(
        report.includes("Parity notes: what this stack lacks on kubernetes against aws (docs/parity.md):"),
      );
      for (const gap of parityNotes(dev))
        assert.ok(report.includes(`  - ${gap.layer} / ${gap.capability}: ${gap.note}`));
      // dev has an HPA (api: 1 to 3), Secrets, and no Prometheus operator: every gap applies.
      assert.deepEqual(parityNotes(dev), PARITY_GAPS);
    });

    it("drops a gap the stack does not have: alert rules exist with the Prometheus operator", () => {
      assert.deepEqual(
        PARITY_GAPS.filter((gap) => !parityNotes(operator).includes(gap)).map((gap) => gap.capability),
        ["Alert rules"],
      );
    });

    it("prints nothing on aws, the reference", async () => {
      const aws = await runStack("dev", { target: "aws" });
      assert.equal(renderParityNotes(aws), "");
      assert.doesNotMatch(renderReport(aws), /Parity notes/);
    });
  });
});
