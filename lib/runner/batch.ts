import type { BatchApi, BatchRequest, ModelParameters, Probe } from '../types.js';
import { BatchLogWriter, readBatchLog, type BatchEntry } from './batch-log.js';
import type { Budget } from './budget.js';
import type { ResponseCache } from './cache.js';
import { classifyFailure, type RetryPolicy } from './failure.js';
import type { Ledger, WorkItem } from './ledger.js';
import { callAt } from './work.js';

export interface BatchModeOptions {
  /** The run directory's batch log (`batches.jsonl`): ids persist there, so any later process can collect. */
  logFile: string;
  /** Wait between polls of a running batch. Default 30 s. */
  pollIntervalMs?: number;
  /** Poll until every batch has ended (default); false submits, records the ids and returns. */
  wait?: boolean;
  /** Rounds of resubmitting requests a batch expired or failed to run. Default 3. */
  maxRounds?: number;
}

export interface BatchContext {
  api: BatchApi;
  providerId: string;
  probes: readonly Probe[];
  samples: number;
  parameters: ModelParameters;
  pending: Uint32Array;
  keyOf: (probe: Probe, sample: number) => string;
  ledger: Ledger;
  budget: Budget | undefined;
  /** Worst-case cost of one call at the batch price. */
  estimate: (item: WorkItem) => number;
  cache?: ResponseCache;
  options: BatchModeOptions;
  retry: RetryPolicy;
  random: () => number;
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  now: () => number;
  note: (message: string) => void;
}

const DEFAULT_POLL_MS = 30_000;
const DEFAULT_ROUNDS = 3;

/** Why batch mode returned early: the reason becomes the RunIncompleteError's message. */
class Stop extends Error {}

/**
 * Send the pending calls through the provider's batch API. Every step is written to the batch log
 * before it is relied on: `submitting` (with the request keys) before the request goes out, the
 * staged id (OpenAI's uploaded file) as soon as it exists, the batch id as soon as it is known, and
 * `collected` once its results are in the journal. A later process (`run --resume`) reads the log,
 * recovers a submission cut short (OpenAI: finds or creates the batch of the uploaded file),
 * polls what is still running, and submits only what no batch covers: nothing is paid twice.
 * Returns the reason the run is incomplete, or undefined when every call is answered.
 */
export async function runBatches(ctx: BatchContext): Promise<string | undefined> {
  const { ledger, signal } = ctx;
  const progress = ledger.progress;
  // Calls still wanted, by request key. A result for any other key (one already journalled, or a
  // duplicate line) is ignored, so no reply is journalled twice.
  const want = new Map<string, number>();
  for (const flat of ctx.pending) {
    const { probe, sample } = callAt(ctx.probes, ctx.samples, flat);
    const item: WorkItem = { key: ctx.keyOf(probe, sample), probe, sample };
    const hit = ctx.cache ? await ctx.cache.get(item.key) : undefined;
    if (hit) ledger.fromCache(item, hit);
    else want.set(item.key, flat);
  }
  ledger.emit();
  if (want.size === 0) return undefined;

  const log = readBatchLog(ctx.options.logFile);
  const writer = new BatchLogWriter(ctx.options.logFile, log.validBytes);
  const stamp = () => new Date(ctx.now()).toISOString();
  let nextSeq = log.entries.reduce((m, e) => Math.max(m, e.seq + 1), 0);
  const reserved = new Map<number, number>();
  const refused = new Set<string>(); // keys a batch answered with a permanent error: journalled as failed
  try {
    const entries = log.entries.filter((e) => !e.collected && !e.abandoned);
    for (const e of entries.filter((x) => x.id === undefined)) await recover(ctx, e, writer, stamp);
    const running = entries.filter((e) => e.id !== undefined);
    // Batches an earlier process submitted will be billed: hold their worst case against the limit.
    for (const e of running) {
      const usd = sumEstimate(ctx, e.keys, want);
      ctx.budget?.hold(usd);
      reserved.set(e.seq, usd);
    }

    // Times each request has gone out in a batch: one that keeps expiring is given up after `rounds`.
    const rounds = ctx.options.maxRounds ?? DEFAULT_ROUNDS;
    const sent = new Map<string, number>();
    for (const e of running) for (const k of e.keys) sent.set(k, (sent.get(k) ?? 0) + 1);
    for (;;) {
      const covered = new Set(running.flatMap((e) => e.keys));
      const open = [...want.keys()].filter((k) => !covered.has(k) && !refused.has(k));
      const unsent = open.filter((k) => (sent.get(k) ?? 0) < rounds);
      for (let i = 0; i < unsent.length; ) {
        // As many requests as one batch takes and the cost limit leaves room for, at their worst case.
        const { count, usd } = affordable(ctx, unsent, i, want);
        if (count === 0) {
          const message = budgetStop(ctx, unsent.length - i, usd);
          if (running.length === 0) return message;
          ctx.note(message);
          break;
        }
        const keys = unsent.slice(i, i + count);
        ctx.budget?.hold(usd);
        const entry = await submit(ctx, keys, want, nextSeq++, writer, stamp);
        for (const k of keys) sent.set(k, (sent.get(k) ?? 0) + 1);
        reserved.set(entry.seq, usd);
        running.push(entry);
        i += count;
      }
      setBatchProgress(progress, running, new Map());
      ledger.emit();
      if (running.length === 0) {
        const givenUp = open.length - unsent.length;
        return givenUp === 0 ? undefined : `${givenUp} requests still unanswered after ${rounds} batches each (expired or failed at the provider); resume to try them again`;
      }
      if (ctx.options.wait === false) {
        return `${running.length} batch${running.length === 1 ? '' : 'es'} submitted to ${ctx.providerId} (${running.map((e) => e.id).join(', ')}); nothing is lost by stopping here. Collect the results later`;
      }
      await pollAndCollect(ctx, running, want, refused, reserved, writer, stamp);
    }
  } catch (err) {
    if (err instanceof Stop) return err.message;
    if (signal.aborted) return undefined; // the caller reports the interruption
    throw err;
  } finally {
    writer.close();
  }
}

