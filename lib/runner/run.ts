import { setMaxListeners } from 'node:events';
import { ProviderError, RunIncompleteError } from '../errors.js';
import type { ModelParameters, Probe, Provider, ResponseRecord } from '../types.js';
import { JournalWriter, readJournal } from './journal.js';
import { requestKey } from './key.js';

export interface RetryPolicy {
  /** Tries after the first call (so `maxRetries: 4` is at most 5 calls). */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface RunProgress {
  total: number;
  /** Calls answered, in this process or found in the journal. */
  done: number;
  fromJournal: number;
  retries: number;
  failed: number;
}

export interface RunOptions {
  provider: Provider;
  probes: readonly Probe[];
  samples: number;
  parameters: ModelParameters;
  /** The append-only journal; calls already in it are not made again. */
  journalFile: string;
  concurrency?: number;
  retry?: RetryPolicy;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Injected for tests: wait `ms` unless aborted. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injected for tests: uniform [0, 1) for retry jitter. */
  random?: () => number;
  /** Consecutive failed calls after which the run stops as hopeless. */
  maxConsecutiveFailures?: number;
}

export interface RunSummary {
  total: number;
  fromJournal: number;
  called: number;
  failed: number;
  retries: number;
  /** Successful records by request key. */
  records: Map<string, ResponseRecord>;
}

/** The function that names a probe's call for a sample: `records.get(keyFor(probe, sample))`. */
export function keyFor(provider: Provider, parameters: ModelParameters): (probe: Probe, sample: number) => string {
  return (probe, sample) => requestKey(provider.id, parameters, probe.messages, sample);
}

interface WorkItem {
  key: string;
  probe: Probe;
  sample: number;
}

/**
 * Make every probe x sample call that the journal does not already hold, `concurrency` at a time,
 * writing each answer to the journal as it arrives. Retries with full-jitter exponential back-off
 * (at least the server's retry-after) are the runner's: providers are built with SDK retries off, so
 * there is one place that counts attempts. Stops with `RunIncompleteError` (exit 3, journal kept)
 * when the provider is unreachable after retries, rejects the credentials or model, or the signal
 * aborts; a call rejected for its own content (400) is recorded as failed and the run goes on.
 */
export async function run(opts: RunOptions): Promise<RunSummary> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? abortableSleep;
  const maxConsecutive = opts.maxConsecutiveFailures ?? 10;
  const keyOf = keyFor(opts.provider, opts.parameters);

  const journal = readJournal(opts.journalFile);
  const records = journal.records;
  const items: WorkItem[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const probe of opts.probes) {
    for (let sample = 0; sample < opts.samples; sample++) {
      const key = keyOf(probe, sample);
      if (seen.has(key)) continue; // identical request (same messages, parameters, sample): made once
      seen.add(key);
      total++;
      if (!records.has(key)) items.push({ key, probe, sample });
    }
  }
  const fromJournal = total - items.length;
  const progress: RunProgress = { total, done: fromJournal, fromJournal, retries: 0, failed: 0 };
  opts.onProgress?.({ ...progress });
  if (items.length === 0) return { total, fromJournal, called: 0, failed: 0, retries: 0, records };

  const writer = new JournalWriter(opts.journalFile, journal.validBytes);
  const stop = new AbortController();
  // One listener per call in flight and per back-off wait: more than Node's default warning level.
  setMaxListeners(2 * concurrency + 10, stop.signal);
  const onAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort(opts.signal.reason);
  let fatal: { message: string; cause?: unknown } | undefined;
  let consecutiveFailures = 0;
  let called = 0;
  let next = 0;

  const callOnce = async (item: WorkItem): Promise<void> => {
    // Each call gets its own signal, so what an SDK hangs on it goes away with the call.
    const call = new AbortController();
    const onStop = () => call.abort(stop.signal.reason);
    stop.signal.addEventListener('abort', onStop, { once: true });
    try {
      await attemptAll(item, call.signal);
    } finally {
      stop.signal.removeEventListener('abort', onStop);
    }
  };

  const attemptAll = async (item: WorkItem, signal: AbortSignal): Promise<void> => {
    let attempts = 0;
    const started = Date.now();
    for (;;) {
      attempts++;
      try {
        const res = await opts.provider.complete({
          messages: item.probe.messages,
          parameters: opts.parameters,
          signal,
          sampleIndex: item.sample,
          ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        });
        const rec: ResponseRecord = {
          key: item.key,
          probeId: item.probe.id,
          sample: item.sample,
          model: res.model ?? opts.provider.id,
          text: res.text,
          latencyMs: Date.now() - started,
          attempts,
          at: new Date().toISOString(),
          ...(res.usage ? { usage: res.usage } : {}),
          ...(res.requestId ? { requestId: res.requestId } : {}),
          ...(res.finishReason ? { finishReason: res.finishReason } : {}),
        };
        writer.append(rec);
        records.set(item.key, rec);
        called++;
        consecutiveFailures = 0;
        progress.done++;
        return;
      } catch (err) {
        if (stop.signal.aborted) return; // the run is stopping: this call is simply not done
        const pe = asProviderError(err);
        if (pe?.retryable && attempts <= retry.maxRetries) {
          progress.retries++;
          opts.onProgress?.({ ...progress });
          const backoff = random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
          await sleep(Math.max(backoff, pe.retryAfterMs ?? 0), stop.signal).catch(() => undefined);
          if (stop.signal.aborted) return;
          continue;
        }
        if (pe?.retryable) {
          fatal = { message: `${opts.provider.id} still failing after ${attempts} attempts: ${pe.message}`, cause: pe };
          stop.abort();
          return;
        }
        if (pe && (pe.status === 401 || pe.status === 403 || pe.status === 404)) {
          fatal = { message: `${opts.provider.id} rejected the request (${pe.status}): ${pe.message}`, cause: pe };
          stop.abort();
          return;
        }
        // A call refused for its own content: recorded as failed, counted and shown in the report.
        const message = err instanceof Error ? err.message : String(err);
        writer.append({
          key: item.key,
          probeId: item.probe.id,
          sample: item.sample,
          model: opts.provider.id,
          text: null,
          error: { message, ...(pe?.status === undefined ? {} : { status: pe.status }) },
          latencyMs: Date.now() - started,
          attempts,
          at: new Date().toISOString(),
        });
        called++;
        progress.failed++;
        progress.done++;
        if (++consecutiveFailures >= maxConsecutive) {
          fatal = { message: `${consecutiveFailures} calls in a row failed; last error: ${message}`, cause: err };
          stop.abort();
        }
        return;
      }
    }
  };

  const worker = async () => {
    while (!stop.signal.aborted && next < items.length) {
      const item = items[next++] as WorkItem;
      await callOnce(item);
      opts.onProgress?.({ ...progress });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  } finally {
    writer.close();
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (fatal || stop.signal.aborted) {
    const why = fatal?.message ?? 'interrupted';
    throw new RunIncompleteError(`run stopped: ${why}`, undefined, progress.done, total, fatal?.cause);
  }
  return { total, fromJournal, called, failed: progress.failed, retries: progress.retries, records };
}

/**
 * A ProviderError, recognised by its shape rather than `instanceof`: a user's module provider (or a
 * second copy of this library) may throw one made by another copy of the class.
 */
function asProviderError(err: unknown): ProviderError | undefined {
  if (err instanceof ProviderError) return err;
  const e = err as Partial<ProviderError> | null;
  if (e && typeof e === 'object' && e.code === 'PROVIDER' && typeof e.retryable === 'boolean') return e as ProviderError;
  return undefined;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
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
