import assert from 'node:assert/strict';
import { wilcoxonSignedRank } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface WsrFixture {
  cases: {
    wilcoxonSignedRank: {
      x: number[]; y: number[]; statistic: number; pValue: number; n: number;
      method: 'exact' | 'asymptotic'; scipyMethod: 'exact' | 'permutation' | 'asymptotic';
    }[];
  };
}

// python3 test/fixtures/scipy/rank_tests.py (SciPy 1.17.1, wilcoxon(x, y), method='auto')
const { cases } = readFixture<WsrFixture>('scipy/rank_tests.json');

describe('wilcoxonSignedRank', () => {
  it("matches scipy.stats.wilcoxon(x, y) and its method='auto' choice", () => {
    // Exact and permutation p-values are ratios of integer counts on both sides (~1e-16);
    // asymptotic ones go through the same z and Φ, down to p ~ 1e-34: 1e-12.
    const seen = new Set<string>();
    for (const c of cases.wilcoxonSignedRank) {
      const got = wilcoxonSignedRank(c.x, c.y);
      const label = `m=${c.x.length} ${c.scipyMethod}`;
      seen.add(c.scipyMethod);
      assert.equal(got.method, c.method, label);
      assert.equal(got.n, c.n, `${label} n`);
      assertClose(got.statistic, c.statistic, 1e-15, `${label} statistic`, 1);
      assertClose(got.pValue, c.pValue, 1e-12, `${label} p`);
    }
    // SciPy's three branches (the permutation branch is reported as 'exact') are all covered.
    assert.deepEqual([...seen].sort(), ['asymptotic', 'exact', 'permutation']);
  });

  it('gives the same result with x and y swapped', () => {
    for (const c of cases.wilcoxonSignedRank) {
      const xy = wilcoxonSignedRank(c.x, c.y);
      const yx = wilcoxonSignedRank(c.y, c.x);
      assert.equal(yx.statistic, xy.statistic);
      assertClose(yx.pValue, xy.pValue, 1e-15);
      assert.ok(xy.pValue >= 0 && xy.pValue <= 1);
    }
  });

  it('gives 2^-49 when all 50 differences are positive', () => {
    const x = Array.from({ length: 50 }, (_, i) => i + 1);
    assert.equal(wilcoxonSignedRank(x, new Array<number>(50).fill(0)).pValue, 2 ** -49);
  });

  it('drops zero differences; all zero gives statistic 0, p 1, n 0', () => {
    assert.deepEqual(wilcoxonSignedRank([1, 2, 3], [1, 2, 3]), { statistic: 0, pValue: 1, n: 0, method: 'exact' });
    assert.equal(wilcoxonSignedRank([1, 2, 3, 9], [1, 2, 3, 4]).n, 1);
  });

  it('rejects samples of different lengths', () => {
    assert.throws(() => wilcoxonSignedRank([1, 2], [1]), { name: 'RangeError', message: /y.*length 1/ });
    assert.throws(() => wilcoxonSignedRank([], []), { name: 'RangeError', message: /x.*\[\]/ });
  });
});
