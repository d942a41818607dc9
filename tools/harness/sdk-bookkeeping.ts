/**
 * What the Pulumi SDK keeps for a real engine connection: every promise it makes is wrapped in two more, tagged
 * with a stack trace and tracked for a leak report at exit (runtime/debuggable.js), and every resource reads a
 * full stack trace for its source position (Resource.callsites). No test reads either, and under the mocked
 * engine they are about a third of a program run's time. The SDK reads both through its module exports, so
 * swapping the exports for no-ops pauses them; what the program registers, and in which order, is the same
 * (test/harness.test.ts compares the graphs). A real `pulumi up` never loads this file.
 */
interface Debuggable {
  debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T>;
}
interface ResourceClass {
  callsites: () => unknown[];
}

export interface PauseOptions {
  /**
   * Keeps the promise tracking, whose report at exit fails a process that leaves a promise unresolved, as it
   * fails `pulumi up`: for a process that runs a program once and exits (`npm start`). Only source positions
   * are paused then.
   */
  readonly keepLeakReport?: boolean;
}

/** Swaps the SDK's bookkeeping for no-ops, and returns what puts it back. Loads the SDK on first call. */
export function pauseSdkBookkeeping({ keepLeakReport = false }: PauseOptions = {}): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resource } = require("@pulumi/pulumi/resource") as { Resource: ResourceClass };
  const { debuggablePromise } = debuggable;
  const { callsites } = Resource;
  if (!keepLeakReport) debuggable.debuggablePromise = (promise) => promise;
  Resource.callsites = () => [];
  return () => {
    debuggable.debuggablePromise = debuggablePromise;
    Resource.callsites = callsites;
  };
}
