/**
 * One root error with a code and the exit code the binary returns for it (DESIGN.md):
 * 2 bad input or usage, 3 the run could not complete.
 */
export abstract class BiasAuditError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
}

export interface ProbeSetIssue {
  file: string;
  /** 1-based line; 0 when the file as a whole is at fault (missing, unreadable). */
  line: number;
  /** Where in the document: `attributes.applicant.table`, `templates[0].messages[1]`, a CSV column ... */
  path: string;
  expected: string;
  received: string;
}

export function formatIssue(i: ProbeSetIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}` : i.file;
  return `${where}: ${i.path}: expected ${i.expected}, got ${i.received}`;
}

/** A probe set (YAML, CSV tables, templates) that cannot be used; lists every issue at once. */
export class ProbeSetError extends BiasAuditError {
  readonly code = 'PROBE_SET_INVALID';
  readonly exitCode = 2;
  constructor(readonly issues: readonly ProbeSetIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ProbeSetError';
  }
}

/** Bad command-line or API usage: unknown model spec, bad option value, missing key. */
export class UsageError extends BiasAuditError {
  readonly code = 'USAGE';
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A run directory, journal or label file that cannot be read as expected. */
export class InputFileError extends BiasAuditError {
  readonly code = 'INPUT_INVALID';
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'InputFileError';
  }
}

/** A model call that failed; `retryable` says whether trying again can help. */
export class ProviderError extends BiasAuditError {
  readonly code = 'PROVIDER';
  readonly exitCode = 3;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** Server-advised wait before retrying (retry-after), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    opts: { provider: string; status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ProviderError';
    this.provider = opts.provider;
    this.status = opts.status;
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The run stopped before every call was made (provider unreachable, permanent error, interrupted). */
export class RunIncompleteError extends BiasAuditError {
  readonly code = 'RUN_INCOMPLETE';
  readonly exitCode = 3;
  constructor(
    message: string,
    readonly runDir: string | undefined,
    readonly completed: number,
    readonly total: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RunIncompleteError';
  }
}
