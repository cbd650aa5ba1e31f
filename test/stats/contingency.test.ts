import assert from 'node:assert/strict';
import {
  chiSquareIndependence,
  cohenH,
  cramersV,
  fisherExact,
  mcnemarExact,
} from '../../lib/stats/index.js';
import { assertClose, readFixture, type FixtureNumber } from '../helpers/assert-close.js';

interface ContingencyFixture {
  cases: {
    chiSquareIndependence: {
      table: number[][]; statistic: number; pValue: number; df: number; expected: number[][]; cramersV: number;
    }[];
    fisherExact: { table: [[number, number], [number, number]]; pValue: number; oddsRatio: FixtureNumber }[];
    mcnemarExact: { b: number; c: number; statistic: number; pValue: number; binomtestPValue: number }[];
    cohenH: { p1: number; p2: number; expected: number }[];
  };
}

// python3 test/fixtures/scipy/contingency.py (SciPy 1.17.1)
const { cases } = readFixture<ContingencyFixture>('scipy/contingency.json');

describe('chiSquareIndependence', () => {
  it('matches scipy.stats.chi2_contingency(table, correction=False), empty rows/columns dropped', () => {
    // Sums of O(1) terms in a different order from NumPy: the statistic agrees to ~1e-15
    // relative; the p-value carries that through chi2.sf (relative error ≈ X²/2 · 1e-15 in the far
    // tail, ~1e-13 for X² ≈ 1000), hence 1e-11.
    for (const c of cases.chiSquareIndependence) {
      const got = chiSquareIndependence(c.table);
      const label = JSON.stringify(c.table);
      assertClose(got.statistic, c.statistic, 1e-12, `${label} statistic`);
      assertClose(got.pValue, c.pValue, 1e-11, `${label} p`);
      assert.equal(got.df, c.df, `${label} df`);
      got.expected.forEach((row, i) =>
        row.forEach((e, j) => assertClose(e, (c.expected[i] as number[])[j] as number, 1e-14, `${label} E[${i}][${j}]`)),
      );
    }
  });

  it('gives p ~ 1e-219 for a huge effect, not 0', () => {
    const got = chiSquareIndependence([[500, 0], [0, 500]]);
    assert.ok(got.pValue > 0 && got.pValue < 1e-200);
  });

  it('has nothing to test with fewer than two non-empty rows or columns', () => {
    assert.deepEqual(chiSquareIndependence([[3, 4], [0, 0]]), {
      statistic: 0, pValue: 1, df: 0, expected: [[3, 4], [0, 0]],
    });
    assert.equal(chiSquareIndependence([[0, 0], [0, 0]]).pValue, 1);
  });

  it('is invariant under transposing the table', () => {
    const t = [[12, 5, 9], [7, 11, 30]];
    const transposed = [[12, 7], [5, 11], [9, 30]];
    assertClose(chiSquareIndependence(transposed).statistic, chiSquareIndependence(t).statistic, 1e-14);
  });

  it('rejects ragged tables and negative counts', () => {
    assert.throws(() => chiSquareIndependence([[1, 2], [3]]), { name: 'RangeError', message: /table\[1\].*\[3\]/ });
    assert.throws(() => chiSquareIndependence([[1, -2], [3, 4]]), { name: 'RangeError', message: /table\[0\]\[1\].*-2/ });
    assert.throws(() => chiSquareIndependence([]), { name: 'RangeError', message: /table.*\[\]/ });
  });
});

describe('cramersV', () => {
  it("matches scipy.stats.contingency.association(table, method='cramer')", () => {
    for (const c of cases.chiSquareIndependence) {
      assertClose(cramersV(c.table), c.cramersV, 1e-12, JSON.stringify(c.table));
    }
  });

  it('is 0 without two non-empty rows and columns', () => {
    assert.equal(cramersV([[5, 5], [0, 0]]), 0);
  });
});

describe('fisherExact', () => {
  it('matches scipy.stats.fisher_exact (two-sided p, sample odds ratio)', () => {
    // SciPy sums Boost's hypergeometric cdf/sf; ours sums the pmf built by ratios from the mode.
    // Both are accurate to ~1e-14 relative, including p ~ 1e-59, hence 1e-12.
    for (const c of cases.fisherExact) {
      const got = fisherExact(c.table);
      const label = JSON.stringify(c.table);
      assertClose(got.pValue, c.pValue, 1e-12, `${label} p`);
      assertClose(got.oddsRatio, c.oddsRatio, 1e-15, `${label} odds ratio`);
    }
  });

  it('quoted reference', () => {
    // python -c "from scipy.stats import fisher_exact; print(repr(fisher_exact([[3,7],[9,1]]).pvalue))"  (SciPy 1.17.1)
    assertClose(fisherExact([[3, 7], [9, 1]]).pValue, 0.019766611097880443, 1e-12);
  });

  it('is symmetric under swapping rows, columns, and transposing', () => {
    const p = fisherExact([[3, 9], [7, 1]]).pValue;
    assertClose(fisherExact([[7, 1], [3, 9]]).pValue, p, 1e-13);
    assertClose(fisherExact([[9, 3], [1, 7]]).pValue, p, 1e-13);
    assertClose(fisherExact([[3, 7], [9, 1]]).pValue, p, 1e-13);
  });

  it('rejects tables that are not 2 x 2 counts', () => {
    const bad = [[1, 2, 3], [4, 5, 6]] as unknown as [[number, number], [number, number]];
    assert.throws(() => fisherExact(bad), { name: 'RangeError', message: /table.*2 x 2/ });
    assert.throws(() => fisherExact([[1, 0.5], [2, 3]]), { name: 'RangeError', message: /table\[0\]\[1\].*0\.5/ });
  });
});

describe('mcnemarExact', () => {
  it('matches min(1, 2 * scipy.stats.binom.cdf(min(b, c), b + c, 1/2)) and binomtest', () => {
    for (const c of cases.mcnemarExact) {
      const got = mcnemarExact(c.b, c.c);
      assert.equal(got.statistic, c.statistic);
      assertClose(got.pValue, c.pValue, 1e-12, `b=${c.b} c=${c.c}`);
      assertClose(got.pValue, c.binomtestPValue, 1e-12, `b=${c.b} c=${c.c} (binomtest)`);
    }
  });

  it('gives 2^-99 for 0 vs 100 discordant pairs', () => {
    assert.equal(mcnemarExact(0, 100).pValue, 2 ** -99);
  });

  it('is symmetric in b and c and has p 1 without discordant pairs', () => {
    assert.deepEqual(mcnemarExact(3, 11), mcnemarExact(11, 3));
    assert.deepEqual(mcnemarExact(0, 0), { statistic: 0, pValue: 1 });
  });

  it('rejects negative or fractional counts', () => {
    assert.throws(() => mcnemarExact(-1, 3), { name: 'RangeError', message: /b.*-1/ });
    assert.throws(() => mcnemarExact(1, 2.5), { name: 'RangeError', message: /c.*2\.5/ });
  });
});

describe('cohenH', () => {
  it('matches 2·arcsin(√p1) − 2·arcsin(√p2) (NumPy)', () => {
    for (const c of cases.cohenH) assertClose(cohenH(c.p1, c.p2), c.expected, 1e-14, `${c.p1} vs ${c.p2}`, 1);
  });

  it('rejects values outside [0, 1]', () => {
    assert.throws(() => cohenH(1.2, 0.5), { name: 'RangeError', message: /p1.*1\.2/ });
  });
});
