import assert from 'node:assert/strict';
import { mannWhitneyU } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface MwuFixture {
  cases: {
    mannWhitneyU: { a: number[]; b: number[]; statistic: number; pValue: number; method: 'exact' | 'asymptotic' }[];
  };
}

// python3 test/fixtures/scipy/rank_tests.py (SciPy 1.17.1, mannwhitneyu(a, b), method='auto')
const { cases } = readFixture<MwuFixture>('scipy/rank_tests.json');

describe('mannWhitneyU', () => {
  it("matches scipy.stats.mannwhitneyu(a, b) and its method='auto' choice", () => {
    // Exact: SciPy and we both count arrangements (integers) and divide once: agreement to
    // ~1e-15. Asymptotic: the same z through Φ, with tails down to 1e-22: 1e-12.
    for (const c of cases.mannWhitneyU) {
      const got = mannWhitneyU(c.a, c.b);
      const label = `n=${c.a.length},${c.b.length} ${c.method}`;
      assert.equal(got.method, c.method, label);
      assertClose(got.statistic, c.statistic, 1e-15, `${label} U`, 1);
      assertClose(got.pValue, c.pValue, 1e-12, `${label} p`);
    }
  });

  it('gives U_b = n_a·n_b − U_a and the same p when the samples are swapped', () => {
    for (const c of cases.mannWhitneyU) {
      const ab = mannWhitneyU(c.a, c.b);
      const ba = mannWhitneyU(c.b, c.a);
      assertClose(ba.statistic, c.a.length * c.b.length - ab.statistic, 1e-15, 'U', 1);
      assertClose(ba.pValue, ab.pValue, 1e-15, 'p');
      assert.ok(ab.pValue >= 0 && ab.pValue <= 1);
    }
  });

  it('computes an exact tail of 2/C(308, 8) without losing it', () => {
    const a = [-10, -9.5, -9, -8.5, -8, -7.5, -7, -6.5];
    const b = Array.from({ length: 300 }, (_, i) => i / 10);
    // python3 -c "import math; print(math.comb(308, 8))" -> 1832649805164486. Only the two complete
    // separations are at least this extreme.
    assertClose(mannWhitneyU(a, b).pValue, 2 / 1832649805164486, 1e-14);
  });

  it('gives p 1 when all values are equal', () => {
    assert.deepEqual(mannWhitneyU([3, 3], [3, 3, 3]), { statistic: 3, pValue: 1, method: 'asymptotic' });
  });

  it('rejects empty samples and non-finite values', () => {
    assert.throws(() => mannWhitneyU([], [1]), { name: 'RangeError', message: /a.*\[\]/ });
    assert.throws(() => mannWhitneyU([1], [NaN]), { name: 'RangeError', message: /b\[0\].*NaN/ });
  });
});
