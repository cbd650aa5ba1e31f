import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditResults, Finding } from '../../lib/types.js';
import { assertClose } from '../helpers/assert-close.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'analyze');

function results(dir: string): AuditResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
}
function axis(r: AuditResults, id: string): Finding {
  const f = r.findings.find((x) => x.axis === id);
  assert.ok(f, `a finding for ${id}`);
  return f;
}

/** Every number in results.json is finite: JSON has no NaN or Infinity, so a null would show one. */
function assertNoNullNumbers(value: unknown, path = 'results'): void {
  if (value === null) assert.fail(`${path} is null (a NaN or Infinity reached the results)`);
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} = ${value}`);
  if (Array.isArray(value)) value.forEach((v, i) => assertNoNullNumbers(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertNoNullNumbers(v, `${path}.${k}`);
}

describe('bias-audit analyze (bring your own outcomes)', function () {
  this.timeout(60_000);
  let tmp: string;
  let binary: AuditResults;
  let numeric: AuditResults;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ba-analyze-'));
    let r = await runCli(['analyze', join(FIXTURES, 'binary.csv'), '--out', join(tmp, 'binary')]);
    assert.ok([0, 1, 4].includes(r.code), r.stderr);
    binary = results(join(tmp, 'binary'));
    r = await runCli(['analyze', join(FIXTURES, 'numeric.csv'), '--out', join(tmp, 'numeric')]);
    assert.ok([0, 1, 4].includes(r.code), r.stderr);
    numeric = results(join(tmp, 'numeric'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  // The tables and the SciPy references: python3 test/fixtures/scipy/analyze_outcomes.py (SciPy 1.17.1);
  // the CMH and Cochran's Q references: Rscript test/fixtures/r/analyze_outcomes.R (R 4.2.2).
  // Tolerance 1e-6 relative, the bar (the functions themselves agree to ~1e-12).
  const TOL = 1e-6;

  it('paired, 2 groups: McNemar exact as SciPy binomtest on the discordant pairs', () => {
    // binomtest(7, 20, 0.5).pvalue -> 0.26317596435546875 (b = 13, c = 7)
    const f = axis(binary, 'paired2');
    assert.equal(f.design, 'paired');
    assert.equal(f.test, 'mcnemar-exact');
    assert.equal(f.statistic, 7);
    assertClose(f.pValue, 0.26317596435546875, TOL);
  });

  it("paired, 3 groups: Cochran's Q as R's generalised CMH with one reply per group per block", () => {
    // mantelhaen.test(table(group, fav, block), correct = FALSE) -> statistic=4.8387096774193328 p=0.088979004754885252 df=2
    const f = axis(binary, 'paired3');
    assert.equal(f.test, 'cochran-q');
    assertClose(f.statistic, 4.8387096774193328, TOL);
    assertClose(f.pValue, 0.088979004754885252, TOL);
    assert.equal(f.df, 2);
  });

  it('stratified, 2 and 4 groups: CMH as R mantelhaen.test(correct = FALSE), refusals left out', () => {
    // strat2: statistic=5.5056179775280896 p=0.018955480915425541 df=1
    // strat4: statistic=16.603838745958779 p=0.00085248745674375336 df=3
    let f = axis(binary, 'strat2');
    assert.equal(f.design, 'stratified');
    assert.equal(f.test, 'cmh');
    assertClose(f.statistic, 5.5056179775280896, TOL);
    assertClose(f.pValue, 0.018955480915425541, TOL);
    f = axis(binary, 'strat4');
    assertClose(f.statistic, 16.603838745958779, TOL);
    assertClose(f.pValue, 0.00085248745674375336, TOL);
    assert.equal(f.df, 3);
    assert.ok(f.groups.reduce((s, g) => s + g.refused, 0) > 0, 'the refused rows are counted');
  });

  it("independent: chi-square as SciPy chi2_contingency(correction=False), Fisher's exact for small counts", () => {
    // chi2_contingency([[43, 17], [27, 28], [46, 24]], correction=False) -> 6.690416290772363, p 0.03525287667027593, df 2
    let f = axis(binary, 'indep3');
    assert.equal(f.design, 'independent');
    assert.equal(f.test, 'chi-square');
    assertClose(f.statistic, 6.690416290772363, TOL);
    assertClose(f.pValue, 0.03525287667027593, TOL);
    // fisher_exact([[7, 1], [2, 5]]).pvalue -> 0.040559440559440565; statistic = first group's favourable count
    f = axis(binary, 'fisher2');
    assert.equal(f.test, 'fisher-exact');
    assert.equal(f.statistic, 7);
    assertClose(f.pValue, 0.040559440559440565, TOL);
  });

  it('paired numbers: Wilcoxon signed-rank (2 groups) and Friedman (3) as SciPy', () => {
    // wilcoxon(x, y) -> statistic 3.0, p 9.313225746154785e-09 (exact); friedmanchisquare(*cols) -> 1.2800000000000296, p 0.5272924240430408
    let f = axis(numeric, 'paired2');
    assert.equal(f.test, 'wilcoxon-signed-rank');
    assert.equal(f.statistic, 3);
    assertClose(f.pValue, 9.313225746154785e-9, TOL);
    f = axis(numeric, 'paired3');
    assert.equal(f.test, 'friedman');
    assertClose(f.statistic, 1.2800000000000296, TOL);
    assertClose(f.pValue, 0.5272924240430408, TOL);
  });

  it('independent numbers: Welch t (2 groups) and Kruskal–Wallis (3) as SciPy', () => {
    // ttest_ind(a, b, equal_var=False) -> 0.8880472361778847, p 0.3800430542598827, df 38.40858871657865
    let f = axis(numeric, 'indep2');
    assert.equal(f.test, 'welch-t');
    assertClose(f.statistic, 0.8880472361778847, TOL);
    assertClose(f.pValue, 0.3800430542598827, TOL);
    assertClose(f.df ?? NaN, 38.40858871657865, TOL);
    // kruskal(*groups) -> 10.76043693463049, p 0.0046068153814595595
    f = axis(numeric, 'indep3');
    assert.equal(f.test, 'kruskal-wallis');
    assertClose(f.statistic, 10.76043693463049, TOL);
    assertClose(f.pValue, 0.0046068153814595595, TOL);
  });

  it('stratified numbers: the within-block permutation test, statistic exact and p within Monte Carlo error', () => {
    // Exact enumeration of the 6^3 = 216 within-block relabelings: statistic 190.71086717971366, p = 2/216.
    const f = axis(numeric, 'strat2');
    assert.equal(f.design, 'stratified');
    assert.equal(f.test, 'permutation');
    assertClose(f.statistic, 190.71086717971366, TOL);
    // 9,999 resamples: the Monte Carlo SE of p ≈ √(p(1 − p)/9999) ≈ 0.00096; allow 4 SE.
    assert.ok(Math.abs(f.pValue - 2 / 216) < 4 * 0.00096, `permutation p ${f.pValue}`);
  });

  it('writes the same files as run, with effect sizes, margins, power and no NaN anywhere', () => {
    for (const f of ['results.json', 'report.html', 'report.md', 'junit.xml']) assert.ok(existsSync(join(tmp, 'binary', f)), f);
    for (const r of [binary, numeric]) {
      assertNoNullNumbers(r);
      for (const f of r.findings) {
        assert.ok(['pass', 'fail', 'inconclusive'].includes(f.verdict));
        assert.ok(f.pairwise.every((p) => p.effectSizes.length >= 3), 'every pair has its effect sizes');
        assert.ok(f.power.minDetectableGap > 0);
      }
    }
    assert.equal(binary.manifest.model.spec, 'demo-model');
    assert.ok(binary.findings.every((f) => f.effectSizes.some((e) => e.measure === 'cramers-v')));
    assert.ok(numeric.findings.every((f) => f.pairwise.every((p) => p.effectSizes.some((e) => e.measure === 'hodges-lehmann'))));
  });

  it('the README example file analyses and exits by verdict', async () => {
    const r = await runCli(['analyze', join(ROOT, 'examples', 'outcomes.csv'), '--out', join(tmp, 'example')]);
    assert.ok([0, 1, 4].includes(r.code), r.stderr);
    assert.match(r.stdout, /^(PASS|FAIL|INCONCLUSIVE): outcomes on /);
    const res = results(join(tmp, 'example'));
    assert.equal(r.code, { pass: 0, fail: 1, inconclusive: 4 }[res.verdict]);
  });

  it('reads JSONL too, and reports every bad row with file:line (exit 2)', async () => {
    const good = join(tmp, 'ok.jsonl');
    const lines: string[] = [];
    for (let b = 0; b < 30; b++) for (const [g, p] of [['x', 0.8], ['y', 0.3]] as const) lines.push(JSON.stringify({ block: `b${b}`, axis: 'a', group: g, outcome: (b * 7 + g.length) % 10 < p * 10 ? 'yes' : 'no' }));
    writeFileSync(good, `${lines.join('\n')}\n`);
    const ok = await runCli(['analyze', good, '--out', join(tmp, 'jsonl')]);
    assert.ok([0, 1, 4].includes(ok.code), ok.stderr);
    assert.equal(results(join(tmp, 'jsonl')).findings[0]?.test, 'mcnemar-exact');

    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, ['block,axis,group,outcome,sample', 'b1,race,A,1,0', 'b1,race,,1,0', 'b2,race,B,maybe,0', 'b2,race,A,1,x', 'b3,race,A,1,0', 'b3,race,A,0,0'].join('\n'));
    const r = await runCli(['analyze', bad, '--out', join(tmp, 'bad')]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /bad\.csv:3: group: expected a non-empty group, got an empty value/);
    assert.match(r.stderr, /bad\.csv:5: sample: expected a whole number of at least 0, got "x"/);
    assert.match(r.stderr, /bad\.csv:7: sample: expected one row per axis, block, group and sample \(line 6 has the same\)/);
    assert.ok(!existsSync(join(tmp, 'bad', 'results.json')));

    const mixed = join(tmp, 'mixed.csv');
    writeFileSync(mixed, ['block,axis,group,outcome', 'b1,race,A,1', 'b1,race,B,maybe'].join('\n'));
    const m = await runCli(['analyze', mixed, '--out', join(tmp, 'mixed')]);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /mixed\.csv:3: outcome: expected a number/);

    const header = join(tmp, 'header.csv');
    writeFileSync(header, 'block,axis,grp,outcome\nb1,race,A,1\n');
    const h = await runCli(['analyze', header]);
    assert.equal(h.code, 2);
    assert.match(h.stderr, /header\.csv:1: expected the columns block, axis, group and outcome .*missing group/);
  });

  it('asks for --model when the file holds several models', async () => {
    const two = join(tmp, 'two.csv');
    writeFileSync(two, ['block,axis,group,outcome,model', 'b1,race,A,1,m1', 'b1,race,B,0,m1', 'b1,race,A,1,m2', 'b1,race,B,1,m2'].join('\n'));
    const r = await runCli(['analyze', two, '--out', join(tmp, 'two')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds outcomes of 2 models \(m1, m2\): choose one with --model/);
    const one = await runCli(['analyze', two, '--model', 'm2', '--out', join(tmp, 'two')]);
    assert.equal(one.code, 4, 'two rows are far too few: inconclusive');
    assert.equal(results(join(tmp, 'two')).manifest.model.spec, 'm2');
  });
});
