import assert from 'node:assert/strict';
import { kruskalWallis, mannWhitneyU } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface KwFixture {
  cases: { kruskalWallis: { groups: number[][]; statistic: number; pValue: number; df: number }[] };
}

// python3 test/fixtures/scipy/rank_tests.py (SciPy 1.17.1, kruskal(*groups))
const { cases } = readFixture<KwFixture>('scipy/rank_tests.json');

describe('kruskalWallis', () => {
  it('matches scipy.stats.kruskal for k = 2 and k >= 3, with ties, down to p ~ 1e-55', () => {
    // SciPy evaluates 12/(N(N+1))·ΣR²/n − 3(N+1), which cancels: its H carries absolute error
    // ~1e-14·3(N+1) (≈ 7e-15 relative at H = 0.27 with N = 10). 1e-12 covers that; p inherits
    // it times H/2 ≈ 130 in the far tail, hence 1e-10.
    for (const c of cases.kruskalWallis) {
      const got = kruskalWallis(c.groups);
      const label = c.groups.map((g) => g.length).join('/');
      assertClose(got.statistic, c.statistic, 1e-12, `${label} H`);
      assertClose(got.pValue, c.pValue, 1e-10, `${label} p`);
      assert.equal(got.df, c.df);
    }
  });

  it('does not depend on the order of the groups', () => {
    const groups = cases.kruskalWallis[3]?.groups ?? [];
    assertClose(kruskalWallis([...groups].reverse()).statistic, kruskalWallis(groups).statistic, 1e-13);
  });

  it('equals z² of the Mann–Whitney normal approximation for two groups without ties', () => {
    const a = [1.1, 2.3, 0.4, 5.5, 3.2, 8.1, 7.7, 4.9, 0.2];
    const b = [6.3, 9.9, 10.5, 2.9, 12.1, 11.4, 6.6, 13.2, 14.8, 9.1];
    const { statistic: u } = mannWhitneyU(a, b);
    const n1 = a.length;
    const n2 = b.length;
    const z = (u - (n1 * n2) / 2) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
    assertClose(kruskalWallis([a, b]).statistic, z * z, 1e-13);
  });

  it('gives statistic 0, p 1 when all values are equal (SciPy gives NaN)', () => {
    assert.deepEqual(kruskalWallis([[2, 2], [2], [2, 2, 2]]), { statistic: 0, pValue: 1, df: 2 });
  });

  it('rejects fewer than two groups and empty groups', () => {
    assert.throws(() => kruskalWallis([[1, 2]]), { name: 'RangeError', message: /groups.*\[\[1,2\]\]/ });
    assert.throws(() => kruskalWallis([[1, 2], []]), { name: 'RangeError', message: /groups\[1\].*\[\]/ });
  });
});
