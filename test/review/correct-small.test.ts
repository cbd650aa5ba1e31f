import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { audit } from '../../lib/audit/index.js';
import { outcomeSentence } from '../../lib/report/label-quality-view.js';
import { packageRoot } from '../../lib/report/index.js';
import { gammaDraw } from '../../lib/review/correct.js';
import { correctDisparity, correctionTag, ESTIMABILITY, parseCsv, roganGladen, toCsv, type CorrectionUnit } from '../../lib/review/index.js';
import { seededRng } from '../../lib/stats/index.js';
import type { AuditResults, CorrectedFinding, Verdict } from '../../lib/types.js';
import { runCli } from '../helpers/cli.js';

const Ajv2020 = Ajv2020Module.default;
const policy = { maxRateGap: 0.1, minImpactRatio: 0.8 };
const NO_RULE = { minPerPeopleClass: 0, minPerScorerClass: 0, minScorerClassShare: 1 };

/** `n` replies of a group in one stratum; the first `reviewed` reviewed, the first `humanFav` of those read favourable by people. */
function stratum(group: string, name: string, scorerFav: boolean, n: number, reviewed: number, humanFav: number): CorrectionUnit[] {
  return Array.from({ length: n }, (_, i) => ({
    group,
    stratum: name,
    scorer: { answer: true, favourable: scorerFav },
    ...(i < reviewed ? { human: { answer: true, favourable: i < humanFav } } : {}),
  }));
}

