import assert from 'node:assert/strict';
import { fiellerInterval, newcombeDifference, newcombeTest, ratioTest, riskRatio, riskRatioTest, type RatioOfMeans } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface Fixture {
  cases: {
    riskRatio: { x1: number; n1: number; x2: number; n2: number; confidence: number; ratio: number; lower: number; upper: number }[];
    newcombeTest: { x1: number; n1: number; x2: number; n2: number; margin: number; alternative: 'greater' | 'less'; difference: number; pValue: number }[];
    ratio: {
      kind: 'independent' | 'paired';
      x: number[];
      y: number[];
      tests: { theta: number; alternative: 'greater' | 'less'; statistic: number; df: number; pValue: number }[];
      fieller90: { lower: number; upper: number };
    }[];
  };
}

// python3 test/fixtures/scipy/effect_sizes.py (SciPy 1.17.1)
const { cases } = readFixture<Fixture>('scipy/effect_sizes.json');

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const cov = (a: number[], b: number[]) => {
  const ma = mean(a);
  const mb = mean(b);
  return a.reduce((s, x, i) => s + (x - ma) * ((b[i] as number) - mb), 0) / (a.length - 1);
};

/** The variance pieces of x̄ − θȳ, as the detectors build them for the two designs. */
function ratioOf(kind: 'independent' | 'paired', x: number[], y: number[]): RatioOfMeans {
  if (kind === 'independent') {
    return { numerator: mean(x), denominator: mean(y), pieces: [{ a: cov(x, x) / x.length, b: 0, c: 0, df: x.length - 1 }, { a: 0, b: 0, c: cov(y, y) / y.length, df: y.length - 1 }] };
  }
  const n = x.length;
  return { numerator: mean(x), denominator: mean(y), pieces: [{ a: cov(x, x) / n, b: (-2 * cov(x, y)) / n, c: cov(y, y) / n, df: n - 1 }] };
}

describe('riskRatio (Katz log interval)', () => {
  it('matches SciPy relative_risk(...).confidence_interval', () => {
    for (const c of cases.riskRatio) {
      const r = riskRatio(c.x1, c.n1, c.x2, c.n2, c.confidence);
      assertClose(r.ratio, c.ratio, 1e-14, 'ratio');
      assertClose(r.lower, c.lower, 1e-12, `${c.x1}/${c.n1} vs ${c.x2}/${c.n2} lower`);
      assertClose(r.upper, c.upper, 1e-12, `${c.x1}/${c.n1} vs ${c.x2}/${c.n2} upper`);
      assert.equal(r.corrected, false);
    }
  });

  it('uses the Haldane–Anscombe counts when a count is 0 (SciPy gives no bound)', () => {
    // Counts 0.5/51 and 20.5/61: log r = log(0.5/51) − log(20.5/61), se = √(1/0.5 − 1/51 + 1/20.5 − 1/61).
    const r = riskRatio(0, 50, 20, 60, 0.9);
    assert.equal(r.ratio, 0);
    assert.equal(r.corrected, true);
    const logR = Math.log(0.5 / 51) - Math.log(20.5 / 61);
    const se = Math.sqrt(1 / 0.5 - 1 / 51 + 1 / 20.5 - 1 / 61);
    // python -c "from scipy.stats import norm; print(repr(norm.ppf(0.95)))" -> 1.6448536269514722
    assertClose(r.upper, Math.exp(logR + 1.6448536269514722 * se), 1e-13);
    assert.ok(Number.isFinite(r.lower) && r.lower > 0);
  });

  it('tests the ratio against a bound consistently with the interval', () => {
    // p < α exactly when the bound is outside the 1 − 2α interval on the alternative's side.
    for (const c of cases.riskRatio) {
      const ci = riskRatio(c.x1, c.n1, c.x2, c.n2, c.confidence);
      const alpha = (1 - c.confidence) / 2;
      assertClose(riskRatioTest(c.x1, c.n1, c.x2, c.n2, { bound: ci.lower, alternative: 'greater' }).pValue, alpha, 1e-9, 'at the lower bound');
      assertClose(riskRatioTest(c.x1, c.n1, c.x2, c.n2, { bound: ci.upper, alternative: 'less' }).pValue, alpha, 1e-9, 'at the upper bound');
    }
    assert.equal(riskRatioTest(20, 20, 30, 30, { bound: 0.8, alternative: 'greater' }).pValue, 0, 'both all-favourable: the ratio is exactly 1');
  });
});

