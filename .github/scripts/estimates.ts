/**
 * The PR comment's estimates: the cost and deploy-time sections of `npm start`'s report for one stack, read
 * from standard input. Sections are found by their heading, not by a fixed layout, so a report without them
 * (an older `npm start`, a stack whose configuration fails) gives a short note instead of an error.
 * Usage: npm start --silent -- --stack dev | node -r ts-node/register/transpile-only .github/scripts/estimates.ts dev
 */
import { readFileSync } from "node:fs";

/** GitHub refuses comments over 65,536 characters; the rest of the comment needs a little room. */
export const MAX_SECTION_CHARS = 60_000;

const HEADING = /cost|estimate|critical path/i;

/** The report's blocks (separated by blank lines) whose first line names a cost or a deploy estimate. */
export function estimateSections(report: string): string[] {
  return report
    .replace(/\r\n/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^\n+|\s+$/g, ""))
    .filter((block) => block !== "" && HEADING.test(block.split("\n")[0]));
}

/** The comment's Markdown for one stack. Triple backticks in the report cannot close the code block. */
export function estimatesMarkdown(stack: string, report: string): string {
  const heading = `#### Offline estimates for \`${stack}\` (\`npm start\`)`;
  const sections = estimateSections(report);
  if (sections.length === 0) {
    return `${heading}\n\n_\`npm start\` printed no cost or deploy estimate for this stack._\n`;
  }
  let body = sections.join("\n\n").replace(/```/g, "ʼʼʼ");
  if (body.length > MAX_SECTION_CHARS) body = `${body.slice(0, MAX_SECTION_CHARS)}\n… (cut)`;
  return `${heading}\n\n\`\`\`\n${body}\n\`\`\`\n`;
}

if (require.main === module) {
  const stack = process.argv[2];
  if (!stack) {
    console.error("usage: estimates.ts STACK < report.txt");
    process.exit(2);
  }
  process.stdout.write(estimatesMarkdown(stack, readFileSync(0, "utf8")));
}
