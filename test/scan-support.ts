import type { Context } from "mocha";
import { CHECKOV_VERSION, KUBE_SCORE_VERSION, findTool, type ToolName } from "../tools/scan/tools";

const VERSIONS: Record<ToolName, string> = { checkov: CHECKOV_VERSION, "kube-score": KUBE_SCORE_VERSION };

/**
 * The installed tool, or a skipped suite with a clear message on a machine without it. In CI (`CI` set) a
 * missing tool fails instead: CI installs it (.ci/run), so it cannot go green by skipping.
 */
export function toolOrSkip(context: Context, tool: ToolName): string {
  const found = findTool(tool);
  if (found) return found;
  const message = `${tool} ${VERSIONS[tool]} is not installed (node -r ts-node/register/transpile-only tools/scan/install.ts, or npm run scan, installs it into ~/.cache/strata)`;
  if (process.env.CI) throw new Error(`${message}; CI must run these tests`);
  console.log(`      skipped: ${message}`);
  context.skip();
}