describe('newcombeTest (Newcombe interval inverted)', () => {
  it('matches the level at which SciPy’s Wilson-based Newcombe bound meets the margin', () => {
    // The reference solves for the level with brentq (rtol 1e-14) through SciPy's Wilson intervals.
    for (const c of cases.newcombeTest) {
      const got = newcombeTest(c.x1, c.n1, c.x2, c.n2, { margin: c.margin, alternative: c.alternative });
      assertClose(got.difference, c.difference, 1e-14);
      assertClose(got.pValue, c.pValue, 1e-9, `${c.x1}/${c.n1} vs ${c.x2}/${c.n2} ${c.alternative} ${c.margin}`);
    }
  });

  it('gives p and 1 − p for the two alternatives, and p = α exactly at the 1 − 2α bound', () => {
    const ci = newcombeDifference(300, 400, 250, 410, 0.9);
    assertClose(newcombeTest(300, 400, 250, 410, { margin: ci.lower, alternative: 'greater' }).pValue, 0.05, 1e-10);
    assertClose(newcombeTest(300, 400, 250, 410, { margin: ci.upper, alternative: 'less' }).pValue, 0.05, 1e-10);
    const g = newcombeTest(300, 400, 250, 410, { margin: 0.1, alternative: 'greater' }).pValue;
    const l = newcombeTest(300, 400, 250, 410, { margin: 0.1, alternative: 'less' }).pValue;
    assertClose(g + l, 1, 1e-12);
  });

  it('reports a far tail as a tiny number, not 0', () => {
    const p = newcombeTest(1000, 1000, 0, 1000, { margin: 0.1, alternative: 'greater' }).pValue;
    assert.ok(p > 0 && p < 1e-100, `p = ${p}`);
  });
});

describe('ratioTest and fiellerInterval (ratio of means)', () => {
  it('equal SciPy ttest_ind(x, θy, equal_var=False) and ttest_1samp(x − θy) for every θ and side', () => {
    for (const c of cases.ratio) {
      const r = ratioOf(c.kind, c.x, c.y);
      for (const t of c.tests) {
        const got = ratioTest(r, t.theta, t.alternative);
        // The inputs are sample moments recomputed here: 1e-10 covers their rounding.
        assertClose(got.statistic, t.statistic, 1e-10, `${c.kind} θ ${t.theta} t`);
        assertClose(got.df, t.df, 1e-10, `${c.kind} θ ${t.theta} df`);
        assertClose(got.pValue, t.pValue, 1e-9, `${c.kind} θ ${t.theta} ${t.alternative} p`);
      }
    }
  });

  it('Fieller’s 90% interval is where SciPy’s two-sided test has p = 0.1', () => {
    for (const c of cases.ratio) {
      const ci = fiellerInterval(ratioOf(c.kind, c.x, c.y), 0.9);
      assertClose(ci.lower, c.fieller90.lower, 1e-10, `${c.kind} lower`);
      assertClose(ci.upper, c.fieller90.upper, 1e-10, `${c.kind} upper`);
      assert.ok(ci.lower < ci.ratio && ci.ratio < ci.upper);
    }
  });

  it('handles a contrast without variance, and refuses a zero denominator', () => {
    const exact: RatioOfMeans = { numerator: 95, denominator: 100, pieces: [{ a: 0, b: 0, c: 0, df: 5 }] };
    assert.equal(ratioTest(exact, 0.9, 'greater').pValue, 0);
    assert.equal(ratioTest(exact, 0.9, 'less').pValue, 1);
    assert.throws(() => ratioTest({ ...exact, denominator: 0 }, 0.9, 'greater'), /denominator must be a finite non-zero number/);
  });
});
