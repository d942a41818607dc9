/**
 * The SDK captures a stack trace for every promise it makes (for its leak reports), and ts-node maps each
 * one through source maps: under the offline engine that is most of a run's time, for traces no one reads.
 * The preview and the benchmark turn capture off; an error still carries its message, and `--trace`
 * (or STRATA_TRACE=1) keeps full traces for debugging the program itself.
 */
export function useCheapStackTraces(keepTraces: boolean): void {
  if (!keepTraces && process.env.STRATA_TRACE !== "1") Error.stackTraceLimit = 0;
}
