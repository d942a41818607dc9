import { pauseSdkBookkeeping } from "./sdk-bookkeeping";

/**
 * The SDK captures a stack trace for every promise it makes (for its leak reports) and a full one for every
 * resource (its source position), and ts-node maps each frame through source maps. Under the offline engine
 * that is most of a run's time, for traces no one reads. The preview and the benchmark therefore capture no
 * traces and read no source positions (./sdk-bookkeeping); the SDK still tracks its promises, so a program that
 * leaves one unresolved fails the process as it fails `pulumi up`. An error still carries its message; `--trace`
 * (or STRATA_TRACE=1) keeps full, source-mapped traces for debugging the program itself. Loads the SDK.
 */
export function useCheapStackTraces(keepTraces: boolean): void {
  if (keepTraces || process.env.STRATA_TRACE === "1") return;
  Error.stackTraceLimit = 0;
  Reflect.deleteProperty(Error, "prepareStackTrace");
  pauseSdkBookkeeping({ keepLeakReport: true });
}
