import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError, RunIncompleteError, UsageError } from '../../lib/errors.js';
import { ResponseCache, run, scanJournal, type RunProgress } from '../../lib/runner/index.js';
import type { CompletionRequest, CompletionResponse, ResponseRecord } from '../../lib/types.js';
import { fakeClock } from './clock.js';
import { probe as probeWithText, scriptedProvider } from './fake-provider.js';

/** A provider answering with usage by default; `answer` sees the calls in flight. */
function provider(answer: (req: CompletionRequest, inFlight: number) => CompletionResponse | Promise<CompletionResponse> = () => ({ text: 'Yes', usage: { inputTokens: 10, outputTokens: 2 } })) {
  return scriptedProvider((req, { inFlight }) => answer(req, inFlight));
}

const probe = (i: number) => probeWithText(i, `prompt number ${i}`);

function journalRecords(file: string): ResponseRecord[] {
  const out: ResponseRecord[] = [];
  scanJournal(file, (r) => out.push(r));
  return out;
}

const probes = Array.from({ length: 20 }, (_, i) => probe(i));
const noWait = async () => undefined;

describe('runner at scale (run)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ba-scale-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('response cache', () => {
    it('a second audit with the same requests makes no call: each reply is journalled as cached', async () => {
      const cache = new ResponseCache(join(dir, 'cache'));
      const first = provider();
      await run({ provider: first, probes, samples: 2, parameters: { temperature: 0 }, journalFile: join(dir, 'a.jsonl'), cache });
      assert.equal(first.calls.length, 40);
      const second = provider();
      const seen: RunProgress[] = [];
      const s = await run({ provider: second, probes, samples: 2, parameters: { temperature: 0 }, journalFile: join(dir, 'b.jsonl'), cache, onProgress: (p) => seen.push(p) });
      assert.equal(second.calls.length, 0, 'every reply came from the cache');
      assert.equal(s.cached, 40);
      assert.equal(s.called, 0);
      assert.equal(seen.at(-1)?.cached, 40);
      const recs = journalRecords(join(dir, 'b.jsonl'));
      assert.equal(recs.length, 40);
      assert.ok(recs.every((r) => r.cached === true && r.attempts === 0 && r.text === 'Yes'));
      // Content-addressed: hex file names only, nothing of the request in them.
      const names = readdirSync(join(dir, 'cache', 'v1')).flatMap((d) => readdirSync(join(dir, 'cache', 'v1', d)));
      assert.equal(names.length, 40);
      assert.ok(names.every((n) => /^[0-9a-f]{64}\.json$/.test(n)));
    });

    it('other parameters or another scope (server) miss the cache', async () => {
      const cacheDir = join(dir, 'cache');
      await run({ provider: provider(), probes: probes.slice(0, 3), samples: 1, parameters: { temperature: 0 }, journalFile: join(dir, 'a.jsonl'), cache: new ResponseCache(cacheDir, 'http://one') });
      const p = provider();
      await run({ provider: p, probes: probes.slice(0, 3), samples: 1, parameters: { temperature: 0 }, journalFile: join(dir, 'b.jsonl'), cache: new ResponseCache(cacheDir, 'http://two') });
      assert.equal(p.calls.length, 3);
      const q = provider();
      await run({ provider: q, probes: probes.slice(0, 3), samples: 1, parameters: { temperature: 0.5 }, journalFile: join(dir, 'c.jsonl'), cache: new ResponseCache(cacheDir, 'http://one') });
      assert.equal(q.calls.length, 3);
    });

    it('a damaged cache entry is a miss, not an error', async () => {
      const cache = new ResponseCache(join(dir, 'cache'));
      await cache.put('k', { text: 'Yes', at: 'x' });
      assert.equal((await cache.get('k'))?.text, 'Yes');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(cache.fileOf('k'), '{"text": ');
      assert.equal(await cache.get('k'), undefined);
    });
  });

  describe('cost limit', () => {
    // 1 USD per million tokens both ways: a call of 10 + 2 tokens costs 12e-6.
    const costOf = (u: { inputTokens: number; outputTokens: number }) => (u.inputTokens + u.outputTokens) / 1e6;

    it('stops before the limit would be crossed, keeps the journal, and resumes with a higher limit', async () => {
      const journalFile = join(dir, 'r.jsonl');
      // Worst case per call: prompt ~ (18 chars / 4 -> 5, + 3 + 3 = 11) padded x1.25 + 16 -> 30, + maxTokens 10 = 40 tokens = 40e-6.
      const limit = 200e-6;
      const p = provider();
      const err = await run({ provider: p, probes, samples: 1, parameters: { maxTokens: 10 }, journalFile, costOf, maxCostUsd: limit, concurrency: 1 }).catch((e: unknown) => e);
      assert.ok(err instanceof RunIncompleteError, String(err));
      assert.match(err.message, /stopped before exceeding the cost limit/);
      const spent = journalRecords(journalFile).reduce((s, r) => s + costOf(r.usage!), 0);
      assert.ok(spent <= limit, `spent ${spent} of ${limit}`);
      assert.ok(p.calls.length >= 5, `made ${p.calls.length} calls within the limit`);
      // The same limit again: the journal's spend counts, so no further call fits ...
      const again = provider();
      await assert.rejects(run({ provider: again, probes, samples: 1, parameters: { maxTokens: 10 }, journalFile, costOf, maxCostUsd: spent + 1e-6, concurrency: 1 }), RunIncompleteError);
      assert.equal(again.calls.length, 0);
      // ... and a higher one finishes the run with only the missing calls.
      const rest = provider();
      const s = await run({ provider: rest, probes, samples: 1, parameters: { maxTokens: 10 }, journalFile, costOf, maxCostUsd: 1 });
      assert.equal(rest.calls.length, 20 - p.calls.length);
      assert.ok(Math.abs((s.costUsd ?? 0) - 20 * 12e-6) < 1e-12, `cost ${s.costUsd}`);
    });

    it('a cost limit without a price is a usage error', async () => {
      await assert.rejects(run({ provider: provider(), probes, samples: 1, parameters: {}, journalFile: join(dir, 'r.jsonl'), maxCostUsd: 1 }), UsageError);
    });
  });

  describe('throughput', () => {
    it('backs off on 429s from a server that takes 3 calls at a time, and answers every call once', async () => {
      const p = provider((_req, inFlight) => {
        if (inFlight > 3) throw new ProviderError('429 too many', { provider: 'test', status: 429, retryable: true, retryAfterMs: 0 });
        return { text: 'Yes' };
      });
      const seen: RunProgress[] = [];
      const many = Array.from({ length: 200 }, (_, i) => probe(i));
      const journalFile = join(dir, 'r.jsonl');
      const s = await run({ provider: p, probes: many, samples: 1, parameters: {}, journalFile, concurrency: 12, sleep: noWait, onProgress: (x) => seen.push(x) });
      assert.equal(s.called, 200);
      assert.ok(s.throttled > 0, 'the server did refuse some calls');
      const recs = journalRecords(journalFile);
      assert.equal(new Set(recs.map((r) => r.key)).size, 200, 'every call answered');
      assert.equal(recs.length, 200, 'and journalled once');
      // AIMD: the window came down from 12 and the refusals stayed a small share of the calls.
      assert.ok(Math.min(...seen.filter((x) => x.concurrency !== undefined).map((x) => x.concurrency!)) <= 6);
      assert.ok(s.throttled < 100, `${s.throttled} refusals for 200 calls`);
    });

    it('paces at --rpm: 10 calls at 600 per minute take 800 ms of clock', async () => {
      const clock = fakeClock(1_000_000);
      await run({ provider: provider(), probes: probes.slice(0, 10), samples: 1, parameters: {}, journalFile: join(dir, 'r.jsonl'), concurrency: 1, rpm: 600, now: clock.now, sleep: clock.sleep });
      assert.equal(clock.now() - 1_000_000, 800); // two at once, then 100 ms apart
    });

    it('keepRecords: false journals everything and holds no records', async () => {
      const journalFile = join(dir, 'r.jsonl');
      const s = await run({ provider: provider(), probes, samples: 3, parameters: {}, journalFile, keepRecords: false });
      assert.equal(s.records.size, 0);
      assert.equal(journalRecords(journalFile).length, 60);
      const again = provider();
      const t = await run({ provider: again, probes, samples: 3, parameters: {}, journalFile, keepRecords: false });
      assert.equal(again.calls.length, 0);
      assert.equal(t.fromJournal, 60);
    });
  });

  describe('circuit breaker', () => {
    it('stops after 10 failed calls in a row, saying so', async () => {
      const p = provider(() => {
        throw new ProviderError('test: 400 content filter', { provider: 'test', status: 400, retryable: false });
      });
      await assert.rejects(
        run({ provider: p, probes, samples: 1, parameters: {}, journalFile: join(dir, 'r.jsonl'), concurrency: 1 }),
        (e: unknown) => e instanceof RunIncompleteError && /10 calls in a row failed, so the run looks hopeless; last error: test: 400 content filter/.test(e.message),
      );
      assert.equal(p.calls.length, 10);
      assert.equal(readFileSync(join(dir, 'r.jsonl'), 'utf8').trim().split('\n').length, 10, 'each failure journalled');
    });

    it('stops at once on a 404 with the model named', async () => {
      const p = provider(() => {
        throw new ProviderError('test:model: 404 The model `nope` does not exist', { provider: 'test', status: 404, retryable: false });
      });
      await assert.rejects(
        run({ provider: p, probes, samples: 1, parameters: {}, journalFile: join(dir, 'r.jsonl'), concurrency: 1 }),
        (e: unknown) => e instanceof RunIncompleteError && /model or endpoint not found/.test(e.message) && e.exitCode === 3,
      );
      assert.equal(p.calls.length, 1);
    });
  });
});
