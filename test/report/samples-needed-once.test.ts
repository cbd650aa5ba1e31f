import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../../lib/index.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The detectors append "If the gaps stay as observed, about N ..." to an inconclusive finding's
 * reason; the reports show that sentence once, not once from the reason and again on its own.
 */
describe('reports: the samples-needed sentence of an inconclusive axis', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-needed-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('appears exactly once per place in report.html and report.md', async () => {
    const r = await audit({ probeSet: join(ROOT, 'probes', 'salary-offer.yaml'), model: 'sim:fair', seed: 1, maxProbes: 60, outDir: join(dir, 'run') });
    const open = r.findings.find((f) => f.verdict === 'inconclusive' && f.samplesNeeded !== undefined);
    assert.ok(open, 'a small audit has an inconclusive axis with samples needed');
    const needed = open.samplesNeeded!.text;
    assert.ok(open.reason.endsWith(needed), 'the detectors put the sentence in the reason');
    const count = (text: string, part: string): number => text.split(part).length - 1;
    const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');
    const html = readFileSync(r.files.html, 'utf8');
    // The "not settled" list and the axis section's "To decide it" line.
    assert.equal(count(html, escapeHtml(needed)), 2);
    const md = readFileSync(r.files.markdown, 'utf8');
    assert.equal(count(md, needed.slice(0, 40)), 1);
  });
});
