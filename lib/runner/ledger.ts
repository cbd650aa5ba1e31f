import type { CompletionResponse, Probe, ResponseRecord, TokenUsage } from '../types.js';
import type { CostFunction } from './budget.js';
import type { CachedReply, ResponseCache } from './cache.js';
import { scanJournal, type JournalWriter } from './journal.js';

/** What a run reports as it goes (and what the progress bar shows). */
export interface RunProgress {
  /** Distinct calls of the audit. */
  total: number;
  /** Calls answered, in this process, from the cache, or found in the journal. */
  done: number;
  fromJournal: number;
  retries: number;
  failed: number;
  /** Answered from the response cache in this run: no call, no cost. */
  cached: number;
  /** Times the provider said to slow down (429). */
  throttled: number;
  /** US dollars this audit's calls have cost so far, the journal's included; absent when prices are unknown. */
  costUsd?: number;
  /** Live calls: the concurrency window and the calls in flight. */
  concurrency?: number;
  inFlight?: number;
  /** Batch mode: batches waiting at the provider and how far they are. */
  batches?: { pending: number; processed: number; requests: number };
}

/** One planned call. */
export interface WorkItem {
  key: string;
  probe: Probe;
  sample: number;
}

export interface LedgerOptions {
  writer: JournalWriter;
  providerId: string;
  progress: RunProgress;
  /** Successful records by key, when the caller keeps them (for analysis after the run). */
  records?: Map<string, ResponseRecord>;
  cache?: ResponseCache;
  costOf?: CostFunction;
  now: () => number;
  onProgress?: (p: RunProgress) => void;
}

/**
 * Where every answer of a run goes, whichever way it came (live call, cache, batch): the journal
 * first (the only thing that must survive a crash), then the cache, the in-memory records and the
 * counters. One place, so a reply is never counted or paid twice.
 */
export class Ledger {
  /** Calls made by this process, answered or failed (not cache hits). */
  called = 0;

  constructor(private readonly o: LedgerOptions) {}

  get progress(): RunProgress {
    return this.o.progress;
  }

  emit(): void {
    this.o.onProgress?.({ ...this.o.progress, ...(this.o.progress.batches ? { batches: { ...this.o.progress.batches } } : {}) });
  }

  /** Journal a reply; returns what it cost. */
  async answered(item: WorkItem, res: CompletionResponse, meta: { latencyMs: number; attempts: number; batch?: string }): Promise<number> {
    const rec: ResponseRecord = {
      key: item.key,
      probeId: item.probe.id,
      sample: item.sample,
      model: res.model ?? this.o.providerId,
      text: res.text,
      latencyMs: meta.latencyMs,
      attempts: meta.attempts,
      at: new Date(this.o.now()).toISOString(),
      ...(res.usage ? { usage: res.usage } : {}),
      ...(res.requestId ? { requestId: res.requestId } : {}),
      ...(res.finishReason ? { finishReason: res.finishReason } : {}),
      ...(meta.batch ? { batch: meta.batch } : {}),
    };
    this.o.writer.append(rec);
    this.o.records?.set(item.key, rec);
    this.called++;
    this.o.progress.done++;
    const cost = this.costOf(res.usage, meta.batch !== undefined);
    if (cost !== undefined && this.o.progress.costUsd !== undefined) this.o.progress.costUsd += cost;
    if (this.o.cache) {
      await this.o.cache
        .put(item.key, {
          text: res.text,
          at: rec.at,
          ...(res.model ? { model: res.model } : {}),
          ...(res.usage ? { usage: res.usage } : {}),
          ...(res.finishReason ? { finishReason: res.finishReason } : {}),
          ...(res.requestId ? { requestId: res.requestId } : {}),
        })
        // The cache is a convenience: a full disk must not fail an audit whose journal is safe.
        .catch(() => undefined);
    }
    return cost ?? 0;
  }

  /** Journal a reply from the cache: like a call, marked `cached`, costing nothing. */
  fromCache(item: WorkItem, reply: CachedReply): void {
    const rec: ResponseRecord = {
      key: item.key,
      probeId: item.probe.id,
      sample: item.sample,
      model: reply.model ?? this.o.providerId,
      text: reply.text,
      latencyMs: 0,
      attempts: 0,
      at: new Date(this.o.now()).toISOString(),
      ...(reply.usage ? { usage: reply.usage } : {}),
      ...(reply.requestId ? { requestId: reply.requestId } : {}),
      ...(reply.finishReason ? { finishReason: reply.finishReason } : {}),
      cached: true,
    };
    this.o.writer.append(rec);
    this.o.records?.set(item.key, rec);
    this.o.progress.done++;
    this.o.progress.cached++;
  }

  /** Journal a call the provider refused for its own content; a resumed run tries it again. */
  failed(item: WorkItem, error: { message: string; status?: number; code?: string }, meta: { latencyMs: number; attempts: number; batch?: string }): void {
    this.o.writer.append({
      key: item.key,
      probeId: item.probe.id,
      sample: item.sample,
      model: this.o.providerId,
      text: null,
      error: { message: error.message, ...(error.status === undefined ? {} : { status: error.status }), ...(error.code ? { code: error.code } : {}) },
      latencyMs: meta.latencyMs,
      attempts: meta.attempts,
      at: new Date(this.o.now()).toISOString(),
      ...(meta.batch ? { batch: meta.batch } : {}),
    });
    this.called++;
    this.o.progress.failed++;
    this.o.progress.done++;
  }

  costOf(usage: TokenUsage | undefined, batch: boolean): number | undefined {
    return usage && this.o.costOf ? this.o.costOf(usage, { batch }) : undefined;
  }
}

/** What a journalled record cost: nothing when it came from the cache or failed. */
export function recordCost(rec: ResponseRecord, costOf: CostFunction): number {
  if (rec.cached || typeof rec.text !== 'string' || !rec.usage) return 0;
  return costOf(rec.usage, { batch: rec.batch !== undefined });
}

/** What a journal's records cost at one model's prices (0 for a journal that does not exist yet). */
export function journalCost(file: string, costOf: CostFunction): number {
  let usd = 0;
  scanJournal(file, (rec) => {
    usd += recordCost(rec, costOf);
  });
  return usd;
}
