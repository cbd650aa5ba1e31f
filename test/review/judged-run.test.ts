/**
 * Review of runs whose findings do not rest on the pattern scorer alone: a run scored by an LLM
 * judge (people are shown the reply the judge graded, `scorer_label` is the judge's verdict, and
 * the import measures the judge), a run that translated its prompts (people read the back-translation
 * the scorer read, the reply as received beside it), and an import that keeps the policy of a
 * `report --policy` override.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScoredRun, regenerateReport } from '../../lib/audit/index.js';
import { importReview, parseCsv, reviewId, toCsv, writeReviewSample, type ReviewResults } from '../../lib/review/index.js';
import { score } from '../../lib/scorers/index.js';
import type { AuditResults } from '../../lib/types.js';
import { plainJudgedTranslatedRuns } from '../helpers/second-model-runs.js';


function readCsv(file: string): { header: string[]; rows: string[][] } {
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'), file);
  return { header: head?.cells ?? [], rows: rows.map((r) => r.cells) };
}

/** The pattern refusal scorer's reading of every reply of the run, by review id ('refused'/'unparsed' when it set one aside). */
async function patternLabels(dir: string): Promise<Map<string, string>> {
  const v = await readScoredRun(dir);
  const pattern = score(v.probeSet.outcome, v.probes, v.samples, v.records, v.keyOf);
  return new Map(pattern.map((o) => [reviewId(o.probeId, o.sample), o.status === 'scored' && o.label !== null ? o.label : o.status]));
}

/** Review a run's sample with "people" who read every reply the way the pattern scorer does. */
async function reviewLikeThePatternScorer(dir: string, tmp: string, name: string): Promise<ReviewResults> {
  const sample = await writeReviewSample(dir, { size: 80, out: join(tmp, `${name}-sample.csv`) });
  const pattern = await patternLabels(dir);
  const labelled = join(tmp, `${name}-labelled.csv`);
  const rows = sample.sample.items.map((it) => [it.id, pattern.get(it.id) as string]);
  writeFileSync(labelled, toCsv(['review_id', 'human_label'], rows), 'utf8');
  return importReview(dir, [labelled], { resamples: 200 });
}

