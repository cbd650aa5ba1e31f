import { chiSquareIndependence } from './chi-square-independence.js';
import { noncentralChiSquareCdf } from './noncentral-chi-square.js';
import type { Interval } from './types.js';
import { checkConfidence, checkCount, checkMatrix } from './validate.js';

/**
 * Cramér's V for an r × c table with a confidence interval from the noncentral chi-square:
 * the bounds λ_L, λ_U of the noncentrality solve P(χ²'(df, λ_L) <= X²) = (1 + confidence)/2 and
 * P(χ²'(df, λ_U) <= X²) = (1 − confidence)/2 (λ_L = 0 when even λ = 0 is too large), and each λ
 * becomes V = √(λ / (N (min(r, c) − 1))). Smithson (2003), Confidence Intervals, ch. 4; Steiger
 * (2004), Psychol Methods 9:164-182. The point estimate is cramersV's √(X² / (N (min(r, c) − 1))),
 * which need not lie inside the interval when X² < df (the interval is then [0, …]).
 * Zero rows and columns are dropped as in chiSquareIndependence; with fewer than two non-empty
 * rows or columns V is 0 and so is the interval.
 * @example cramersVInterval([[10, 20], [30, 25]]) // { estimate: 0.2030…, lower: 0, upper: 0.4148… }
 */
export function cramersVInterval(table: number[][], confidence = 0.95): { estimate: number } & Interval {
  checkMatrix('table', table, 1, 1, checkCount);
  checkConfidence(confidence);
  const { statistic, df } = chiSquareIndependence(table);
  const rows = table.filter((row) => row.some((v) => v > 0)).length;
  const cols = (table[0] as number[]).filter((_, j) => table.some((row) => (row[j] as number) > 0)).length;
  if (rows < 2 || cols < 2 || df === undefined || df === 0) return { estimate: 0, lower: 0, upper: 0 };
  const total = table.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  const scale = total * (Math.min(rows, cols) - 1);
  const toV = (lambda: number): number => Math.sqrt(lambda / scale);
  const lambdaLower = solveNoncentrality(statistic, df, (1 + confidence) / 2);
  const lambdaUpper = solveNoncentrality(statistic, df, (1 - confidence) / 2);
  return { estimate: toV(statistic), lower: toV(lambdaLower), upper: toV(lambdaUpper) };
}

/** The λ with P(χ²'(df, λ) <= x) = target (decreasing in λ), or 0 when λ = 0 is already below it. */
function solveNoncentrality(x: number, df: number, target: number): number {
  const cdf = (lambda: number): number => noncentralChiSquareCdf(x, df, lambda);
  if (cdf(0) <= target) return 0;
  let lo = 0;
  let hi = Math.max(1, x);
  while (cdf(hi) > target) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
