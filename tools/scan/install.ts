import { installTool, type ToolName } from "./tools";

/** Installs the pinned scanners into the cache (a no-op when they are there); CI runs it before `npm run scan`. */
for (const tool of ["checkov", "kube-score"] as ToolName[]) {
  const started = Date.now();
  const binary = installTool(tool);
  console.log(`${tool}: ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
