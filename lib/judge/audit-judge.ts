/**
 * The judge step of `audit()`: the audit's own runner options (concurrency, timeout, retry policy,
 * signal, progress) applied to the judge's calls, with the judge's own response cache, and a stop
 * reported like the model's (exit 3, run directory kept, resumable).
 */
import { resolveCache } from '../audit/runner-options.js';
import { RunIncompleteError } from '../errors.js';
import type { RunProgress } from '../runner/index.js';
import type { Provider } from '../types.js';
import { judgeRun, type Judged, type JudgeInput, type JudgeRunOptions } from './grade.js';
import type { JudgeSetup } from './setup.js';

/** The audit options the judge step reads (AuditOptions' share of them). */
export interface AuditJudgeOptions extends Omit<JudgeRunOptions, 'cache'> {
  judge?: string | Provider;
  judgeBaseUrl?: string;
  cache?: string | false;
  env?: Record<string, string | undefined>;
  cwd?: string;
  onJudgeProgress?: (p: RunProgress) => void;
  /** Appended to a stop's message: how the judge's share of the cost limit came about. */
  costNote?: () => string;
}

export async function judgeAudit(setup: JudgeSetup, input: JudgeInput, outDir: string, opts: AuditJudgeOptions): Promise<Judged> {
  // The response cache follows the same rule as the model's: on by default for remote judges only.
  const cache = resolveCache(
    {
      model: opts.judge ?? setup.provider,
      ...(opts.judgeBaseUrl === undefined ? {} : { baseUrl: opts.judgeBaseUrl }),
      ...(opts.cache === undefined ? {} : { cache: opts.cache }),
      ...(opts.env === undefined ? {} : { env: opts.env }),
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    },
    setup.provider,
  );
  try {
    return await judgeRun(setup, input, outDir, {
      ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.retry === undefined ? {} : { retry: opts.retry }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      ...(opts.sleep === undefined ? {} : { sleep: opts.sleep }),
      ...((opts.onJudgeProgress ?? opts.onProgress) === undefined ? {} : { onProgress: opts.onJudgeProgress ?? opts.onProgress }),
      ...(opts.onNote === undefined ? {} : { onNote: opts.onNote }),
      ...(cache ? { cache } : {}),
      ...(opts.costOf === undefined ? {} : { costOf: opts.costOf }),
      ...(opts.maxCostUsd === undefined ? {} : { maxCostUsd: opts.maxCostUsd }),
    });
  } catch (err) {
    if (err instanceof RunIncompleteError) {
      throw new RunIncompleteError(`judge ${setup.manifest.spec}: ${err.message}${opts.costNote?.() ?? ''} (the replies are in the journal; resuming grades only what is left)`, outDir, err.completed, err.total, err.cause);
    }
    throw err;
  }
}
