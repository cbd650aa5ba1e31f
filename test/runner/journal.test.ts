import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError } from '../../lib/errors.js';
import { readJournal, scanJournal } from '../../lib/runner/journal.js';
import type { ResponseRecord } from '../../lib/types.js';

const rec = (i: number, text: string | null = `reply ${i}`): ResponseRecord => ({ key: `k${i}`, probeId: `p${i}`, sample: 0, model: 'm', text, latencyMs: 1, attempts: 1, at: '2026-01-01T00:00:00.000Z' });

describe('runner/journal scanJournal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ba-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('streams records across 1 MB chunk boundaries, multi-byte characters included', () => {
    const file = join(dir, 'responses.jsonl');
    // ~3.5 MB of lines whose texts hold multi-byte characters, so chunk edges fall inside them.
    const records = Array.from({ length: 5000 }, (_, i) => rec(i, `${'é☃'.repeat(200)} ${i}`));
    writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const seen: ResponseRecord[] = [];
    const lines: number[] = [];
    const scan = scanJournal(file, (r, line) => {
      seen.push(r);
      lines.push(line);
    });
    assert.equal(seen.length, 5000);
    assert.deepEqual(seen[4321], records[4321]);
    assert.equal(lines[4999], 5000);
    assert.equal(scan.tornTail, false);
  });

  it('counts failures, ignores a torn tail and reports its byte offset', () => {
    const file = join(dir, 'responses.jsonl');
    const whole = `${JSON.stringify(rec(1))}\n${JSON.stringify(rec(2, null))}\n`;
    writeFileSync(file, `${whole}{"key":"k3","probeId":"p3","te`);
    const j = readJournal(file);
    assert.equal(j.records.size, 1);
    assert.equal(j.failures, 1);
    assert.equal(j.tornTail, true);
    assert.equal(j.validBytes, Buffer.byteLength(whole));
  });

  it('a damaged line before the end is exit 2 with its line number', () => {
    const file = join(dir, 'responses.jsonl');
    writeFileSync(file, `${JSON.stringify(rec(1))}\n{"key":1}\n${JSON.stringify(rec(2))}\n`);
    assert.throws(() => scanJournal(file, () => undefined), (e: unknown) => e instanceof InputFileError && e.line === 2 && e.exitCode === 2);
  });
});
