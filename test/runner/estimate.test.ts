import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir, estimatePromptTokens, estimateRun, ResponseCache, run } from '../../lib/runner/index.js';
import type { Probe } from '../../lib/types.js';

const probe = (i: number): Probe => ({ id: `p${i}`, template: 't', messages: [{ role: 'user', content: 'x'.repeat(40) + i }], context: {}, attributes: {}, groups: {}, blocks: {} });
const probes = Array.from({ length: 10 }, (_, i) => probe(i));
const provider = { id: 'test:model', complete: async () => ({ text: 'Yes', usage: { inputTokens: 13, outputTokens: 3 } }) };
const costOf = (u: { inputTokens: number; outputTokens: number }, o: { batch: boolean }) => ((u.inputTokens * 1 + u.outputTokens * 2) / 1e6) * (o.batch ? 0.5 : 1);

describe('runner/estimate (dry run)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ba-estimate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('estimates prompt tokens at 4 characters a token plus the chat overhead', () => {
    // 41 characters -> 11, + 3 for the message + 3 to prime the reply.
    assert.equal(estimatePromptTokens(probe(1).messages), 17);
  });

  it('counts the journal\'s and the cache\'s answers apart and prices only the calls to make', async () => {
    const journalFile = join(dir, 'j.jsonl');
    const cache = new ResponseCache(join(dir, 'cache'));
    await run({ provider, probes: probes.slice(0, 3), samples: 2, parameters: { maxTokens: 8 }, journalFile });
    await run({ provider, probes: probes.slice(3, 5), samples: 2, parameters: { maxTokens: 8 }, journalFile: join(dir, 'other.jsonl'), cache });
    const e = estimateRun({ provider, probes, samples: 2, parameters: { maxTokens: 8 }, journalFile, cache, costOf });
    assert.equal(e.calls, 20);
    assert.equal(e.fromJournal, 6);
    assert.equal(e.fromCache, 4);
    assert.equal(e.toMake, 10);
    assert.equal(e.inputTokens, 10 * 17);
    assert.equal(e.maxOutputTokens, 10 * 8);
    assert.equal(e.expectedOutputTokens, 10 * 3, 'the journal\'s replies had 3 output tokens each');
    assert.deepEqual(e.cost, { upToUsd: (170 + 2 * 80) / 1e6, expectedUsd: (170 + 2 * 30) / 1e6, spentUsd: 6 * (13 + 6) / 1e6, batch: false });
    const batch = estimateRun({ provider, probes, samples: 2, parameters: { maxTokens: 8 }, journalFile, cache, costOf, batch: true });
    assert.equal(batch.cost?.upToUsd, e.cost!.upToUsd / 2);
  });

  it('the default cache directory follows XDG, then HOME; none without either', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' }, 'linux'), '/x/cache/bias-audit');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/a' }, 'linux'), '/home/a/.cache/bias-audit', 'XDG paths must be absolute');
    assert.equal(defaultCacheDir({ HOME: '/home/a' }, 'linux'), '/home/a/.cache/bias-audit');
    assert.equal(defaultCacheDir({}, 'linux'), undefined);
  });
});
