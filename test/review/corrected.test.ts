import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, regenerateReport } from '../../lib/audit/index.js';
import { readRunDir } from '../../lib/audit/run-dir.js';
import { expand } from '../../lib/probes/index.js';
import { loadSimProfile, simTruthReader } from '../../lib/providers/sim/index.js';
import { packageRoot } from '../../lib/report/index.js';
import {
  correctDisparity,
  drawReviewSample,
  importReview,
  krippendorffAlpha,
  loadScoredRun,
  REVIEW_COLUMNS,
  roganGladen,
  toCsv,
  type CorrectionUnit,
} from '../../lib/review/index.js';
import type { AuditResults } from '../../lib/types.js';
import Ajv2020Module from 'ajv/dist/2020.js';

// As test/report/schema.test.ts: ajv is CommonJS, its class is the default export's `default`.
const Ajv2020 = Ajv2020Module.default;

const close = (got: number | null, want: number, tol: number, what = '') => assert.ok(got !== null && Math.abs(got - want) <= tol, `${what} ${got} vs ${want} (tolerance ${tol})`);

describe('review: Rogan-Gladen', () => {
  it('matches R epiR::epi.prev', () => {
    // Rscript test/fixtures/r/rogan-gladen.R (epiR 2.0.57, R 4.2.2):
    //   epi.prev(pos, tested, se, sp, method = "wilson")$tp$est
    const cases: [number, number, number, number, number][] = [
      [35, 100, 0.75, 0.97, 0.44444444444444425],
      [68, 100, 0.97, 1.0, 0.70103092783505172],
      [120, 400, 0.9, 0.8, 0.14285714285714296],
      [10, 200, 0.8, 0.9, -0.071428571428571314], // apparent rate below 1 - sp: epiR warns, we clip
    ];
    for (const [pos, tested, se, sp, tp] of cases) {
      const r = roganGladen(pos / tested, se, sp);
      close(r.raw, tp, 1e-12, `raw ${pos}/${tested}`);
      close(r.estimate, Math.min(1, Math.max(0, tp)), 1e-12, `clipped ${pos}/${tested}`);
    }
    assert.deepEqual(roganGladen(0.3, 0.5, 0.5), { estimate: null, raw: null });
  });
});

/** Units of one group: `counts` replies per scorer reading, the first `reviewed[i]` of each reviewed with people's reading from `human`. */
function units(group: string, spec: { scorerFav: boolean; n: number; reviewed: number; humanFav: number }[]): CorrectionUnit[] {
  const out: CorrectionUnit[] = [];
  for (const s of spec) {
    for (let i = 0; i < s.n; i++) {
      const u: CorrectionUnit = { group, stratum: `${group}|${s.scorerFav}`, scorer: { answer: true, favourable: s.scorerFav } };
      if (i < s.reviewed) u.human = { answer: true, favourable: i < s.humanFav };
      out.push(u);
    }
  }
  return out;
}

type ClassSpec = { scorerFav: boolean; n: number; reviewed: number; humanFav: number };

/**
 * The delta-method interval of rate(x) − rate(y) under correct.ts's draw: each scorer class's share
 * people read favourable is Beta(x + ½, n − x + 1) (the Jeffreys Dirichlet's favourable margin; the
 * Dirichlet also gives ½/(n + 1.5) to "set aside", which lowers the answers), and the run's split
 * between the two classes is binomial. First order; centred on the posterior means.
 */
function expectedDifference(x: ClassSpec[], y: ClassSpec[]): { mean: number; half: number } {
  const moments = (spec: ClassSpec[]) => {
    const N = spec.reduce((t, s) => t + s.n, 0);
    const cls = spec.map((s) => {
      const a0 = s.reviewed + 1.5;
      const fav = (s.humanFav + 0.5) / a0;
      const ans = (s.reviewed + 1) / a0;
      const varFav = ((s.humanFav + 0.5) * (a0 - s.humanFav - 0.5)) / (a0 * a0 * (a0 + 1));
      return { w: s.n / N, fav, ans, varFav };
    });
    const F = cls.reduce((t, c) => t + c.w * c.fav, 0);
    const A = cls.reduce((t, c) => t + c.w * c.ans, 0);
    const review = cls.reduce((t, c) => t + c.w * c.w * c.varFav, 0) / (A * A);
    const [c0, c1] = cls as [(typeof cls)[number], (typeof cls)[number]];
    const slope = ((c0.fav - c1.fav) * A - F * (c0.ans - c1.ans)) / (A * A);
    return { mean: F / A, variance: review + (slope * slope * c0.w * (1 - c0.w)) / N };
  };
  const a = moments(x);
  const b = moments(y);
  return { mean: a.mean - b.mean, half: 1.959963984540054 * Math.sqrt(a.variance + b.variance) };
}

