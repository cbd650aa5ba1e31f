import { setMaxListeners } from 'node:events';
import { RunIncompleteError, UsageError } from '../errors.js';
import type { ModelParameters, Probe, Provider, ResponseRecord } from '../types.js';
import { runBatches, type BatchModeOptions } from './batch.js';
import { Budget, type CostFunction } from './budget.js';
import type { ResponseCache } from './cache.js';
import { classifyFailure, consecutiveFailuresReason, DEFAULT_RETRY, type RetryPolicy } from './failure.js';
import { JournalWriter, scanJournal } from './journal.js';
import { requestKey } from './key.js';
import { Ledger, recordCost, type RunProgress, type WorkItem } from './ledger.js';
import { Throttle } from './throttle.js';
import { ASSUMED_MAX_OUTPUT_TOKENS, estimatePromptTokens } from './tokens.js';
import { callAt, planWork } from './work.js';

export { DEFAULT_RETRY, type RetryPolicy } from './failure.js';
export type { RunProgress } from './ledger.js';

export interface RunOptions {
  provider: Provider;
  probes: readonly Probe[];
  samples: number;
  parameters: ModelParameters;
  /** The append-only journal; calls already in it are not made again. */
  journalFile: string;
  /** Most calls in flight: the ceiling of the adaptive window, and where it starts. Default 8. */
  concurrency?: number;
  /** Caps on requests and tokens per minute, over whatever the provider's headers allow. */
  rpm?: number;
  tpm?: number;
  retry?: RetryPolicy;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Things a person should know that are not errors (a batch that could not be recovered ...). */
  onNote?: (message: string) => void;
  /** The response cache shared across runs; none when absent. */
  cache?: ResponseCache;
  /** Prices: what a call's usage costs. Needed for `maxCostUsd` and to report spend. */
  costOf?: CostFunction;
  /** Stop before the audit's calls (the journal's included) would cost more than this. */
  maxCostUsd?: number;
  /** Send the calls through the provider's batch API instead of one by one. */
  batch?: BatchModeOptions;
  /** Keep every successful record in memory for the summary (default true); false keeps memory flat. */
  keepRecords?: boolean;
  /** Injected for tests: wait `ms` unless aborted. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injected for tests: uniform [0, 1) for retry jitter. */
  random?: () => number;
  /** Injected for tests: the clock (ms) of pacing, latencies and record times. */
  now?: () => number;
  /** Consecutive failed calls after which the run stops as hopeless. */
  maxConsecutiveFailures?: number;
}

export interface RunSummary {
  total: number;
  fromJournal: number;
  /** Calls made by this process (answered or failed). */
  called: number;
  cached: number;
  failed: number;
  retries: number;
  throttled: number;
  /** What the audit's calls have cost, the journal's included, when prices are known. */
  costUsd?: number;
  /** Successful records by request key (empty with `keepRecords: false`). */
  records: Map<string, ResponseRecord>;
}

/** The function that names a probe's call for a sample: `records.get(keyFor(probe, sample))`. */
export function keyFor(provider: Pick<Provider, 'id'> & Partial<Provider>, parameters: ModelParameters): (probe: Probe, sample: number) => string {
  return (probe, sample) => requestKey(provider.id, parameters, probe.messages, sample);
}

/**
 * Make every probe x sample call that the journal does not already hold, writing each answer to the
 * journal as it arrives. Live calls go through an adaptive window (Throttle: AIMD on 429, paced to
 * the provider's announced limits and the user's caps); retries and the circuit breaker are
 * classifyFailure's; a cache hit is journalled like a call. With `batch`, the calls go through the
 * provider's batch API instead (runBatches). Stops with `RunIncompleteError` (exit 3, journal kept)
 * when the run cannot go on, the cost limit would be crossed, or the signal aborts.
 */
