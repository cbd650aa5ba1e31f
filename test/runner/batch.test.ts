import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunIncompleteError } from '../../lib/errors.js';
import { keyFor, readBatchLog, run, scanJournal } from '../../lib/runner/index.js';
import type { BatchApi, BatchRequest, BatchResult, Probe, Provider, ResponseRecord } from '../../lib/types.js';

function probe(i: number): Probe {
  return { id: `p${i}`, template: 't', messages: [{ role: 'user', content: `prompt ${i}` }], context: {}, attributes: {}, groups: {}, blocks: {} };
}
const probes = Array.from({ length: 20 }, (_, i) => probe(i));

/** A batch API in memory: a batch ends after `polls` status checks; `fail` decides a request's fate. */
function memoryBatches(opts: { maxRequests?: number; polls?: number; fail?: (req: BatchRequest) => BatchResult['error'] | undefined; recover?: boolean } = {}) {
  const batches = new Map<string, { requests: readonly BatchRequest[]; polls: number }>();
  const staged = new Map<string, readonly BatchRequest[]>();
  const log = { submits: 0, statusChecks: 0, recovered: [] as string[] };
  const api: BatchApi = {
    maxRequests: opts.maxRequests ?? 1000,
    async submit(requests, { onStaged }) {
      log.submits++;
      const stagedId = `staged-${staged.size + 1}`;
      staged.set(stagedId, requests);
      onStaged?.(stagedId);
      const id = `batch-${batches.size + 1}`;
      batches.set(id, { requests, polls: 0 });
      return { id };
    },
    ...(opts.recover
      ? {
          async recover(stagedId: string) {
            log.recovered.push(stagedId);
            const requests = staged.get(stagedId);
            if (!requests) return undefined;
            const id = `batch-${batches.size + 1}`;
            batches.set(id, { requests, polls: 0 });
            return { id };
          },
        }
      : {}),
    async status(id) {
      log.statusChecks++;
      const b = batches.get(id)!;
      b.polls++;
      return { id, state: b.polls >= (opts.polls ?? 1) ? 'ended' : 'running', processed: 0, total: b.requests.length };
    },
    async *results(id) {
      for (const req of batches.get(id)!.requests) {
        const error = opts.fail?.(req);
        if (error) yield { customId: req.customId, error };
        else yield { customId: req.customId, response: { text: `Yes to ${req.messages[0]?.content}`, usage: { inputTokens: 5, outputTokens: 10 } } };
      }
    },
  };
  return { api, log, batches, staged };
}

function batchProvider(api: BatchApi): Provider & { live: number } {
  const p = {
    id: 'test:model',
    batch: api,
    live: 0,
    async complete() {
      p.live++;
      return { text: 'live' };
    },
  };
  return p;
}

const records = (file: string): ResponseRecord[] => {
  const out: ResponseRecord[] = [];
  scanJournal(file, (r) => out.push(r));
  return out;
};
const noWait = async () => undefined;

