import { strict as assert } from "node:assert";
import { estimateSections, estimatesMarkdown, MAX_SECTION_CHARS } from "../.github/scripts/estimates";
import { runStack } from "./support/harness";
import { renderReport } from "../tools/preview/render";

const COST = ["Monthly cost estimate (dev, eu-west-1): $41.20", "  network  NAT gateway  $32.85"].join("\n");
const DEPLOY = ["Deploy estimate: 14 min on the critical path", "  aws:rds/cluster:Cluster  10 min"].join(
  "\n",
);

describe("the pull request's estimates comment", () => {
  it("keeps the cost and deploy sections of the real offline report, and nothing of the plan itself", async () => {
    const report = renderReport(await runStack("dev"));
    const sections = estimateSections(`${report}\n\n${COST}\n\n${DEPLOY}\n`);
    assert.ok(sections.includes(COST) && sections.includes(DEPLOY), sections.join("\n---\n"));
    for (const section of sections) {
      assert.doesNotMatch(section, /├─|└─|Resources by type|Stack outputs/);
    }
  });

  it("says so, without failing, when npm start prints no estimate (an older npm start, a broken stack)", () => {
    const markdown = estimatesMarkdown("prod", 'Stack "prod" has 1 problem in its configuration\n  - x: y\n');
    assert.match(markdown, /printed no cost or deploy estimate/);
    assert.doesNotMatch(markdown, /```/);
  });

  it("cannot be broken out of its code block, and stays under GitHub's comment limit", () => {
    const markdown = estimatesMarkdown("dev", `${COST}\n\`\`\`\n${"x".repeat(MAX_SECTION_CHARS * 2)}`);
    assert.equal(markdown.match(/```/g)?.length, 2);
    assert.ok(markdown.length < 65_536);
    assert.match(markdown, /… \(cut\)/);
  });
});
