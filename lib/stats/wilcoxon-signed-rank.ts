import { normalUpperTail } from './normal-upper-tail.js';
import { averageRanks, tieSum } from './ranks.js';
import { subsetSumCounts, twoSidedFromCounts } from './signed-rank-distribution.js';
import type { TestResult } from './types.js';
import { checkSample } from './validate.js';

/**
 * Wilcoxon signed-rank test on the paired differences d = x − y, two-sided, zero differences
 * dropped (Wilcoxon 1945, Biometrics Bulletin 1:80-83; DESIGN.md `wilcoxon-signed-rank`).
 * The |d| ≠ 0 are mid-ranked; W+ and W− are the rank sums of the positive and negative
 * differences; statistic = min(W+, W−) and n = the number of non-zero differences.
 * Matches SciPy 1.17 `scipy.stats.wilcoxon(x, y)` (zero_method='wilcox', correction=False,
 * method='auto'), whose choice depends on the number of pairs m including zero differences:
 * - m <= 50, no ties and no zeros: 'exact', p = 2·min(P(W+ <= w), P(W+ >= w)) from the exact law;
 * - m <= 13 with ties or zeros: SciPy runs a permutation test that enumerates all 2^m sign flips,
 *   which is exact for the conditional (tied) law; it is computed here by the same enumeration
 *   of the mid-rank sums and reported as 'exact';
 * - otherwise 'asymptotic': z = (W+ − n(n + 1)/4) / σ, σ² = (n(n + 1)(2n + 1) − Σ(t³ − t)/2)/24,
 *   p = 2·P(Z > |z|) (SciPy's default correction=False: no continuity correction).
 * All differences zero: { statistic: 0, pValue: 1, n: 0, method: 'exact' } (SciPy gives NaN).
 * @example wilcoxonSignedRank([5, 7, 8, 4, 9], [3, 4, 4, 5, 1]) // { statistic: 1, pValue: 0.125, n: 5, method: 'exact' }
 */
export function wilcoxonSignedRank(
  x: number[],
  y: number[],
): TestResult & { method: 'exact' | 'asymptotic'; n: number } {
  checkSample('x', x, 1);
  checkSample('y', y, 1);
  if (x.length !== y.length) {
    throw new RangeError(`y must have the same length as x (${x.length}), got length ${y.length}`);
  }
  const pairs = x.length;
  const differences = x.map((xi, i) => xi - (y[i] as number)).filter((d) => d !== 0);
  const n = differences.length;
  if (n === 0) return { statistic: 0, pValue: 1, n: 0, method: 'exact' };
  const { ranks, tieSizes } = averageRanks(differences.map(Math.abs));
  let plus = 0;
  let minus = 0;
  differences.forEach((d, i) => {
    if (d > 0) plus += ranks[i] as number;
    else minus += ranks[i] as number;
  });
  const statistic = Math.min(plus, minus);
  const ties = tieSizes.some((t) => t > 1);
  const zeros = n < pairs;

  if (pairs <= 50 && !ties && !zeros) {
    const pValue = twoSidedFromCounts(subsetSumCounts(ranks), plus);
    return { statistic, pValue, n, method: 'exact' };
  }
  if (pairs <= 13) {
    // Mid-ranks are multiples of 1/2: doubling them keeps the enumeration in integers.
    const pValue = twoSidedFromCounts(subsetSumCounts(ranks.map((r) => 2 * r)), 2 * plus);
    return { statistic, pValue, n, method: 'exact' };
  }
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieSum(tieSizes) / 2) / 24);
  const z = (plus - (n * (n + 1)) / 4) / sigma;
  return { statistic, pValue: Math.min(1, 2 * normalUpperTail(Math.abs(z))), n, method: 'asymptotic' };
}