describe('review: correcting a disparity for scorer error', () => {
  const policy = { maxRateGap: 0.1, minImpactRatio: 0.8 };

  it("with a perfect scorer, equals the observed rates; its interval is the Wald interval widened by the review's own uncertainty", () => {
    // Reviewed replies all agree with the scorer. The point estimate is the observed rate, but 50 agreeing
    // replies per class do not prove a perfect scorer: the interval adds each class's Jeffreys posterior
    // (Beta(50.5, 1) for the share people read as the scorer did) to the run's Wald term.
    const spec = { A: [{ scorerFav: true, n: 600, reviewed: 50, humanFav: 50 }, { scorerFav: false, n: 400, reviewed: 50, humanFav: 0 }], B: [{ scorerFav: true, n: 400, reviewed: 50, humanFav: 50 }, { scorerFav: false, n: 600, reviewed: 50, humanFav: 0 }] };
    const data = [...units('A', spec.A), ...units('B', spec.B)];
    const c = correctDisparity(data, { groups: ['A', 'B'], reference: 'A', policy, seed: 'wald', resamples: 4000 });
    close(c.groups[0]?.correctedRate ?? null, 0.6, 1e-12);
    close(c.groups[1]?.correctedRate ?? null, 0.4, 1e-12);
    assert.deepEqual([c.groups[0]?.sensitivity, c.groups[0]?.specificity], [1, 1]);
    const want = expectedDifference(spec.B, spec.A);
    const wald = 1.959963984540054 * Math.sqrt((0.6 * 0.4) / 1000 + (0.4 * 0.6) / 1000);
    assert.ok(want.half > wald * 1.2, `the review's uncertainty widens the Wald half-width ${wald} to ${want.half}`);
    const pair = c.pairs[0];
    // Monte Carlo error of a 2.5% percentile with B = 4000 is about 0.0015 here; the delta method is first order: tolerance 0.006.
    close(pair?.ciLow ?? null, want.mean - want.half, 0.006, 'lower');
    close(pair?.ciHigh ?? null, want.mean + want.half, 0.006, 'upper');
    assert.equal(c.correctedVerdict, 'fail');
  });

  it("carries the review sample's uncertainty: the delta-method interval when the scorer's yes is often wrong", () => {
    // Group A: 500 scorer-yes, of which people read 80 of 100 reviewed as yes (q = 0.8); 500 scorer-no,
    // all right. Corrected rate = 0.5·q = 0.4 (Rogan-Gladen with Se = 1, Sp = 500/600).
    // Without the Jeffreys prior, Var = 0.5²·q(1−q)/100 + q²·0.25/1000 = 0.00056; with it (expectedDifference)
    // each class's share is Beta(x + ½, n − x + 1) and the all-agreeing classes add their own variance.
    // Group B: a perfect scorer at 0.5.
    const spec = { A: [{ scorerFav: true, n: 500, reviewed: 100, humanFav: 80 }, { scorerFav: false, n: 500, reviewed: 50, humanFav: 0 }], B: [{ scorerFav: true, n: 500, reviewed: 50, humanFav: 50 }, { scorerFav: false, n: 500, reviewed: 50, humanFav: 0 }] };
    const data = [...units('A', spec.A), ...units('B', spec.B)];
    const c = correctDisparity(data, { groups: ['B', 'A'], reference: 'B', policy, seed: 'delta', resamples: 4000 });
    const a = c.groups[1];
    close(a?.correctedRate ?? null, 0.4, 1e-12);
    close(a?.sensitivity ?? null, 1, 1e-12);
    close(a?.specificity ?? null, 500 / 600, 1e-12);
    close(a?.observedRate ?? null, 0.5, 1e-12);
    close(roganGladen(0.5, 1, 500 / 600).estimate, 0.4, 1e-12, 'Rogan-Gladen with the reported Se, Sp');
    const want = expectedDifference(spec.A, spec.B);
    const pair = c.pairs[0];
    close(pair?.correctedDifference ?? null, -0.1, 1e-12);
    close(pair?.ciLow ?? null, want.mean - want.half, 0.006, 'lower');
    close(pair?.ciHigh ?? null, want.mean + want.half, 0.006, 'upper');
  });

  it('is deterministic for a seed and changes with it', () => {
    const data = units('A', [{ scorerFav: true, n: 100, reviewed: 20, humanFav: 14 }, { scorerFav: false, n: 100, reviewed: 20, humanFav: 2 }]).concat(
      units('B', [{ scorerFav: true, n: 100, reviewed: 20, humanFav: 18 }, { scorerFav: false, n: 100, reviewed: 20, humanFav: 0 }]),
    );
    const run = (seed: string) => correctDisparity(data, { groups: ['A', 'B'], reference: 'B', policy, seed, resamples: 300 });
    assert.deepEqual(run('s1'), run('s1'));
    assert.notDeepEqual(run('s1').pairs, run('s2').pairs);
  });
});