describe('runner batch mode', () => {
  let dir: string;
  let journalFile: string;
  let logFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-batch-'));
    journalFile = join(dir, 'responses.jsonl');
    logFile = join(dir, 'batches.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('submits, polls, and journals every reply with its batch id, at the batch price', async () => {
    const { api, log } = memoryBatches({ polls: 3, maxRequests: 15 });
    const p = batchProvider(api);
    const costOf = (u: { inputTokens: number; outputTokens: number }, o: { batch: boolean }) => ((u.inputTokens + u.outputTokens) / 1e6) * (o.batch ? 0.5 : 1);
    const s = await run({ provider: p, probes, samples: 2, parameters: {}, journalFile, batch: { logFile, pollIntervalMs: 1 }, sleep: noWait, costOf });
    assert.equal(p.live, 0, 'no live call');
    assert.equal(log.submits, 3, '40 requests in batches of at most 15');
    const recs = records(journalFile);
    assert.equal(recs.length, 40);
    assert.ok(recs.every((r) => r.batch?.startsWith('batch-') && r.text?.startsWith('Yes to prompt')));
    assert.equal(s.records.get(keyFor(p, {})(probes[7]!, 1))?.text, 'Yes to prompt 7');
    assert.ok(Math.abs(s.costUsd! - 40 * 15e-6 * 0.5) < 1e-12);
    const entries = readBatchLog(logFile).entries;
    assert.equal(entries.length, 3);
    assert.ok(entries.every((e) => e.collected && e.id !== undefined));
  });

  it('--no-wait: submits, records the ids, stops (exit 3); a later process collects without submitting again', async () => {
    const { api, log } = memoryBatches({ polls: 2 });
    const err = await run({ provider: batchProvider(api), probes, samples: 1, parameters: {}, journalFile, batch: { logFile, wait: false } }).catch((e: unknown) => e);
    assert.ok(err instanceof RunIncompleteError && err.exitCode === 3);
    assert.match(err.message, /1 batch submitted to test:model \(batch-1\)/);
    assert.equal(records(journalFile).length, 0);
    // Another process (same provider account), later.
    const s = await run({ provider: batchProvider(api), probes, samples: 1, parameters: {}, journalFile, batch: { logFile }, sleep: noWait });
    assert.equal(log.submits, 1, 'nothing submitted twice');
    assert.equal(s.called, 20);
    assert.equal(records(journalFile).length, 20);
  });

  it('recovers a submission killed after its input was staged: finds the batch instead of paying twice', async () => {
    const { api, log, staged } = memoryBatches({ recover: true });
    const keyOf = keyFor({ id: 'test:model' }, {});
    const keys = probes.map((p) => keyOf(p, 0));
    // What a process killed between files.create and batches.create leaves behind.
    staged.set('staged-9', keys.map((k, i) => ({ customId: k, messages: probes[i]!.messages, parameters: {} })));
    writeFileSync(logFile, `${JSON.stringify({ event: 'submitting', seq: 0, keys, at: 'x' })}\n${JSON.stringify({ event: 'staged', seq: 0, stagedId: 'staged-9' })}\n`);
    await run({ provider: batchProvider(api), probes, samples: 1, parameters: {}, journalFile, batch: { logFile }, sleep: noWait });
    assert.deepEqual(log.recovered, ['staged-9']);
    assert.equal(log.submits, 0);
    assert.equal(records(journalFile).length, 20);
  });

  it('a submission cut short with nothing staged is sent again, and a person is told', async () => {
    const { api, log } = memoryBatches();
    const keyOf = keyFor({ id: 'test:model' }, {});
    writeFileSync(logFile, `${JSON.stringify({ event: 'submitting', seq: 0, keys: probes.map((p) => keyOf(p, 0)), at: 'x' })}\n{"event":"subm`);
    const notes: string[] = [];
    await run({ provider: batchProvider(api), probes, samples: 1, parameters: {}, journalFile, batch: { logFile }, sleep: noWait, onNote: (m) => notes.push(m) });
    assert.equal(log.submits, 1);
    assert.match(notes.join('\n'), /interrupted before test:model returned its id; its 20 requests are sent again/);
    assert.ok(!readFileSync(logFile, 'utf8').includes('{"event":"subm{'), 'the torn line was cut off');
    assert.equal(readBatchLog(logFile).entries.filter((e) => e.abandoned).length, 1);
  });

  it('resubmits expired requests in a new batch; journals refused ones as failed once', async () => {
    let round = 0;
    const { api, log } = memoryBatches({
      fail: (req) => {
        if (req.messages[0]?.content === 'prompt 3') return { message: 'invalid', status: 400, retryable: false };
        if (req.messages[0]?.content === 'prompt 4' && round++ === 0) return { message: 'expired', code: 'expired', retryable: true };
        return undefined;
      },
    });
    const s = await run({ provider: batchProvider(api), probes, samples: 1, parameters: {}, journalFile, batch: { logFile }, sleep: noWait });
    assert.equal(log.submits, 2, 'the expired request went again');
    const recs = records(journalFile);
    assert.equal(recs.filter((r) => r.text !== null).length, 19);
    assert.equal(recs.filter((r) => r.text === null).length, 1);
    assert.equal(s.failed, 1);
  });

  it('gives up after maxRounds of expiring batches, exit 3, keeping what arrived', async () => {
    const { api } = memoryBatches({ fail: (req) => (req.messages[0]?.content === 'prompt 0' ? { message: 'expired', retryable: true } : undefined) });
    await assert.rejects(
      run({ provider: batchProvider(api), probes, samples: 1, parameters: {}, journalFile, batch: { logFile, maxRounds: 2 }, sleep: noWait }),
      (e: unknown) => e instanceof RunIncompleteError && /1 requests still unanswered after 2 batches each/.test(e.message),
    );
    assert.equal(records(journalFile).length, 19);
  });

  it('submits only what the cost limit covers at the batch price, then stops', async () => {
    const { api, log, batches } = memoryBatches();
    const costOf = (u: { inputTokens: number; outputTokens: number }, o: { batch: boolean }) => ((u.inputTokens + u.outputTokens) / 1e6) * (o.batch ? 0.5 : 1);
    // Worst case a request: ~ (8 chars -> 2 + 6 = 8) x 1.25 + 16 = 26 + maxTokens 24 = 50 tokens -> 25e-6 at half price.
    await assert.rejects(
      run({ provider: batchProvider(api), probes, samples: 1, parameters: { maxTokens: 24 }, journalFile, batch: { logFile }, sleep: noWait, costOf, maxCostUsd: 150e-6 }),
      (e: unknown) => e instanceof RunIncompleteError && /cost limit/.test(e.message),
    );
    // The first batch holds what the worst case allows; as replies cost less than that, later batches
    // use the room left, until not even one more request fits.
    const sizes = [...batches.values()].map((b) => b.requests.length);
    assert.equal(sizes[0], 6);
    assert.ok(log.submits >= 2);
    const recs = records(journalFile);
    assert.ok(recs.length > 6 && recs.length < 20, `${recs.length} replies`);
    const spent = recs.reduce((s, r) => s + costOf(r.usage!, { batch: true }), 0);
    assert.ok(spent <= 150e-6, `spent ${spent}`);
    assert.ok(spent + 25e-6 > 150e-6, 'stopped only when the next request could cross the limit');
  });

  it('a provider without a batch API is a usage error', async () => {
    await assert.rejects(run({ provider: { id: 'x:y', complete: async () => ({ text: '' }) }, probes, samples: 1, parameters: {}, journalFile, batch: { logFile } }), /has no batch API/);
  });
});