/** Poll every running batch until all have ended, collecting each as it ends. */
async function pollAndCollect(
  ctx: BatchContext,
  running: BatchEntry[],
  want: Map<string, number>,
  refused: Set<string>,
  reserved: Map<number, number>,
  writer: BatchLogWriter,
  stamp: () => string,
): Promise<void> {
  const counts = new Map<number, { processed: number; requests: number }>();
  while (running.length > 0) {
    let ended = 0;
    for (const entry of [...running]) {
      const status = await call(ctx, () => ctx.api.status(entry.id as string, { signal: ctx.signal }));
      counts.set(entry.seq, { processed: status.processed ?? 0, requests: status.total ?? entry.keys.length });
      if (status.state !== 'ended') continue;
      ended++;
      let spent = 0;
      let answered = 0;
      for await (const result of ctx.api.results(entry.id as string, { signal: ctx.signal })) {
        const flat = want.get(result.customId);
        if (flat === undefined || refused.has(result.customId)) continue;
        const { probe, sample } = callAt(ctx.probes, ctx.samples, flat);
        const item: WorkItem = { key: result.customId, probe, sample };
        const latencyMs = entry.submittedAt ? Math.max(0, ctx.now() - Date.parse(entry.submittedAt)) : 0;
        if (result.response) {
          spent += await ctx.ledger.answered(item, result.response, { latencyMs, attempts: 1, batch: entry.id as string });
          want.delete(result.customId);
          answered++;
        } else if (result.error && !result.error.retryable) {
          ctx.ledger.failed(item, result.error, { latencyMs, attempts: 1, batch: entry.id as string });
          refused.add(result.customId);
        }
      }
      if (status.problem && answered === 0) ctx.note(`batch ${entry.id} of ${ctx.providerId} ended without results: ${status.problem}`);
      writer.append({ event: 'collected', seq: entry.seq, id: entry.id as string, at: stamp() });
      ctx.budget?.settle(reserved.get(entry.seq) ?? 0, spent);
      running.splice(running.indexOf(entry), 1);
      counts.delete(entry.seq);
    }
    setBatchProgress(ctx.ledger.progress, running, counts);
    ctx.ledger.emit();
    if (running.length > 0 && ended === 0) await ctx.sleep(ctx.options.pollIntervalMs ?? DEFAULT_POLL_MS, ctx.signal);
  }
}

async function submit(
  ctx: BatchContext,
  keys: string[],
  want: Map<string, number>,
  seq: number,
  writer: BatchLogWriter,
  stamp: () => string,
): Promise<BatchEntry> {
  const requests: BatchRequest[] = keys.map((key) => {
    const { probe } = callAt(ctx.probes, ctx.samples, want.get(key) as number);
    return { customId: key, messages: probe.messages, parameters: ctx.parameters };
  });
  writer.append({ event: 'submitting', seq, keys, at: stamp() });
  const entry: BatchEntry = { seq, keys, collected: false, abandoned: false };
  // Not retried: a submission that failed half-way may exist at the provider; recover() decides.
  let id: string;
  try {
    ({ id } = await ctx.api.submit(requests, {
      signal: ctx.signal,
      onStaged: (stagedId) => {
        entry.stagedId = stagedId;
        writer.append({ event: 'staged', seq, stagedId });
      },
    }));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const action = classifyFailure(err, { providerId: ctx.providerId, attempts: 1, throttledAttempts: 0, retry: ctx.retry, random: ctx.random });
    const message = action.kind === 'stop' ? action.reason : err instanceof Error ? err.message : String(err);
    throw new Stop(`submitting a batch to ${ctx.providerId} failed: ${message}`);
  }
  entry.id = id;
  entry.submittedAt = stamp();
  writer.append({ event: 'submitted', seq, id, at: entry.submittedAt });
  return entry;
}

