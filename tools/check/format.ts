import { spawn } from "node:child_process";

export interface FormatCheck {
  readonly code: number | null;
  readonly output: string;
}

/**
 * `prettier --check .` in a process of its own, started now and awaited later: it runs on the second core while
 * this process type-checks on the first (together under 1.5 GB: Prettier takes about 250 MB).
 */
export function startFormatCheck(cwd: string): Promise<FormatCheck> {
  // Its output is read through a pipe and printed later: coloured only when it will reach a terminal.
  const color = process.stdout.isTTY ? "--color" : "--no-color";
  const child = spawn(
    process.execPath,
    [require.resolve("prettier/bin/prettier.cjs"), "--check", color, "."],
    {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
