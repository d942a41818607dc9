import { pauseSdkBookkeeping } from "./sdk-bookkeeping";

/**
 * The SDK captures a stack trace for every promise it makes (for its leak reports) and a full one for every
 * resource (its source position), and ts-node maps each frame through source maps. Under the offline engine
 * that is most of a run's time, for traces no one reads. The preview and the benchmark therefore capture no
 * traces and pause that bookkeeping (./sdk-bookkeeping). An error still carries its message; `--trace` (or
 * STRATA_TRACE=1) keeps full, source-mapped traces for debugging the program itself. Loads the SDK.
 */
export function useCheapStackTraces(keepTraces: boolean): void {
  if (keepTraces || process.env.STRATA_TRACE === "1") return;
  Error.stackTraceLimit = 0;
  Reflect.deleteProperty(Error, "prepareStackTrace");
  pauseSdkBookkeeping();
}
