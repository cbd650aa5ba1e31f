import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createProgress, formatDuration, progressLine } from '../../lib/cli/progress.js';
import type { RunProgress } from '../../lib/runner/index.js';

const base: RunProgress = { total: 1000, done: 0, fromJournal: 0, retries: 0, failed: 0, cached: 0, throttled: 0 };

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 200 });
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  return { stream, text: () => out };
}

describe('progress display (lib/cli/progress)', () => {
  it('formats durations as a person reads them', () => {
    assert.equal(formatDuration(9.4), '9s');
    assert.equal(formatDuration(75), '1m15s');
    assert.equal(formatDuration(3725), '1h02m');
    assert.equal(formatDuration(undefined), '?');
  });

  it('a plain line has done/total, rate, journal, cache, retries, failures, 429s, spend, batches and ETA', () => {
    const p: RunProgress = { ...base, done: 400, fromJournal: 100, cached: 50, retries: 3, failed: 2, throttled: 7, costUsd: 0.1234, batches: { pending: 2, processed: 30, requests: 100 } };
    // 300 replies in this process over 10 s: 30/s; 600 left: 20 s.
    assert.equal(
      progressLine(p, 10_000),
      'calls 400/1000 (40%) | 30.0/s | 100 from the journal | 50 cached | 3 retries | 2 failed | 7 rate-limited | spent $0.12 | 2 batches at the provider, 30/100 processed | ETA 20s\n',
    );
    assert.match(progressLine({ ...base, costUsd: 0.0004 }, 1000), /spent \$0\.00040/);
  });

  it('off a terminal: a line at every tenth and every 15 s, and the last figures at the end', () => {
    let now = 0;
    const { stream, text } = capture(false);
    const progress = createProgress(stream, false, () => now);
    for (let done = 0; done <= 250; done += 10) {
      now += 100;
      progress.update({ ...base, done });
    }
    // Tenths 0, 1 and 2 reached (0, 100, 200 done): three lines.
    assert.equal(text().trim().split('\n').length, 3);
    now += 15_000;
    progress.update({ ...base, done: 251 });
    assert.equal(text().trim().split('\n').length, 4, 'a stalled tenth still logs every 15 s');
    progress.update({ ...base, done: 260 });
    progress.stop();
    const lines = text().trim().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines.at(-1)!, /^calls 260\/1000 \(26%\)/);
  });

  it('on a terminal: a bar with the same figures', () => {
    let now = 0;
    const { stream, text } = capture(true);
    const progress = createProgress(stream, true, () => now);
    progress.update({ ...base, costUsd: 0 });
    now = 4000;
    progress.update({ ...base, done: 200, retries: 1, failed: 1, costUsd: 1.5 });
    progress.stop();
    const shown = text();
    assert.match(shown, /200\/1000 \| 50\.0\/s \| retries 1 \| errors 1 \| \$1\.50 \| ETA 16s/);
  });
});
