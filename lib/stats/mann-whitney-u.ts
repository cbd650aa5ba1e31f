import { mannWhitneyCdf } from './mann-whitney-distribution.js';
import { normalUpperTail } from './normal-upper-tail.js';
import { averageRanks, tieSum } from './ranks.js';
import type { TestResult } from './types.js';
import { checkSample } from './validate.js';

/**
 * Mann–Whitney U test, two-sided. statistic = U of `a`, R_a − n_a(n_a + 1)/2 with R_a the sum of
 * a's mid-ranks in the pooled sample. Mann & Whitney (1947), Ann Math Stat 18:50-60.
 * Matches SciPy 1.17 `scipy.stats.mannwhitneyu(a, b)` (method='auto', use_continuity=True;
 * DESIGN.md `mann-whitney-u`):
 * - 'exact' when there are no ties and not both samples have more than 8 values:
 *   p = 2·P(U >= max(U_a, U_b)), capped at 1;
 * - otherwise 'asymptotic': z = (max(U_a, U_b) − n_a n_b/2 − 1/2) / σ with the tie-corrected
 *   σ² = n_a n_b/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))), p = 2·P(Z > z), capped at 1.
 *   All values equal (σ = 0) gives p = 1.
 * @example mannWhitneyU([1, 4, 6, 9], [2, 3, 5, 7, 8, 10]) // { statistic: 10, pValue: 0.76190…, method: 'exact' }
 */
export function mannWhitneyU(a: number[], b: number[]): TestResult & { method: 'exact' | 'asymptotic' } {
  checkSample('a', a, 1);
  checkSample('b', b, 1);
  const n1 = a.length;
  const n2 = b.length;
  const { ranks, tieSizes } = averageRanks([...a, ...b]);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) rankSum += ranks[i] as number;
  const statistic = rankSum - (n1 * (n1 + 1)) / 2;
  const larger = Math.max(statistic, n1 * n2 - statistic);
  const ties = tieSizes.some((t) => t > 1);

  if (!ties && (n1 <= 8 || n2 <= 8)) {
    // P(U >= larger) = P(U <= n1 n2 − larger) by the symmetry of U about n1 n2 / 2.
    const pValue = Math.min(1, 2 * mannWhitneyCdf(n1 * n2 - larger, n1, n2));
    return { statistic, pValue, method: 'exact' };
  }
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum(tieSizes) / (n * (n - 1))));
  if (sigma === 0) return { statistic, pValue: 1, method: 'asymptotic' };
  const z = (larger - (n1 * n2) / 2 - 0.5) / sigma;
  return { statistic, pValue: Math.min(1, 2 * normalUpperTail(z)), method: 'asymptotic' };
}
