import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError, ProviderError, RunIncompleteError } from '../../lib/errors.js';
import { keyFor, readJournal, run } from '../../lib/runner/index.js';
import type { CompletionRequest, Probe } from '../../lib/types.js';
import { probe, scriptedProvider } from './fake-provider.js';

/** Text replies scripted per call (n counts calls from 1). */
function scripted(answer: (req: CompletionRequest, n: number) => Promise<string> | string) {
  return scriptedProvider(async (req, { n }) => ({ text: await answer(req, n) }));
}

const noWait = async () => undefined;

describe('run', () => {
  let dir: string;
  let journal: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-run-'));
    journal = join(dir, 'responses.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every probe x sample call once, within the concurrency limit, and journals each', async () => {
    const provider = scripted(() => 'Yes');
    const probes = Array.from({ length: 10 }, (_, i) => probe(i));
    const s = await run({ provider, probes, samples: 3, parameters: { temperature: 0 }, journalFile: journal, concurrency: 4 });
    assert.equal(s.total, 30);
    assert.equal(s.called, 30);
    assert.equal(provider.calls.length, 30);
    assert.ok(provider.peak <= 4 && provider.peak >= 2, `peak concurrency ${provider.peak}`);
    assert.deepEqual(new Set(provider.calls.map((c) => c.sampleIndex)), new Set([0, 1, 2]));
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    assert.equal(lines.length, 30);
    const keyOf = keyFor(provider, { temperature: 0 });
    assert.equal(s.records.get(keyOf(probes[3] as Probe, 2))?.text, 'Yes');
  });

  it('makes identical requests once', async () => {
    const provider = scripted(() => 'No');
    const s = await run({ provider, probes: [probe(1, 'same'), probe(2, 'same'), probe(3, 'other')], samples: 2, parameters: {}, journalFile: journal });
    assert.equal(s.total, 4);
    assert.equal(provider.calls.length, 4);
  });

  it('resumes: a second run calls only what the journal lacks, ignoring a torn last line', async () => {
    const probes = Array.from({ length: 6 }, (_, i) => probe(i));
    await run({ provider: scripted(() => 'Yes'), probes: probes.slice(0, 4), samples: 1, parameters: {}, journalFile: journal });
    appendFileSync(journal, '{"key":"abc","probeId":"p9","sam'); // what SIGKILL mid-write leaves
    assert.equal(readJournal(journal).tornTail, true);
    const provider = scripted(() => 'Yes');
    const s = await run({ provider, probes, samples: 1, parameters: {}, journalFile: journal });
    assert.equal(s.fromJournal, 4);
    assert.equal(provider.calls.length, 2);
    const text = readFileSync(journal, 'utf8');
    assert.ok(!text.includes('"sam{'), 'the torn line was cut off before appending');
    assert.equal(text.trim().split('\n').length, 6);
    assert.equal(readJournal(journal).records.size, 6);
  });

  it('stops with file:line on a damaged line that is not the last', () => {
    writeFileSync(journal, 'not json\n{"key":"k","probeId":"p","sample":0,"text":"Yes"}\n');
    assert.throws(() => readJournal(journal), (e: unknown) => e instanceof InputFileError && e.line === 1 && e.exitCode === 2);
  });

  it('retries retryable errors with back-off, waiting at least retry-after', async () => {
    const waits: number[] = [];
    const provider = scripted((_req, n) => {
      if (n === 1) throw new ProviderError('rate limited', { provider: 'test', status: 429, retryable: true, retryAfterMs: 2500 });
      if (n === 2) throw new ProviderError('server error', { provider: 'test', status: 500, retryable: true });
      return 'Yes';
    });
    const s = await run({
      provider,
      probes: [probe(1)],
      samples: 1,
      parameters: {},
      journalFile: journal,
      retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    });
    assert.equal(s.retries, 2);
    assert.deepEqual(waits, [2500, 100]); // max(retry-after, 0.5 x 100 x 2^0); then 0.5 x 100 x 2^1
    assert.equal(s.records.size, 1);
    assert.equal([...s.records.values()][0]?.attempts, 3);
  });

  it('stops the run (exit 3) when retries run out, keeping what was journalled', async () => {
    const provider = scripted((req) => {
      if (req.messages[0]?.content === 'prompt 2') throw new ProviderError('unreachable', { provider: 'test', retryable: true });
      return 'Yes';
    });
    await assert.rejects(
      run({ provider, probes: [probe(0), probe(1), probe(2)], samples: 1, parameters: {}, journalFile: journal, concurrency: 1, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 }, sleep: noWait }),
      (e: unknown) => e instanceof RunIncompleteError && e.exitCode === 3 && /after 3 attempts/.test(e.message) && e.completed === 2,
    );
    assert.equal(readJournal(journal).records.size, 2);
  });

  it('stops at once on 401/404, without retrying', async () => {
    const provider = scripted(() => {
      throw new ProviderError('invalid key', { provider: 'test', status: 401, retryable: false });
    });
    await assert.rejects(
      run({ provider, probes: Array.from({ length: 20 }, (_, i) => probe(i)), samples: 1, parameters: {}, journalFile: journal, concurrency: 2, sleep: noWait }),
      (e: unknown) => e instanceof RunIncompleteError && /\(401\)/.test(e.message),
    );
    assert.ok(provider.calls.length <= 2, `${provider.calls.length} calls`);
  });

  it('records a call rejected for its content (400) as failed and goes on', async () => {
    const provider = scripted((req) => {
      if (req.messages[0]?.content === 'prompt 1') throw new ProviderError('content filter', { provider: 'test', status: 400, retryable: false });
      return 'Yes';
    });
    const s = await run({ provider, probes: [probe(0), probe(1), probe(2)], samples: 1, parameters: {}, journalFile: journal, sleep: noWait });
    assert.equal(s.failed, 1);
    assert.equal(s.records.size, 2);
    const contents = readJournal(journal);
    assert.equal(contents.failures, 1, 'the failure is journalled, and a resumed run tries it again');
  });

  it('stops cleanly when the signal aborts', async () => {
    const ctl = new AbortController();
    const provider = scripted((_r, n) => {
      if (n === 3) ctl.abort();
      return 'Yes';
    });
    await assert.rejects(
      run({ provider, probes: Array.from({ length: 50 }, (_, i) => probe(i)), samples: 1, parameters: {}, journalFile: journal, concurrency: 1, signal: ctl.signal }),
      (e: unknown) => e instanceof RunIncompleteError && /interrupted/.test(e.message),
    );
    assert.ok(provider.calls.length < 10);
    assert.ok(readJournal(journal).records.size >= 2);
  });

  it('gives the same key for the same request whatever the parameter order', () => {
    const p = scripted(() => '');
    assert.equal(keyFor(p, { temperature: 0.5, seed: 1 })(probe(1), 0), keyFor(p, { seed: 1, temperature: 0.5 })(probe(1), 0));
    assert.notEqual(keyFor(p, {})(probe(1), 0), keyFor(p, {})(probe(1), 1));
  });
});