describe('review: a correction only as confident as the review allows', () => {
  it('the rule reads its thresholds from ESTIMABILITY: at the minimum it is estimable, one below it is not, and the reason says what to do', () => {
    const k = ESTIMABILITY.minPerPeopleClass;
    assert.ok(ESTIMABILITY.minPerScorerClass <= 2 * k, 'the data below give each scorer class 2k reviewed replies');
    // People read exactly k favourable and k + k unfavourable in each group (scorer classes reviewed 2k each).
    const group = (g: string, fav: number) => [...stratum(g, `${g}|yes`, true, 300, 2 * k, fav), ...stratum(g, `${g}|no`, false, 300, 2 * k, 0)];
    const at = correctDisparity([...group('A', k), ...group('B', k)], { groups: ['A', 'B'], reference: 'A', policy, seed: 'rule', resamples: 200 });
    assert.equal(at.estimable, true, JSON.stringify(at.notEstimable));
    assert.notEqual(at.correctedGap.estimate, null);
    const below = correctDisparity([...group('A', k), ...group('B', k - 1)], { groups: ['A', 'B'], reference: 'A', policy, seed: 'rule', resamples: 200 });
    assert.equal(below.estimable, false);
    assert.equal(below.correctedVerdict, 'inconclusive');
    assert.deepEqual(below.correctedGap, { estimate: null, ciLow: null, ciHigh: null });
    assert.equal(below.notEstimable.length, 1);
    assert.match(below.notEstimable[0] as string, new RegExp(`^too few reviewed replies in group B: ${4 * k} reviewed, ${k - 1} read favourable and ${3 * k + 1} unfavourable by people; at least ${k} of each are needed .*bias-audit review DIR --plan`));
    assert.equal(below.groups[1]?.correctedRate, null, 'no corrected rate for the group short of the rule');
    assert.equal(below.groups[1]?.estimable, false);
    assert.equal(below.groups[0]?.estimable, true);
    // A scorer class holding a sizeable share of a group with too few reviewed replies.
    const thin = [...stratum('A', 'A|yes', true, 300, 3 * k, 2 * k), ...stratum('A', 'A|no', false, 300, ESTIMABILITY.minPerScorerClass - 1, 0), ...group('B', k)];
    const t = correctDisparity(thin, { groups: ['A', 'B'], reference: 'A', policy, seed: 'rule', resamples: 200 });
    assert.equal(t.estimable, false);
    assert.match(t.notEstimable.join(' '), new RegExp(`in group A, the 300 replies \\(50%\\) the scorer read unfavourable rest on ${ESTIMABILITY.minPerScorerClass - 1} reviewed; at least ${ESTIMABILITY.minPerScorerClass} are needed`));
  });

  it('a small scorer reading whose every reply was reviewed meets the rule: its error is known for the run', () => {
    const k = ESTIMABILITY.minPerPeopleClass;
    const few = ESTIMABILITY.minPerScorerClass - 2;
    // Group A: `few` of its 128 replies (6%, above minScorerClassShare) the scorer set aside; fewer than the rule's minimum, all reviewed.
    const setAside = (g: string, n: number, reviewed: number): CorrectionUnit[] =>
      Array.from({ length: n }, (_, i) => ({ group: g, stratum: `${g}|aside`, scorer: { answer: false, favourable: false }, ...(i < reviewed ? { human: { answer: false, favourable: false } } : {}) }));
    const group = (g: string) => [...stratum(g, `${g}|yes`, true, 60, 2 * k, 2 * k), ...stratum(g, `${g}|no`, false, 60, 2 * k, 0)];
    assert.ok(few / (120 + few) >= ESTIMABILITY.minScorerClassShare);
    const all = correctDisparity([...group('A'), ...setAside('A', few, few), ...group('B')], { groups: ['A', 'B'], reference: 'A', policy, seed: 'all', resamples: 200 });
    assert.equal(all.estimable, true, JSON.stringify(all.notEstimable));
    const notAll = correctDisparity([...group('A'), ...setAside('A', few, few - 1), ...group('B')], { groups: ['A', 'B'], reference: 'A', policy, seed: 'all', resamples: 200 });
    assert.equal(notAll.estimable, false);
    assert.match(notAll.notEstimable.join(' '), new RegExp(`the scorer read set aside \\(refused or unparsed\\) rest on ${few - 1} reviewed; at least ${few} are needed`));
  });

  it('a stratum with one reviewed reply no longer gives a zero-width interval', () => {
    // Group A: 500 scorer-yes replies in one stratum with one reviewed reply (people agree), 500 scorer-no
    // with one reviewed (people agree). Resampling the reviewed replies within their strata (the earlier
    // method) gave back the same reply every time: the interval carried only the run's ±4 points.
    const data = [...stratum('A', 'A|yes', true, 500, 1, 1), ...stratum('A', 'A|no', false, 500, 1, 0), ...stratum('B', 'B|yes', true, 500, 1, 1), ...stratum('B', 'B|no', false, 500, 1, 0)];
    const c = correctDisparity(data, { groups: ['A', 'B'], reference: 'A', policy, seed: 'one', resamples: 2000, rule: NO_RULE });
    const a = c.groups[0];
    assert.ok(a && a.ciLow !== null && a.ciHigh !== null);
    // Each class's share is Beta(1.5, 1) (Jeffreys): one reply says little about the scorer's error there.
    assert.ok(a.ciHigh - a.ciLow > 0.4, `group A interval [${a.ciLow}, ${a.ciHigh}]`);
    const pair = c.pairs[0];
    assert.ok(pair && pair.ciLow !== null && pair.ciHigh !== null && pair.ciHigh - pair.ciLow > 0.5, `pair interval [${pair?.ciLow}, ${pair?.ciHigh}]`);
    // Under the default rule the same review is not estimable.
    const d = correctDisparity(data, { groups: ['A', 'B'], reference: 'A', policy, seed: 'one', resamples: 200 });
    assert.equal(d.estimable, false);
    assert.equal(d.correctedVerdict, 'inconclusive');
  });

  it('many strata reviewed once each: the interval is as wide as the pooled review allows', () => {
    // 40 strata of 25 replies each, one reviewed reply per stratum; in the scorer-yes strata people read
    // 16 of 20 as favourable (q = 0.8), in the scorer-no strata 0 of 20. Pooled within the scorer's
    // reading, the share is Beta(16.5, 5) and the rate's half-width at least 1.96·0.5·sd(q) ≈ 0.085.
    const data: CorrectionUnit[] = [];
    for (let h = 0; h < 20; h++) data.push(...stratum('A', `A${h}|yes`, true, 25, 1, h < 16 ? 1 : 0), ...stratum('A', `A${h}|no`, false, 25, 1, 0));
    for (let h = 0; h < 20; h++) data.push(...stratum('B', `B${h}|yes`, true, 25, 20, 20), ...stratum('B', `B${h}|no`, false, 25, 20, 0));
    const c = correctDisparity(data, { groups: ['A', 'B'], reference: 'B', policy, seed: 'many', resamples: 2000, rule: NO_RULE });
    const a = c.groups[0];
    assert.ok(a && a.ciLow !== null && a.ciHigh !== null);
    const sdQ = Math.sqrt((16.5 * 5) / (21.5 * 21.5 * 22.5));
    assert.ok((a.ciHigh - a.ciLow) / 2 >= 1.959963984540054 * 0.5 * sdQ * 0.9, `half-width ${(a.ciHigh - a.ciLow) / 2} vs ${1.959963984540054 * 0.5 * sdQ}`);
    assert.ok(Math.abs((a.correctedRate as number) - 0.4) < 1e-12);
  });

  it('the corrected rate is Rogan-Gladen with the reported (weighted) sensitivity and specificity', () => {
    // Two strata per scorer reading with unequal sampling shares: weights 300/10 and 100/20 for yes, 200/10 and 400/40 for no.
    const data = [
      ...stratum('A', 'A1|yes', true, 300, 10, 7),
      ...stratum('A', 'A2|yes', true, 100, 20, 19),
      ...stratum('A', 'A1|no', false, 200, 10, 2),
      ...stratum('A', 'A2|no', false, 400, 40, 4),
      ...stratum('B', 'B|yes', true, 500, 30, 30),
      ...stratum('B', 'B|no', false, 500, 30, 0),
    ];
    const c = correctDisparity(data, { groups: ['A', 'B'], reference: 'B', policy, seed: 'rg', resamples: 100 });
    const a = c.groups[0];
    assert.ok(a && a.sensitivity !== null && a.specificity !== null);
    // Weighted true favourable: 300·0.7 + 100·0.95 + 200·0.2 + 400·0.1 = 385 of 1000; scorer's favourable 400 of 1000.
    const rg = roganGladen(0.4, a.sensitivity, a.specificity);
    assert.ok(rg.estimate !== null && Math.abs(rg.estimate - 0.385) < 1e-12, `Rogan-Gladen ${rg.estimate}`);
    assert.ok(Math.abs((a.correctedRate as number) - 0.385) < 1e-12, `corrected ${a.correctedRate}`);
    assert.ok(Math.abs(a.sensitivity - 305 / 385) < 1e-12);
    assert.ok(Math.abs(a.specificity - 520 / 615) < 1e-12);
  });

  it('gammaDraw has the Gamma(shape, 1) mean and variance (both equal the shape)', () => {
    const rng = seededRng('gamma');
    for (const shape of [0.5, 1.5, 20.5]) {
      const n = 40000;
      const xs = Array.from({ length: n }, () => gammaDraw(shape, rng));
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      // 4 standard errors: SE(mean) = √(k/n); SE(variance) ≈ √((μ4 − σ⁴)/n) with μ4 = 3k² + 6k for Gamma(k).
      assert.ok(Math.abs(mean - shape) < 4 * Math.sqrt(shape / n), `shape ${shape}: mean ${mean}`);
      assert.ok(Math.abs(variance - shape) < 4 * Math.sqrt((2 * shape * shape + 6 * shape) / n), `shape ${shape}: variance ${variance}`);
    }
  });

  it('says the same words for each outcome: survives / does not survive for a fail; confirmed / not confirmed / contradicted for a pass', () => {
    const base = { findingId: 'f', axis: 'x', axisTitle: 'X', withPeopleLabels: { verdict: 'pass' as Verdict, gap: 0 }, survives: null, groups: [], pairs: [], correctedGap: { estimate: 0.05, ciLow: 0.01, ciHigh: 0.09 }, bootstrap: { resamples: 1, failed: 0, seed: 's', confidence: 0.95, method: '' }, uncovered: 0, notes: [] };
    const cases: [Verdict, Verdict, string][] = [
      ['fail', 'fail', 'survives'],
      ['fail', 'inconclusive', 'does not survive (not confirmed)'],
      ['fail', 'pass', 'does not survive (contradicted)'],
      ['pass', 'pass', 'pass confirmed'],
      ['pass', 'inconclusive', 'pass not confirmed'],
      ['pass', 'fail', 'pass contradicted'],
      ['inconclusive', 'fail', ''],
    ];
    for (const [verdict, correctedVerdict, tag] of cases) {
      const c: CorrectedFinding = { ...base, verdict, correctedVerdict };
      assert.equal(correctionTag(c), tag);
      if (tag !== '') assert.ok(outcomeSentence(c).startsWith(`${tag.charAt(0).toUpperCase()}${tag.slice(1)}: `), outcomeSentence(c));
    }
    const notEstimable: CorrectedFinding = { ...base, verdict: 'pass', correctedVerdict: 'inconclusive', correctionOutcome: 'not-confirmed', estimable: false, notEstimable: ['too few reviewed replies in group B: 9 reviewed, 2 read favourable and 7 unfavourable by people; at least 10 of each are needed.'] };
    assert.match(outcomeSentence(notEstimable), /^Pass not confirmed: the correction is not estimable, so its verdict is inconclusive — too few reviewed replies in group B/);
  });
});