export async function run(opts: RunOptions): Promise<RunSummary> {
  const now = opts.now ?? Date.now;
  const keyOf = keyFor(opts.provider, opts.parameters);
  const keep = opts.keepRecords ?? true;
  if (opts.maxCostUsd !== undefined && !opts.costOf) throw new UsageError(`a cost limit needs the price of ${opts.provider.id}: give prices for it`);
  if (opts.batch && !opts.provider.batch) throw new UsageError(`${opts.provider.id} has no batch API: --batch works with openai: and anthropic: models`);

  // What the journal holds: successful keys (with their records when kept) and what they cost.
  const records = new Map<string, ResponseRecord>();
  const done = keep ? undefined : new Set<string>();
  let spent = 0;
  const scan = scanJournal(opts.journalFile, (rec) => {
    if (typeof rec.text !== 'string') return;
    if (keep) records.set(rec.key, rec);
    else done?.add(rec.key);
    if (opts.costOf) spent += recordCost(rec, opts.costOf);
  });
  const plan = planWork(opts.probes, opts.samples, keyOf, (k) => (done ? done.has(k) : records.has(k)));
  done?.clear();
  const progress: RunProgress = {
    total: plan.total,
    done: plan.fromJournal,
    fromJournal: plan.fromJournal,
    retries: 0,
    failed: 0,
    cached: 0,
    throttled: 0,
    ...(opts.costOf ? { costUsd: spent } : {}),
  };
  const summary = (ledger?: Ledger): RunSummary => ({
    total: plan.total,
    fromJournal: plan.fromJournal,
    called: ledger?.called ?? 0,
    cached: progress.cached,
    failed: progress.failed,
    retries: progress.retries,
    throttled: progress.throttled,
    ...(progress.costUsd === undefined ? {} : { costUsd: progress.costUsd }),
    records,
  });
  opts.onProgress?.({ ...progress });
  if (plan.pending.length === 0) return summary();

  const writer = new JournalWriter(opts.journalFile, scan.validBytes);
  const ledger = new Ledger({
    writer,
    providerId: opts.provider.id,
    progress,
    ...(keep ? { records } : {}),
    ...(opts.cache ? { cache: opts.cache } : {}),
    ...(opts.costOf ? { costOf: opts.costOf } : {}),
    now,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const budget = opts.maxCostUsd === undefined ? undefined : new Budget(opts.maxCostUsd, spent);
  const stop = new AbortController();
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  // One listener per call in flight and per back-off wait: more than Node's default warning level.
  setMaxListeners(4 * concurrency + 20, stop.signal);
  const onAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort(opts.signal.reason);

  let reason: string | undefined;
  try {
    const ctx: CallContext = { opts, keyOf, ledger, budget, stop, now, concurrency };
    reason = opts.batch ? await runBatchMode(ctx, plan.pending, opts.batch) : await runLive(ctx, plan.pending);
  } finally {
    writer.close();
    opts.signal?.removeEventListener('abort', onAbort);
  }
  ledger.emit();
  if (reason !== undefined || stop.signal.aborted) {
    throw new RunIncompleteError(`run stopped: ${reason ?? 'interrupted'}`, undefined, progress.done, plan.total);
  }
  return summary(ledger);
}

interface CallContext {
  opts: RunOptions;
  keyOf: (probe: Probe, sample: number) => string;
  ledger: Ledger;
  budget: Budget | undefined;
  stop: AbortController;
  now: () => number;
  concurrency: number;
}

/** Tokens and worst-case cost of one call, for the pacers and the budget. */
function callEstimate(ctx: CallContext, item: WorkItem, batch: boolean): { tokens: number; costUsd: number } {
  const prompt = estimatePromptTokens(item.probe.messages);
  const output = ctx.opts.parameters.maxTokens ?? ASSUMED_MAX_OUTPUT_TOKENS;
  // The prompt estimate is padded by a quarter: the budget must hold even when the guess is low.
  const costUsd = ctx.opts.costOf ? ctx.opts.costOf({ inputTokens: Math.ceil(prompt * 1.25) + 16, outputTokens: output }, { batch }) : 0;
  return { tokens: prompt + output, costUsd };
}

function budgetReason(ctx: CallContext, remaining: number, nextUsd: number): string {
  const b = ctx.budget as Budget;
  return `stopped before exceeding the cost limit of $${fmt(b.limitUsd)}: $${fmt(b.spent)} spent on this audit so far, and the next call could cost up to $${fmt(nextUsd)}; ${remaining} calls remain. Raise the limit to finish`;
}

function fmt(usd: number): string {
  return usd < 0.01 && usd > 0 ? usd.toPrecision(2) : usd.toFixed(2);
}

/** Live calls: a pool of workers through the throttle, each taking the next pending call. */
async function runLive(ctx: CallContext, pending: Uint32Array): Promise<string | undefined> {
  const { opts, ledger, stop, now } = ctx;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? abortableSleep;
  const maxConsecutive = opts.maxConsecutiveFailures ?? 10;
  const throttle = new Throttle({
    maxConcurrency: ctx.concurrency,
    ...(opts.rpm === undefined ? {} : { rpm: opts.rpm }),
    ...(opts.tpm === undefined ? {} : { tpm: opts.tpm }),
    now,
    sleep,
  });
  const progress = ledger.progress;
  const show = () => {
    progress.concurrency = throttle.concurrency;
    progress.inFlight = throttle.active;
    progress.throttled = throttle.throttled;
    ledger.emit();
  };
  let reason: string | undefined;
  let draining = false;
  let consecutiveFailures = 0;
  let next = 0;

  const callOnce = async (item: WorkItem, estimate: { tokens: number; costUsd: number }): Promise<void> => {
    // Each call gets its own signal, so what an SDK hangs on it goes away with the call.
    const call = new AbortController();
    const onStop = () => call.abort(stop.signal.reason);
    stop.signal.addEventListener('abort', onStop, { once: true });
    let settled = false;
    const settle = (usd: number) => {
      if (!settled) ctx.budget?.settle(estimate.costUsd, usd);
      settled = true;
    };
    try {
      let attempts = 0;
      let throttledAttempts = 0;
      const started = now();
      for (;;) {
        let permit;
        try {
          permit = await throttle.acquire(estimate.tokens, stop.signal, { retry: attempts > 0 });
        } catch {
          return; // stopping
        }
        attempts++;
        try {
          const res = await opts.provider.complete({
            messages: item.probe.messages,
            parameters: opts.parameters,
            signal: call.signal,
            sampleIndex: item.sample,
            ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
          });
          throttle.succeeded(permit, res.rateLimit, res.usage ? res.usage.inputTokens + res.usage.outputTokens : undefined);
          settle(await ledger.answered(item, res, { latencyMs: now() - started, attempts }));
          consecutiveFailures = 0;
          return;
        } catch (err) {
          if (stop.signal.aborted) {
            throttle.released(permit);
            return; // the run is stopping: this call is simply not done
          }
          const status = (err as { status?: unknown }).status;
          if (status === 429) throttledAttempts++;
          const action = classifyFailure(err, { providerId: opts.provider.id, attempts, throttledAttempts, retry, random });
          if (action.kind === 'retry') {
            if (action.throttled) throttle.throttledBy(permit, (err as { retryAfterMs?: number }).retryAfterMs);
            else throttle.released(permit);
            progress.retries++;
            show();
            await sleep(action.delayMs, stop.signal).catch(() => undefined);
            if (stop.signal.aborted) return;
            continue;
          }
          throttle.released(permit);
          if (action.kind === 'stop') {
            reason ??= action.reason;
            stop.abort();
            return;
          }
          ledger.failed(item, action, { latencyMs: now() - started, attempts });
          if (++consecutiveFailures >= maxConsecutive) {
            reason ??= consecutiveFailuresReason(consecutiveFailures, action.message);
            stop.abort();
          }
          return;
        }
      }
    } finally {
      settle(0);
      stop.signal.removeEventListener('abort', onStop);
    }
  };

  const worker = async () => {
    while (!stop.signal.aborted && !draining && next < pending.length) {
      const { probe, sample } = callAt(opts.probes, opts.samples, pending[next++] as number);
      const item: WorkItem = { key: ctx.keyOf(probe, sample), probe, sample };
      const hit = opts.cache ? await opts.cache.get(item.key) : undefined;
      if (hit) {
        if (!stop.signal.aborted) ledger.fromCache(item, hit);
        show();
        continue;
      }
      const estimate = callEstimate(ctx, item, false);
      if (ctx.budget && !ctx.budget.tryReserve(estimate.costUsd)) {
        // In-flight calls finish (they are paid for); no new one starts.
        if (!draining) reason ??= budgetReason(ctx, pending.length - next + 1, estimate.costUsd);
        draining = true;
        return;
      }
      await callOnce(item, estimate);
      show();
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency, pending.length) }, worker));
  return reason;
}

async function runBatchMode(ctx: CallContext, pending: Uint32Array, batch: BatchModeOptions): Promise<string | undefined> {
  const { opts } = ctx;
  return runBatches({
    api: opts.provider.batch!,
    providerId: opts.provider.id,
    probes: opts.probes,
    samples: opts.samples,
    parameters: opts.parameters,
    pending,
    keyOf: ctx.keyOf,
    ledger: ctx.ledger,
    budget: ctx.budget,
    estimate: (item) => callEstimate(ctx, item, true).costUsd,
    ...(opts.cache ? { cache: opts.cache } : {}),
    options: batch,
    retry: opts.retry ?? DEFAULT_RETRY,
    random: opts.random ?? Math.random,
    signal: ctx.stop.signal,
    sleep: opts.sleep ?? abortableSleep,
    now: ctx.now,
    note: (m) => opts.onNote?.(m),
  });
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
