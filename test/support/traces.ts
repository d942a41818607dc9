import { dropStackTraces } from "../../tools/harness/stack-traces";

/**
 * The SDK captures a stack trace for every promise it makes and a full, source-mapped one for every resource
 * (tools/harness/stack-traces.ts): under the mocked engine that is most of a program run's time. Tests drop
 * them, and pause the SDK's bookkeeping (tools/harness/sdk-bookkeeping.ts), while a program runs and keep them
 * everywhere else, so a failing assertion still says where it failed.
 * STRATA_TRACE=1 keeps them during runs too, for debugging the program itself.
 */
let depth = 0;
let restore: (() => void) | undefined;

/** Runs `work` with stack traces off; runs that overlap share one window, restored when the last ends. */
export async function withoutStackTraces<T>(work: () => Promise<T>): Promise<T> {
  if (process.env.STRATA_TRACE === "1") return work();
  if (depth++ === 0) restore = dropStackTraces();
  try {
    return await work();
  } finally {
    if (--depth === 0) {
      restore?.();
      restore = undefined;
    }
  }
}
