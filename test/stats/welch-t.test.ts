import assert from 'node:assert/strict';
import { welchT } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface WelchFixture {
  cases: {
    welchT: {
      a: number[]; b: number[]; statistic: number; pValue: number; df: number;
      exact: { statistic: number; pValue: number; df: number };
      illConditioned: boolean;
    }[];
  };
}

// python3 test/fixtures/scipy/welch_t.py (SciPy 1.17.1, ttest_ind(a, b, equal_var=False))
const { cases } = readFixture<WelchFixture>('scipy/welch_t.json');

describe('welchT', () => {
  it('matches scipy.stats.ttest_ind(a, b, equal_var=False), including p ~ 1e-46', () => {
    // Sums in a different order from NumPy's pairwise sums: t and df agree to ~1e-15 relative;
    // the far tail multiplies t's relative error by ~t² (≈ 270 at p ~ 1e-46), hence 1e-12 for p.
    for (const c of cases.welchT.filter((w) => !w.illConditioned)) {
      const got = welchT(c.a, c.b);
      const label = `n=${c.a.length},${c.b.length}`;
      assertClose(got.statistic, c.statistic, 1e-13, `${label} t`);
      assertClose(got.df ?? NaN, c.df, 1e-13, `${label} df`);
      assertClose(got.pValue, c.pValue, 1e-12, `${label} p`);
    }
  });

  it('stays accurate when the values share a large offset (1e6 + N(0, 0.01))', () => {
    // Here SciPy's own t is off by 1.3e-8, so the reference is t and df in exact rational
    // arithmetic (Fractions in the generator). Any method that rounds the two means to doubles
    // near 1e6 (ulp 1.2e-10) against a difference of 1e-2 determines t only to ~1e-8; ours is
    // 1.4e-9 off, df 2e-16.
    const ill = cases.welchT.filter((w) => w.illConditioned);
    assert.ok(ill.length > 0);
    for (const c of ill) {
      const got = welchT(c.a, c.b);
      assertClose(got.statistic, c.exact.statistic, 1e-8, 't');
      assertClose(got.df ?? NaN, c.exact.df, 1e-8, 'df');
      assertClose(got.pValue, c.exact.pValue, 1e-7, 'p');
    }
  });

  it('flips the sign of t and keeps p when the groups are swapped', () => {
    const a = [1.2, 3.4, 2.2, 5.1];
    const b = [2.0, 2.5, 7.7, 6.1, 4.4];
    const ab = welchT(a, b);
    const ba = welchT(b, a);
    assertClose(ba.statistic, -ab.statistic, 1e-15);
    assertClose(ba.pValue, ab.pValue, 1e-15);
  });

  it('returns finite answers when both variances are 0 (SciPy gives NaN)', () => {
    assert.deepEqual(welchT([2, 2, 2], [2, 2]), { statistic: 0, pValue: 1, df: 3 });
    assert.deepEqual(welchT([3, 3], [2, 2]), { statistic: Infinity, pValue: 0, df: 2 });
    assert.deepEqual(welchT([1, 1], [2, 2, 2]), { statistic: -Infinity, pValue: 0, df: 3 });
  });

  it('needs two finite values per sample', () => {
    assert.throws(() => welchT([1], [1, 2]), { name: 'RangeError', message: /a.*\[1\]/ });
    assert.throws(() => welchT([1, 2], [1, Infinity]), { name: 'RangeError', message: /b\[1\].*Infinity/ });
  });
});