describe('review: done means — a scorer wrong for one group more than another (sim misread)', function () {
  this.timeout(120000);
  const seed = 3;
  let tmp: string;
  let runDir: string;
  let profileFile: string;
  let truth: Map<string, string>;
  let scored: Awaited<ReturnType<typeof loadScoredRun>>;
  let sampleIds: { id: string; scorerLabel: string; weight: number }[];

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bias-audit-corrected-'));
    profileFile = join(tmp, 'misread.yaml');
    // A real race effect (Black P(yes) 0.70 -> 0.59) and a scorer that misreads a "yes" as "no"
    // for 30% of Black applicants' replies and 2% of everyone else's.
    writeFileSync(
      profileFile,
      ['name: misread-race', 'effects:', '  - { cue: race, group: Black, logitShift: -0.5 }', 'misread:', '  rate: 0.02', '  answers: [yes]', '  byGroup:', '    race: { Black: 0.3 }', ''].join('\n'),
    );
    runDir = join(tmp, 'run');
    await audit({ probeSet: join(packageRoot(), 'probes', 'loan-approval.yaml'), model: `sim:${profileFile}`, seed, maxProbes: 700, samples: 4, outDir: runDir });
    scored = await loadScoredRun(runDir);
    const profile = await loadSimProfile(profileFile, tmp);
    const truthOf = simTruthReader(profile, seed);
    const probes = new Map(expand((await readRunDir(runDir))?.probeSet as NonNullable<Awaited<ReturnType<typeof readRunDir>>>['probeSet']).map((p) => [p.id, p]));
    truth = new Map(scored.items.map((it) => [it.id, truthOf(probes.get(it.probeId)?.messages ?? [], it.sample)]));
    sampleIds = drawReviewSample(scored.items, { size: 800, seed }).items;
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** A label file by a simulated reviewer who reads sim's ground truth; `slip` changes some labels. */
  function labelFile(name: string, slip: (i: number, label: string) => string = (_, l) => l): string {
    const file = join(tmp, name);
    const rows = sampleIds.map((it, i) => [it.id, '', '', it.scorerLabel, slip(i, truth.get(it.id) as string), it.weight]);
    writeFileSync(file, toCsv(REVIEW_COLUMNS, rows));
    return file;
  }

  /** True rate of "yes" among answers per race group, from sim's ground truth over the whole run. */
  function trueRates(): Map<string, number> {
    const n = new Map<string, { yes: number; answers: number }>();
    for (const it of scored.items) {
      const g = it.groups['race'];
      const t = truth.get(it.id);
      if (g === undefined || (t !== 'yes' && t !== 'no')) continue;
      const c = n.get(g) ?? { yes: 0, answers: 0 };
      c.answers++;
      if (t === 'yes') c.yes++;
      n.set(g, c);
    }
    return new Map([...n].map(([g, c]) => [g, c.yes / c.answers]));
  }

  it('reveals the differential error, and the corrected gap is within sampling error of the true gap while the uncorrected one is not', async () => {
    const r = await importReview(runDir, [labelFile('alice.csv')]);
    const race = r.scorerVsPeople.perAxis.find((a) => a.axis === 'race');
    assert.ok(race?.test && race.test.pValue < 0.05, `differential misclassification test: ${JSON.stringify(race?.test)}`);
    const black = race.groups.find((g) => g.group === 'Black')?.errorRate.estimate ?? 0;
    assert.ok(race.groups.every((g) => g.group === 'Black' || (g.errorRate.estimate ?? 1) < black), 'Black replies are misread most');

    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as AuditResults;
    const finding = results.findings.find((f) => f.axis === 'race');
    const corrected = r.corrected.find((c) => c.axis === 'race');
    assert.ok(finding && corrected);
    const truthRates = trueRates();
    const pair = corrected.pairs.find((p) => p.group === 'Black');
    const observed = finding.pairwise.find((p) => p.group === 'Black');
    assert.ok(pair && observed && pair.ciLow !== null && pair.ciHigh !== null);
    const trueGap = (truthRates.get('Black') as number) - (truthRates.get(pair.reference) as number);
    // Corrected: the bootstrap interval (review sample and run resampled) holds the true gap.
    assert.ok(pair.ciLow <= trueGap && trueGap <= pair.ciHigh, `true gap ${trueGap} outside the corrected interval [${pair.ciLow}, ${pair.ciHigh}]`);
    // Uncorrected: the finding's own interval (Newcombe) lies wholly beyond it — the scorer's errors widen the gap.
    assert.ok(observed.ciHigh < trueGap, `true gap ${trueGap} inside the uncorrected interval [${observed.ciLow}, ${observed.ciHigh}]`);
    assert.ok(Math.abs((pair.correctedDifference as number) - trueGap) < Math.abs(observed.difference - trueGap));
    // The sensitivity people measured for Black replies is near 1 − 0.3, for the others near 1 − 0.02.
    const se = new Map(corrected.groups.map((g) => [g.group, g.sensitivity as number]));
    close(se.get('Black') as number, 0.7, 0.12, 'Black sensitivity');
    close(se.get('White') as number, 0.98, 0.05, 'White sensitivity');

    // results.json and the reports carry it (review --import re-renders them).
    assert.equal(results.labelQuality?.reviewed, r.scorerVsPeople.n);
    assert.deepEqual(results.labelQuality?.corrected.map((c) => c.axis), r.corrected.map((c) => c.axis));
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    assert.match(html, /<h2 id="label-quality-heading">Label quality<\/h2>/);
    assert.match(html, /People checked [\d,]+ of the [\d,]+ replies \(one reviewer\)/);
    assert.match(html, /(Survives the correction|Does not survive)/);
    assert.match(readFileSync(join(runDir, 'report.md'), 'utf8'), /\*\*Label quality\.\*\* People checked/);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const validate = ajv.compile(JSON.parse(readFileSync(join(packageRoot(), 'schema', 'results.schema.json'), 'utf8')) as object);
    assert.ok(validate(results), JSON.stringify(validate.errors, null, 1).slice(0, 2000));
    // bias-audit report DIR keeps it.
    const again = await regenerateReport(runDir);
    assert.deepEqual(again.labelQuality, results.labelQuality);
  });

  it("with several reviewers gives Krippendorff's alpha over their labels, missing ones allowed", async () => {
    const bob = labelFile('bob.csv', (i, l) => (i % 9 === 0 ? (l === 'yes' ? 'no' : 'yes') : l));
    // Carol labels only every other reply (the rest left empty): alpha allows missing labels.
    const carol = labelFile('carol.csv', (i, l) => (i % 2 === 0 ? '' : i % 13 === 0 ? 'unparsed' : l));
    const r = await importReview(runDir, [join(tmp, 'alice.csv'), bob, carol], { resamples: 200 });
    assert.ok(r.krippendorff);
    const labels = [truth, new Map(sampleIds.map((it, i) => [it.id, i % 9 === 0 ? (truth.get(it.id) === 'yes' ? 'no' : 'yes') : (truth.get(it.id) as string)]))];
    const units = sampleIds.map((it, i) => {
      const u = labels.map((m) => m.get(it.id) as string);
      if (i % 2 !== 0) u.push(i % 13 === 0 ? 'unparsed' : (truth.get(it.id) as string));
      return u;
    });
    close(r.krippendorff.alpha, krippendorffAlpha(units).alpha, 1e-12, 'alpha');
    assert.equal(r.krippendorff.coders, 3);
    assert.ok(r.krippendorff.alpha > 0.7 && r.krippendorff.alpha < 0.95, `alpha ${r.krippendorff.alpha}`);
    assert.equal(r.labelQuality.interRater.krippendorff?.alpha, r.krippendorff.alpha);
    assert.match(readFileSync(join(runDir, 'report.html'), 'utf8'), /Krippendorff&#x27;s alpha, 3 reviewers|Krippendorff's alpha, 3 reviewers/);
  });

  it('a report without a review says the labels were not checked by people', async () => {
    const dir = join(tmp, 'unreviewed');
    await audit({ probeSet: join(packageRoot(), 'probes', 'loan-approval.yaml'), model: 'sim:fair', seed, maxProbes: 60, samples: 1, outDir: dir });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /The scorer&#x27;s labels were not checked by people|The scorer's labels were not checked by people/);
    assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /\*\*Label quality\.\*\* The scorer's labels were not checked by people/);
    assert.equal((JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults).labelQuality, undefined);
  });
});
