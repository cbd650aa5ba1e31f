import { chiSquareUpperTail } from './chi-square-upper-tail.js';
import { averageRanks, tieSum } from './ranks.js';
import type { TestResult } from './types.js';
import { checkFinite, checkMatrix } from './validate.js';

/**
 * Friedman test for k >= 3 related samples (rows = blocks, columns = groups), with tie
 * correction. Values are ranked within each block; with R_j the rank sum of group j over n blocks,
 * χ²_F = [12/(n k (k + 1)) Σ (R_j − n(k + 1)/2)²] / (1 − Σ(t³ − t)/(n k (k² − 1))), df = k − 1.
 * Friedman (1937), JASA 32:675-701. Matches SciPy `scipy.stats.friedmanchisquare(*columns)` and R
 * `friedman.test(data)` (DESIGN.md `friedman`); like SciPy, k = 2 is refused (use
 * wilcoxonSignedRank for two related samples).
 * A block whose values are all equal is kept (as in SciPy and R): it adds nothing to the rank
 * sums' spread and its ties shrink the correction. If every block is constant the correction is 0
 * and there is no evidence either way: { statistic: 0, pValue: 1, df: k − 1 }.
 * @example friedman([[1, 2, 3], [2, 1, 3], [1, 3, 2], [1, 2, 3]]) // { statistic: 4.5, pValue: 0.10539…, df: 2 }
 */
export function friedman(data: number[][]): TestResult {
  checkMatrix('data', data, 1, 3, checkFinite);
  const n = data.length;
  const k = (data[0] as number[]).length;
  const rankSums = new Array<number>(k).fill(0);
  let ties = 0;
  for (const row of data) {
    const { ranks, tieSizes } = averageRanks(row);
    ranks.forEach((r, j) => {
      rankSums[j] = (rankSums[j] as number) + r;
    });
    ties += tieSum(tieSizes);
  }
  const df = k - 1;
  const correction = 1 - ties / (n * k * (k * k - 1));
  if (correction <= 0) return { statistic: 0, pValue: 1, df };
  const centre = (n * (k + 1)) / 2;
  const squares = rankSums.reduce((s, r) => s + (r - centre) * (r - centre), 0);
  const statistic = ((12 / (n * k * (k + 1))) * squares) / correction;
  return { statistic, pValue: chiSquareUpperTail(statistic, df), df };
}
