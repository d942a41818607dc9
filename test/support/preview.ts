import { preview } from "../../tools/preview/cli";
import { withoutStackTraces } from "./traces";

/**
 * The same code as `npm start -- <args>`, called in this process, for a case whose flags a spawned run already
 * covers end to end (test/preview-cli.test.ts, test/cost-stacks.test.ts): starting
 * a process costs a second or two of module loading per case. The passphrase is unset, as for those runs.
 */
export async function previewInProcess(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE;
  delete process.env.PULUMI_CONFIG_PASSPHRASE;
  try {
    const code = await withoutStackTraces(() =>
      preview(args, {
        log: (text) => stdout.push(`${text}\n`),
        error: (text) => stderr.push(`${text}\n`),
      }),
    );
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    if (passphrase !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE = passphrase;
  }
}
