import { pauseSdkBookkeeping, type PauseOptions } from "./sdk-bookkeeping";

/**
 * The SDK captures a stack trace for every promise it makes (for its leak reports) and a full one for every
 * resource (its source position), and ts-node maps each frame through source maps. Under the offline engine
 * that is most of a run's time, for traces no one reads. Dropping them captures no traces and reads no source
 * positions (./sdk-bookkeeping); returns what puts them back. Loads the SDK.
 */
export function dropStackTraces(options: PauseOptions = {}): () => void {
  const limit = Error.stackTraceLimit;
  const prepare = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  const resumeBookkeeping = pauseSdkBookkeeping(options);
  Error.stackTraceLimit = 0;
  Reflect.deleteProperty(Error, "prepareStackTrace");
  return () => {
    Error.stackTraceLimit = limit;
    if (prepare) Object.defineProperty(Error, "prepareStackTrace", prepare);
    resumeBookkeeping();
  };
}

/**
 * The preview and the benchmark drop stack traces for the whole process. The SDK still tracks its promises, so
 * a program that leaves one unresolved fails the process as it fails `pulumi up`. An error still carries its
 * message; `--trace` (or STRATA_TRACE=1) keeps full, source-mapped traces for debugging the program itself.
 */
export function useCheapStackTraces(keepTraces: boolean): void {
  if (keepTraces || process.env.STRATA_TRACE === "1") return;
  dropStackTraces({ keepLeakReport: true });
}