describe('review: judged and translated runs', function () {
  this.timeout(120_000);
  let tmp: string;
  let plain: string;
  let judged: string;
  let translated: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ba-review-judged-'));
    ({ plain, judged, translated } = await plainJudgedTranslatedRuns(tmp, { maxProbes: 60, seed: 4 }));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("a judged run's sample shows the reply the judge graded, with the judge's verdict as scorer_label", async () => {
    const out = join(tmp, 'judged-shown.csv');
    await writeReviewSample(judged, { size: 80, out });
    const v = await readScoredRun(judged);
    assert.ok(v.judged);
    const verdict = new Map(v.outcomes.map((o) => [reviewId(o.probeId, o.sample), o]));
    const byProbe = new Map(v.probes.map((p) => [p.id, p]));
    const pattern = await patternLabels(judged);
    const { header, rows } = readCsv(out);
    assert.deepEqual(header, ['review_id', 'prompt', 'reply', 'scorer_label', 'human_label', 'weight'], 'no reply_original column: nothing was translated');
    assert.equal(rows.length, 80);
    let differs = 0;
    for (const [id, , reply, scorerLabel] of rows) {
      const o = verdict.get(id as string);
      assert.ok(o, `${id} is a reply of the run`);
      assert.equal(scorerLabel, o.status === 'scored' && o.label !== null ? o.label : o.status, "the judge's verdict");
      const text = v.records.get(v.keyOf(byProbe.get(o.probeId)!, o.sample))?.text ?? '';
      assert.equal((reply as string).replace(/^'/, ''), text.replace(/^'/, ''), 'the reply the judge graded');
      if (scorerLabel !== pattern.get(id as string)) differs++;
    }
    assert.ok(differs > 0, "some of the judge's verdicts differ from the pattern scorer's, so the column is the judge's");
  });

  it('people who read like the pattern scorer: accuracy 1 against an unjudged run, well below 1 against the noisy judge', async () => {
    const unjudged = await reviewLikeThePatternScorer(plain, tmp, 'plain');
    assert.equal(unjudged.scorerVsPeople.n, 80);
    assert.equal(unjudged.scorerVsPeople.accuracy.estimate, 1, 'the pattern scorer agrees with itself');

    const vsJudge = await reviewLikeThePatternScorer(judged, tmp, 'judged');
    assert.equal(vsJudge.scorerVsPeople.n, 80);
    const acc = vsJudge.scorerVsPeople.accuracy.estimate as number;
    // The judge flips 25% of the pattern verdicts; the review over-draws rare labels, so only a band is fixed:
    // with 80 replies an accuracy above 0.9 has probability below 1e-3 under a 25% flip rate.
    assert.ok(acc < 0.9 && acc > 0.5, `judge vs people (reading like the pattern scorer): accuracy ${acc}`);
    assert.ok(vsJudge.scorerVsPeople.accuracy.upper < 1, 'the interval excludes perfect agreement');
    // The corrected findings rest on the judge too, and say so; people's labels are recorded for export.
    for (const c of vsJudge.corrected) assert.ok(c.notes.some((n) => n.includes('LLM judge sim:judge-noisy') && n.includes("judge's verdicts against people")), c.notes.join('\n'));
    assert.equal(Object.keys(vsJudge.humanLabels).length, 80);
    const saved = JSON.parse(readFileSync(join(judged, 'review-results.json'), 'utf8')) as ReviewResults;
    assert.deepEqual(saved.humanLabels, vsJudge.humanLabels);
    // The rebuilt report is still the judge's.
    const res = JSON.parse(readFileSync(join(judged, 'results.json'), 'utf8')) as AuditResults;
    assert.ok(res.judge && res.labelQuality);
    assert.equal(res.labelQuality.accuracy.estimate, acc);
  });

  it("a translated run's sample shows the back-translation as the reply and the reply as received in reply_original", async () => {
    const out = join(tmp, 'translated.csv');
    const r = await writeReviewSample(translated, { size: 40, out });
    const { header, rows } = readCsv(out);
    assert.deepEqual(header, ['review_id', 'prompt', 'reply', 'scorer_label', 'human_label', 'weight', 'reply_original']);
    const byId = new Map(r.sample.items.map((it) => [it.id, it]));
    const tr = rows.filter((row) => byId.get(row[0] as string)?.replyOriginal !== undefined);
    const en = rows.filter((row) => byId.get(row[0] as string)?.replyOriginal === undefined);
    assert.ok(tr.length > 0 && en.length > 0, `${tr.length} translated and ${en.length} plain rows`);
    for (const row of tr) {
      assert.ok(!(row[2] as string).startsWith('[zu]'), `reply is the back-translation: ${row[2]}`);
      assert.ok((row[6] as string).startsWith('[zu] '), `reply_original is the reply as received: ${row[6]}`);
    }
    for (const row of en) assert.equal(row[6], '');
    const html = readFileSync(r.html, 'utf8');
    assert.match(html, /replies to translated prompts shown in their English back-translation/);
    assert.ok(!html.includes('"reply":"[zu]'), 'the page shows the back-translation');
  });

  it('review --import keeps the policy of a report --policy override in the rebuilt reports', async () => {
    await regenerateReport(plain, { policy: { alpha: 0.01, correction: 'bonferroni' } });
    const before = JSON.parse(readFileSync(join(plain, 'results.json'), 'utf8')) as AuditResults;
    assert.equal(before.manifest.policy.alpha, 0.01);
    const manifest = JSON.parse(readFileSync(join(plain, 'manifest.json'), 'utf8')) as AuditResults['manifest'];
    assert.notEqual(manifest.policy.alpha, 0.01, 'the manifest keeps the policy of the run');
    await reviewLikeThePatternScorer(plain, tmp, 'plain-policy');
    const after = JSON.parse(readFileSync(join(plain, 'results.json'), 'utf8')) as AuditResults;
    assert.deepEqual(after.manifest.policy, before.manifest.policy);
    assert.equal(after.method.alpha, 0.01);
    assert.equal(after.method.correction, 'bonferroni');
    assert.ok(after.labelQuality, 'and the label quality section was added');
  });

  it('an import with no file says a CSV or JSON is needed', async () => {
    await assert.rejects(importReview(plain, []), /at least one labelled file \(CSV or JSON\)/);
  });
});
