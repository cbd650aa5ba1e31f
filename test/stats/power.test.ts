import assert from 'node:assert/strict';
import {
  chiSquareCritical,
  chiSquarePower,
  noncentralChiSquareCdf,
  noncentralChiSquareUpperTail,
  noncentralityForPower,
  studentizedRangeCdf,
} from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface PowerFixture {
  cases: {
    ncx2: { x: number; df: number; ncp: number; cdf: number; sf: number }[];
    critical: { alpha: number; df: number; critical: number }[];
    power: { df: number; alpha: number; ncp: number; power: number }[];
    ncpForPower: { df: number; alpha: number; power: number; ncp: number }[];
    studentizedRange: { q: number; k: number; cdf: number }[];
  };
}
interface RFixture {
  cases: { ptukey: { q: number; k: number; cdf: number }[] };
}

// python3 test/fixtures/scipy/power.py (SciPy 1.17.1: ncx2, chi2.isf, studentized_range with df = inf, brentq)
const { cases } = readFixture<PowerFixture>('scipy/power.json');
// Rscript test/fixtures/r/effect_sizes.R (R 4.2.2: ptukey(q, k, Inf))
const r = readFixture<RFixture>('r/effect_sizes.json').cases;

describe('noncentral chi-square', () => {
  it('matches SciPy ncx2.cdf and ncx2.sf, tails included (5e-28 stays 5e-28)', () => {
    // Boost (SciPy) and our Poisson mixture sum the same series in different orders: 1e-12 relative.
    for (const c of cases.ncx2) {
      assertClose(noncentralChiSquareCdf(c.x, c.df, c.ncp), c.cdf, 1e-12, `cdf(${c.x}, ${c.df}, ${c.ncp})`);
      assertClose(noncentralChiSquareUpperTail(c.x, c.df, c.ncp), c.sf, 1e-12, `sf(${c.x}, ${c.df}, ${c.ncp})`);
    }
  });

  it('is the central chi-square at ncp 0, and refuses a negative ncp', () => {
    // python -c "from scipy.stats import chi2; print(repr(chi2.sf(30, 7)))"  (SciPy 1.17)
    assertClose(noncentralChiSquareUpperTail(30, 7, 0), 9.495972508134177e-05, 1e-12);
    assert.throws(() => noncentralChiSquareCdf(1, 1, -1), /ncp must be a non-negative/);
    assert.equal(noncentralChiSquareCdf(0, 3, 2), 0);
    assert.equal(noncentralChiSquareUpperTail(-1, 3, 2), 1);
  });
});

describe('chi-square power', () => {
  it('critical values match SciPy chi2.isf', () => {
    // stdlib's quantile is accurate to ~1e-13 relative in these ranges.
    for (const c of cases.critical) assertClose(chiSquareCritical(c.alpha, c.df), c.critical, 1e-11, `isf(${c.alpha}, ${c.df})`);
  });

  it('power at a given noncentrality matches SciPy, and the noncentrality for a power inverts it', () => {
    for (const c of cases.power) assertClose(chiSquarePower(c.ncp, c.df, c.alpha), c.power, 1e-10, `power df ${c.df}`);
    // Both sides solve to ~1e-13; the power curve's slope turns that into ~1e-10 on the ncp.
    for (const c of cases.ncpForPower) assertClose(noncentralityForPower(c.df, c.alpha, c.power), c.ncp, 1e-9, `ncp df ${c.df}`);
  });

  it('the noncentrality for 80% power at df 1 is (z_0.975 + z_0.8)²', () => {
    // python -c "from scipy.stats import norm; print(repr((norm.ppf(0.975)+norm.ppf(0.8))**2))"
    // The exact ncp is smaller by the far tail P(Z < −z_0.975 − δ) ≈ 3e-7 that the formula ignores: 1e-5.
    assertClose(noncentralityForPower(1, 0.05, 0.8), 7.848879734349088, 1e-5);
  });
});

describe('studentizedRangeCdf (df = ∞)', () => {
  it('matches SciPy studentized_range.cdf(q, k, inf)', () => {
    // 72 panels of 16-point Gauss–Legendre integrate the smooth integrand to ~1e-13.
    for (const c of cases.studentizedRange) assertClose(studentizedRangeCdf(c.q, c.k), c.cdf, 1e-11, `q ${c.q}, k ${c.k}`);
  });

  it('matches R ptukey(q, k, Inf) to its documented accuracy', () => {
    // R's ptukey integrates with a coarser rule, accurate to about 1e-10 absolute (relative error
    // 2e-8 at a cdf of 5e-4), so the comparison is absolute: 1e-9.
    for (const c of r.ptukey) assertClose(studentizedRangeCdf(c.q, c.k), c.cdf, 1e-9, `q ${c.q}, k ${c.k}`, 1);
  });

  it('for two groups is P(|Z1 − Z2| <= q) = 2Φ(q/√2) − 1', () => {
    // python -c "from scipy.stats import norm; print(repr(2*norm.cdf(2.77/2**0.5)-1))"
    assertClose(studentizedRangeCdf(2.77, 2), 0.9498504036797457, 1e-11);
  });
});