describe('review: the small review of the coordinator (hiring-screen, 120 reviewed over ~100 strata)', function () {
  this.timeout(120000);
  let tmp: string;
  let dir: string;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bias-audit-correct-small-'));
    dir = join(tmp, 'rvx');
    await audit({ probeSet: join(packageRoot(), 'probes', 'hiring-screen.yaml'), model: 'sim:biased', seed: 1, maxProbes: 600, samples: 2, outDir: dir });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('reports every correction as not estimable, with the reason and the fix, and the verdict inconclusive — in the CLI, review-results.json, results.json and the report', async () => {
    // The coordinator's sample: the allocation for accuracy (equal shares per stratum), as drawn before --for correction was the default.
    const drawn = await runCli(['review', dir, '--sample', '120', '--for', 'accuracy']);
    assert.equal(drawn.code, 0, drawn.stderr);
    // Two reviewers copy the scorer's label, flipping yes <-> no on every 10th row (alice) and every 7th (bob).
    const rows = parseCsv(readFileSync(join(dir, 'review-sample.csv'), 'utf8'), 'review-sample.csv').map((r) => r.cells);
    const header = rows[0] as string[];
    const si = header.indexOf('scorer_label');
    const hi = header.indexOf('human_label');
    const flip = (l: string) => (l === 'yes' ? 'no' : l === 'no' ? 'yes' : l);
    const files = (
      [
        ['alice.csv', 10],
        ['bob.csv', 7],
      ] as const
    ).map(([name, k]) => {
      const body = rows.slice(1).map((r, i) => r.map((cell, j) => (j === hi ? ((i + 1) % k === 0 ? flip(r[si] as string) : (r[si] as string)) : cell)));
      writeFileSync(join(dir, name), toCsv(header, body));
      return join(dir, name);
    });
    const r = await runCli(['review', dir, '--import', files[0] as string, '--import', files[1] as string]);
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
    const corrected = results.labelQuality?.corrected ?? [];
    assert.ok(corrected.length >= 5, `corrected findings: ${corrected.length}`);
    for (const c of corrected) {
      assert.equal(c.estimable, false, `${c.axis} is estimable from 120 reviewed replies`);
      assert.equal(c.correctedVerdict, 'inconclusive');
      assert.equal(c.correctedGap.estimate, null);
      assert.equal(c.correctionOutcome, c.verdict === 'inconclusive' ? null : 'not-confirmed');
      assert.match(c.notEstimable?.[0] ?? '', /^too few reviewed replies in group .+: \d+ reviewed, \d+ read favourable and \d+ unfavourable by people; at least \d+ of each are needed/);
      const line = r.stdout.split('\n').find((l) => l.startsWith(`  ${c.axisTitle}: `)) ?? '';
      assert.match(line, /correction not estimable \(inconclusive\)( — [a-z ()]+)?: too few reviewed replies in group/, line);
      assert.match(line, /review more replies: bias-audit review DIR --plan says how many the correction needs on every axis, and bias-audit review DIR --sample auto draws them/);
      if (c.verdict === 'pass') assert.match(line, / — pass not confirmed: /);
      if (c.verdict === 'fail') assert.match(line, / — does not survive \(not confirmed\): /);
      assert.doesNotMatch(line, /largest gap/);
    }
    const review = JSON.parse(readFileSync(join(dir, 'review-results.json'), 'utf8')) as { corrected: CorrectedFinding[] };
    assert.deepEqual(review.corrected, corrected);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /not estimable \(inconclusive\): the review is too small/);
    assert.match(html, /(Pass not confirmed|Does not survive \(not confirmed\)): the correction is not estimable/);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.match(md, /(Pass not confirmed|Does not survive \(not confirmed\)): the correction is not estimable/);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const validate = ajv.compile(JSON.parse(readFileSync(join(packageRoot(), 'schema', 'results.schema.json'), 'utf8')) as object);
    assert.ok(validate(results), JSON.stringify(validate.errors, null, 1).slice(0, 2000));
  });
});
