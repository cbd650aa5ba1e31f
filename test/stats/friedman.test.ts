import assert from 'node:assert/strict';
import { friedman } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface FriedmanFixture {
  cases: { friedman: { data: number[][]; statistic: number; pValue: number; df: number }[] };
}

// python3 test/fixtures/scipy/rank_tests.py (SciPy 1.17.1, friedmanchisquare(*columns))
const { cases } = readFixture<FriedmanFixture>('scipy/rank_tests.json');

describe('friedman', () => {
  it('matches scipy.stats.friedmanchisquare for k = 3..5, with ties and a constant block', () => {
    // SciPy's 12/(nk(k+1))·ΣR² − 3n(k+1) cancels (its 1.5000000000000036 is 1.5 exactly):
    // absolute error ~1e-14·3n(k+1), so the statistic is compared to 1e-12 relative with a floor
    // of 1; p inherits the statistic's error times χ²/2 (≈ 67 at p ~ 1e-29), hence 1e-10.
    for (const c of cases.friedman) {
      const got = friedman(c.data);
      const label = `${c.data.length} x ${c.data[0]?.length}`;
      assertClose(got.statistic, c.statistic, 1e-12, `${label} statistic`, 1);
      assertClose(got.pValue, c.pValue, 1e-10, `${label} p`);
      assert.equal(got.df, c.df);
    }
  });

  it('does not depend on the order of blocks or groups', () => {
    const data = cases.friedman[3]?.data ?? [];
    const base = friedman(data).statistic;
    assertClose(friedman([...data].reverse()).statistic, base, 1e-13);
    assertClose(friedman(data.map((row) => [...row].reverse())).statistic, base, 1e-13);
  });

  it('gives statistic 0, p 1 when every block is constant (SciPy gives NaN)', () => {
    assert.deepEqual(friedman([[1, 1, 1], [4, 4, 4]]), { statistic: 0, pValue: 1, df: 2 });
  });

  it('refuses k < 3 like SciPy, and ragged data', () => {
    assert.throws(() => friedman([[1, 2], [3, 4]]), { name: 'RangeError', message: /data.*3 column/ });
    assert.throws(() => friedman([[1, 2, 3], [3, 4]]), { name: 'RangeError', message: /data\[1\]/ });
  });
});
