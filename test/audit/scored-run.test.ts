/**
 * readScoredRun: the one view of a run directory that report, review, export and the corrected
 * findings score from. It must give exactly the outcomes the report's findings rest on: the
 * pattern scorer's for a plain run, the judge's for a judged one, the back-translation's for a
 * translated one (with the reply as received kept alongside).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyse, readScoredRun, recordedPolicy, regenerateReport } from '../../lib/audit/index.js';
import { score } from '../../lib/scorers/index.js';
import type { AuditResults } from '../../lib/types.js';
import { plainJudgedTranslatedRuns } from '../helpers/second-model-runs.js';


function results(dir: string): AuditResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
}

describe('audit: readScoredRun, the scored view of a run directory', function () {
  this.timeout(120_000);
  let tmp: string;
  let plain: string;
  let judged: string;
  let translated: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ba-scored-run-'));
    ({ plain, judged, translated } = await plainJudgedTranslatedRuns(tmp, { maxProbes: 30, seed: 2 }));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("a plain run: the pattern scorer's outcomes on the journal as written, and the findings of results.json", async () => {
    const v = await readScoredRun(plain);
    assert.equal(v.judged, undefined);
    assert.equal(v.records, v.received, 'nothing translated: the records scored are the journal');
    assert.equal(v.probes.length, 30, 'the probes the run selected (--max-probes 30)');
    assert.deepEqual(v.outcomes, score(v.probeSet.outcome, v.probes, v.samples, v.records, v.keyOf));
    const again = analyse(v.probeSet, v.probes, v.records, v.keyOf, v.manifest, v.judged);
    assert.deepEqual(again.findings, results(plain).findings);
  });

  it("a judged run: the judge's outcomes, not the pattern scorer's (the noisy judge flips about a quarter)", async () => {
    const v = await readScoredRun(judged);
    assert.ok(v.judged, 'the judge verdicts are read from judge.jsonl');
    assert.deepEqual(v.outcomes, v.judged.outcomes);
    const pattern = score(v.probeSet.outcome, v.probes, v.samples, v.records, v.keyOf);
    const both = v.outcomes.filter((o, i) => o.status === 'scored' && pattern[i]?.status === 'scored');
    const flipped = v.outcomes.filter((o, i) => o.status === 'scored' && pattern[i]?.status === 'scored' && o.label !== pattern[i]?.label).length;
    assert.ok(both.length >= 50, `${both.length} replies scored by both`);
    // 25% flips: with n >= 50 a share outside [0.10, 0.42] has probability below 1e-3.
    assert.ok(flipped / both.length > 0.1 && flipped / both.length < 0.42, `${flipped} of ${both.length} verdicts differ from the pattern scorer`);
    const again = analyse(v.probeSet, v.probes, v.records, v.keyOf, v.manifest, v.judged);
    assert.deepEqual(again.findings, results(judged).findings);
    assert.deepEqual(again.judge, results(judged).judge);
  });

  it('a translated run: replies to translated prompts in their back-translation, the reply as received kept under the same key', async () => {
    const v = await readScoredRun(translated);
    const tr = v.probes.filter((p) => p.translate);
    assert.ok(tr.length > 0 && tr.length < v.probes.length, 'the sample holds translated and plain probes');
    let seen = 0;
    for (const p of tr) {
      for (let s = 0; s < v.samples; s++) {
        const key = v.keyOf(p, s);
        const original = v.received.get(key)?.text;
        const scored = v.records.get(key)?.text;
        assert.ok(typeof original === 'string' && original.startsWith('[zu] '), `as received: ${original}`);
        assert.ok(typeof scored === 'string' && !scored.startsWith('[zu]'), `as scored: ${scored}`);
        seen++;
      }
    }
    assert.ok(seen > 0);
    for (const p of v.probes.filter((x) => !x.translate)) assert.equal(v.records.get(v.keyOf(p, 0))?.text, v.received.get(v.keyOf(p, 0))?.text);
    const again = v.annotate(analyse(v.probeSet, v.probes, v.records, v.keyOf, v.manifest, v.judged));
    assert.deepEqual(again.findings, results(translated).findings);
    assert.deepEqual(again.examples, results(translated).examples, 'examples show the original reply beside the back-translation, as the report does');
  });

  it("recordedPolicy: the policy of the current results.json (a report --policy override kept), else the manifest's", async () => {
    const manifestPolicy = results(plain).manifest.policy;
    assert.deepEqual(await recordedPolicy(plain), manifestPolicy);
    await regenerateReport(plain, { policy: { alpha: 0.01, correction: 'bonferroni' } });
    assert.deepEqual(await recordedPolicy(plain), { ...manifestPolicy, alpha: 0.01, correction: 'bonferroni' });
    const v = await readScoredRun(plain, { policy: await recordedPolicy(plain) });
    assert.equal(v.manifest.policy.alpha, 0.01);
    unlinkSync(join(plain, 'results.json'));
    assert.deepEqual(await recordedPolicy(plain), manifestPolicy, 'no results.json: the manifest policy');
  });
});
