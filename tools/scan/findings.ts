/** One check of one resource by one tool: the unit the scan counts and the accepted-findings files name. */
export interface CheckResult {
  readonly tool: string;
  readonly stack: string;
  readonly target: string;
  readonly check: string;
  readonly resource: string;
  readonly passed: boolean;
  /** The tool's one-line title of the check, for the report. */
  readonly title?: string;
}

/** Which file of a scanned directory holds which stack and target. */
export interface ScannedFile {
  readonly path: string;
  readonly stack: string;
  readonly target: string;
}
