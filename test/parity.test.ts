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
    Database: "database",
    Cache: "cache",
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

  it("has one table for each layer: network, compute, cdn, observability, database and cache", () => {
    assert.deepEqual([...docs.keys()].sort(), [
      "cache",
      "cdn",
      "compute",
      "database",
      "network",
      "observability",
    ]);
    // The data layer's tables were joined here: one document, and nothing still links the old one.
    assert.equal(fs.existsSync("docs/parity-data.md"), false);
    for (const file of ["README.md", ...fs.readdirSync("docs").map((f) => `docs/${f}`)])
      assert.doesNotMatch(fs.readFileSync(file, "utf8"), /parity-data/, file);
  });

  it("covers in the data tables each capability the issue names (HA, PITR, backups, encryption, failover, alerts)", () => {
    for (const layer of ["database", "cache"] as const) {
      const rows = docs.get(layer)!.map((row) => row.capability);
      for (const capability of [
        "HA",
        "Failover time",
        "Encryption at rest",
        "Encryption in transit",
        "Alerts",
      ])
        assert.ok(rows.includes(capability), `${layer}/${capability}`);
    }
    const database = docs.get("database")!.map((row) => row.capability);
    for (const capability of ["PITR", "Backup location", "Backup retention", "Cross-region copies"])
      assert.ok(database.includes(capability), `database/${capability}`);
    assert.ok(docs.get("cache")!.some((row) => row.capability === "Backups"));
  });

  it("every row marked Gap has a note, and every note a row marked Gap, in every layer", () => {
    const documented = [...docs].flatMap(([layer, rows]) =>
      rows.filter((row) => row.parity.startsWith("**Gap**")).map((row) => `${layer}/${row.capability}`),
    );
    const listed = PARITY_GAPS.map((gap) => `${gap.layer}/${gap.capability}`);
    assert.deepEqual(listed.sort(), documented.sort());
  });

  describe("in the preview", () => {
    let dev: Graph;
    let prod: Graph;
    let operator: Graph;
    before(async () => {
      dev = await runStack("dev", { target: "kubernetes" });
      prod = await runStack("prod", { target: "kubernetes" });
      operator = await runStack("dev", {
        target: "kubernetes",
        override: { observability: { kubernetes: { prometheusOperator: true } } },
      });
    });

    const notesOf = (graph: Graph, layer: ParityLayer) =>
      parityNotes(graph)
        .filter((gap) => gap.layer === layer)
        .map((gap) => gap.capability);

    it("prints each gap that applies to a kubernetes stack as a note", () => {
      const report = renderReport(dev);
      assert.ok(
        report.includes("Parity notes: what this stack lacks on kubernetes against aws (docs/parity.md):"),
      );
      for (const gap of parityNotes(dev))
        assert.ok(report.includes(`  - ${gap.layer} / ${gap.capability}: ${gap.note}`));
      // dev has an HPA (api: 1 to 3), Secrets, and no Prometheus operator: every gap of those layers applies.
      for (const layer of ["network", "compute", "cdn", "observability"] as const)
        assert.deepEqual(
          parityNotes(dev).filter((gap) => gap.layer === layer),
          PARITY_GAPS.filter((gap) => gap.layer === layer),
        );
    });

    it("drops a gap the stack does not have: alert rules exist with the Prometheus operator", () => {
      assert.deepEqual(
        parityNotes(dev)
          .filter((gap) => !parityNotes(operator).includes(gap))
          .map((gap) => gap.capability),
        ["Alert rules"],
      );
    });

    it("dev (a PostgreSQL StatefulSet, dumps on a volume; one cache pod) prints the gaps of that shape", () => {
      assert.deepEqual(notesOf(dev, "database"), [
        "HA",
        "Failover time",
        "PITR",
        "Backup location",
        "Cross-region copies",
        "Encryption at rest",
        "Encryption in transit",
        "Authentication",
        "Read endpoint",
        "Capacity",
        "Minor upgrades",
        "Query insights, logs",
        "Alerts",
      ]);
      assert.deepEqual(notesOf(dev, "cache"), [
        "HA",
        "Failover time",
        "Backups",
        "Read endpoint",
        "Encryption at rest",
        "Encryption in transit",
        "Credentials",
        "Alerts",
      ]);
      assert.match(renderParityNotes(dev), /no point-in-time recovery without the CloudNativePG operator/);
    });

    it("prod (CloudNativePG of 3 instances, backups in S3; Sentinel) prints different data notes", () => {
      assert.deepEqual(notesOf(prod, "database"), [
        "Data lost on failover",
        "Cross-region copies",
        "Encryption at rest",
        "Encryption in transit",
        "Authentication",
        "Read endpoint",
        "Capacity",
        "Minor upgrades",
        "Query insights, logs",
        "Alerts",
      ]);
      assert.deepEqual(notesOf(prod, "cache"), [
        "Failover limits",
        "Backups",
        "Read endpoint",
        "Encryption at rest",
        "Encryption in transit",
        "Credentials",
        "Alerts",
      ]);
      const report = renderParityNotes(prod);
      assert.doesNotMatch(report, /point-in-time/);
      assert.doesNotMatch(report, /the cache is one pod/);
      assert.doesNotMatch(report, /backups are dumps on a volume/);
    });

    it("MySQL, which runs only as the StatefulSet, also lacks Aurora MySQL's backtrack", async () => {
      const mysql = await runStack("dev", {
        target: "kubernetes",
        override: { database: { engine: "mysql" } },
      });
      assert.deepEqual(
        notesOf(mysql, "database").filter((capability) => !notesOf(dev, "database").includes(capability)),
        ["Rewind in place"],
      );
      assert.ok(notesOf(mysql, "database").includes("PITR"));
      assert.ok(!notesOf(dev, "database").includes("Rewind in place"));
    });

    it("prints nothing on aws, the reference, for dev or prod", async () => {
      for (const stack of ["dev", "prod"]) {
        const aws = await runStack(stack, { target: "aws" });
        assert.deepEqual(parityNotes(aws), []);
        assert.equal(renderParityNotes(aws), "");
        assert.doesNotMatch(renderReport(aws), /Parity notes/);
      }
    });
  });
});