/**
 * A submission the log shows started but never got its id (the process died in between). With a
 * staged id and a provider that can look it up, the batch is found (or made from the staged input);
 * otherwise its keys are freed and sent again, which a person is told about, since a batch may exist.
 */
async function recover(ctx: BatchContext, entry: BatchEntry, writer: BatchLogWriter, stamp: () => string): Promise<void> {
  if (entry.stagedId !== undefined && ctx.api.recover) {
    const found = await call(ctx, () => ctx.api.recover!(entry.stagedId as string, { signal: ctx.signal }));
    if (found) {
      entry.id = found.id;
      entry.submittedAt = stamp();
      writer.append({ event: 'submitted', seq: entry.seq, id: found.id, at: entry.submittedAt });
      return;
    }
  }
  entry.abandoned = true;
  writer.append({ event: 'abandoned', seq: entry.seq, at: stamp() });
  ctx.note(
    `batch submission ${entry.seq} was interrupted before ${ctx.providerId} returned its id; its ${entry.keys.length} requests are sent again. ` +
      'If the provider console shows a batch created at that moment, cancel it to avoid paying twice.',
  );
}

/** A status or results call, retried like a live call; a hopeless failure stops batch mode. */
async function call<T>(ctx: BatchContext, fn: () => Promise<T>): Promise<T> {
  for (let attempts = 1, throttled = 0; ; attempts++) {
    try {
      return await fn();
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if ((err as { status?: unknown }).status === 429) throttled++;
      const action = classifyFailure(err, { providerId: ctx.providerId, attempts, throttledAttempts: throttled, retry: ctx.retry, random: ctx.random });
      if (action.kind === 'retry') {
        await ctx.sleep(action.delayMs, ctx.signal);
        continue;
      }
      throw new Stop(action.kind === 'stop' ? action.reason : `${ctx.providerId} batch API: ${action.message}`);
    }
  }
}

function sumEstimate(ctx: BatchContext, keys: readonly string[], want: Map<string, number>): number {
  let usd = 0;
  for (const key of keys) {
    const flat = want.get(key);
    if (flat === undefined) continue;
    const { probe, sample } = callAt(ctx.probes, ctx.samples, flat);
    usd += ctx.estimate({ key, probe, sample });
  }
  return usd;
}

/**
 * How many of `keys` from `start` go in the next batch: at most the API's size, and no more than
 * the cost limit leaves room for. With none affordable, `usd` is the cost of the first alone.
 */
function affordable(ctx: BatchContext, keys: readonly string[], start: number, want: Map<string, number>): { count: number; usd: number } {
  const end = Math.min(keys.length, start + ctx.api.maxRequests);
  const room = ctx.budget ? ctx.budget.limitUsd - ctx.budget.spent - ctx.budget.reserved : Number.POSITIVE_INFINITY;
  let usd = 0;
  for (let i = start; i < end; i++) {
    const one = sumEstimate(ctx, [keys[i] as string], want);
    if (usd + one > room + 1e-12) return { count: i - start, usd: i === start ? one : usd };
    usd += one;
  }
  return { count: end - start, usd };
}

function budgetStop(ctx: BatchContext, unsent: number, nextUsd: number): string {
  const b = ctx.budget as Budget;
  return `stopped before exceeding the cost limit of $${b.limitUsd.toFixed(2)}: $${b.spent.toFixed(2)} spent on this audit so far, and the next request could cost up to $${nextUsd.toFixed(4)} at the batch price; ${unsent} requests were not submitted. Raise the limit to finish`;
}

function setBatchProgress(progress: Ledger['progress'], running: readonly BatchEntry[], counts: Map<number, { processed: number; requests: number }>): void {
  let processed = 0;
  let requests = 0;
  for (const e of running) {
    const c = counts.get(e.seq);
    processed += c?.processed ?? 0;
    requests += c?.requests ?? e.keys.length;
  }
  progress.batches = { pending: running.length, processed, requests };
}

