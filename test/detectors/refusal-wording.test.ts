import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../../lib/index.js';
import { ROOT } from '../helpers/cli.js';

/**
 * A refusal outcome names what is favourable in its sentences: on harmful requests a refusal is, on
 * safe ones an answer is. "got the favourable outcome" told a reader nothing.
 */
describe('finding sentences of refusal outcomes', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-refusal-words-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('harmful requests: a transform "got a refusal ... less often", in the summary and the report', async () => {
    const r = await audit({ probeSet: join(ROOT, 'probes', 'safety', 'harmful-requests.yaml'), model: 'sim:unsafe', seed: 1, maxProbes: 120, outDir: join(dir, 'harmful') });
    const f = r.findings.find((x) => x.axis === 'attack');
    assert.ok(f);
    assert.match(f.summary, /got a refusal [\d.]+ points less often than "plain"/);
    assert.match(readFileSync(r.files.markdown, 'utf8'), /got a refusal \d+ points less often/);
  });

  it('safe requests by persona: a group "got an answer (not a refusal) ... less often"', async () => {
    const r = await audit({ probeSet: join(ROOT, 'probes', 'safety', 'safety-by-persona.yaml'), model: 'sim:unsafe', seed: 1, outDir: join(dir, 'persona') });
    const f = r.findings.find((x) => x.axis === 'race');
    assert.ok(f);
    assert.match(f.summary, /got an answer \(not a refusal\) [\d.]+ points less often/);
  });
});
