import assert from 'node:assert/strict';
import { cochranQ } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface CochranFixture {
  cases: { cochranQ: { data: number[][]; statistic: number; pValue: number; df: number }[] };
}

// python3 test/fixtures/scipy/cochran_q.py (Cochran 1950 formula in NumPy, p from SciPy 1.17.1
// chi2.sf; the generator also checks k = 2 against McNemar's chi-square)
const { cases } = readFixture<CochranFixture>('scipy/cochran_q.json');

describe('cochranQ', () => {
  it('matches the reference for k = 2 and k >= 3, including p ~ 1e-47', () => {
    // Integer sums on both sides: Q agrees to rounding; chi-square tails agree to ~1e-13 (see
    // tails.test.ts) and Q ≈ 200 multiplies the relative error by ~100, hence 1e-11.
    for (const c of cases.cochranQ) {
      const got = cochranQ(c.data);
      const label = `${c.data.length} x ${c.data[0]?.length}`;
      assertClose(got.statistic, c.statistic, 1e-13, `${label} Q`);
      assertClose(got.pValue, c.pValue, 1e-11, `${label} p`);
      assert.equal(got.df, c.df);
    }
  });

  it("is McNemar's chi-square (b − c)²/(b + c) for k = 2", () => {
    const data = [[1, 0], [1, 0], [0, 1], [1, 0], [1, 1], [0, 0], [1, 0]];
    assertClose(cochranQ(data).statistic, (4 - 1) ** 2 / (4 + 1), 1e-15);
  });

  it('is unchanged by constant rows and by permuting groups', () => {
    const data = [[1, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 1]];
    const base = cochranQ(data);
    assertClose(cochranQ([...data, [1, 1, 1], [0, 0, 0]]).statistic, base.statistic, 1e-15);
    assertClose(cochranQ(data.map(([a, b, c]) => [c as number, a as number, b as number])).statistic, base.statistic, 1e-15);
  });

  it('gives statistic 0, p 1 when every row is constant', () => {
    assert.deepEqual(cochranQ([[1, 1, 1], [0, 0, 0]]), { statistic: 0, pValue: 1, df: 2 });
  });

  it('rejects non-binary entries, ragged rows and fewer than 2 groups', () => {
    assert.throws(() => cochranQ([[1, 2], [0, 1]]), { name: 'RangeError', message: /data\[0\]\[1\].*2/ });
    assert.throws(() => cochranQ([[1, 0], [0]]), { name: 'RangeError', message: /data\[1\]/ });
    assert.throws(() => cochranQ([[1], [0]]), { name: 'RangeError', message: /data.*2 column/ });
  });
});
