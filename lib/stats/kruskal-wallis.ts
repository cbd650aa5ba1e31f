import { chiSquareUpperTail } from './chi-square-upper-tail.js';
import { averageRanks, tieSum } from './ranks.js';
import type { TestResult } from './types.js';
import { checkSample } from './validate.js';

/**
 * Kruskal–Wallis H test for k >= 2 independent samples, with tie correction:
 * H = [12/(N(N + 1)) Σ n_i (R̄_i − (N + 1)/2)²] / (1 − Σ(t³ − t)/(N³ − N)), chi-square with k − 1 df.
 * Kruskal & Wallis (1952), JASA 47:583-621. Matches SciPy `scipy.stats.kruskal(*groups)` and R
 * `kruskal.test` (DESIGN.md `kruskal-wallis`); the sum of squared deviations is used instead of
 * SciPy's Σ R_i²/n_i − 3(N + 1), which is equal but cancels when H is small.
 * Every group needs at least one value. All values equal (the tie correction is 0):
 * { statistic: 0, pValue: 1, df: k − 1 }.
 * @example kruskalWallis([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]]) // { statistic: 0.27272…, pValue: 0.60150…, df: 1 }
 */
export function kruskalWallis(groups: number[][]): TestResult {
  if (!Array.isArray(groups) || groups.length < 2) {
    throw new RangeError(`groups must hold at least 2 groups, got ${JSON.stringify(groups)}`);
  }
  groups.forEach((g, i) => checkSample(`groups[${i}]`, g, 1));
  const pooled = groups.flat();
  const n = pooled.length;
  const { ranks, tieSizes } = averageRanks(pooled);
  const df = groups.length - 1;
  const correction = 1 - tieSum(tieSizes) / (n * n * n - n);
  if (correction <= 0) return { statistic: 0, pValue: 1, df };
  const centre = (n + 1) / 2;
  let offset = 0;
  let squares = 0;
  for (const g of groups) {
    let rankSum = 0;
    for (let i = 0; i < g.length; i++) rankSum += ranks[offset + i] as number;
    offset += g.length;
    const deviation = rankSum / g.length - centre;
    squares += g.length * deviation * deviation;
  }
  const statistic = ((12 / (n * (n + 1))) * squares) / correction;
  return { statistic, pValue: chiSquareUpperTail(statistic, df), df };
}
