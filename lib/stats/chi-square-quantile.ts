import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/**
 * The critical value of a chi-square test at level `alpha`: the x with P(χ²_df > x) = alpha.
 * Matches SciPy `scipy.stats.chi2.isf(alpha, df)` / R `qchisq(alpha, df, lower.tail = FALSE)`.
 * @example chiSquareCritical(0.05, 1) // 3.84145882069412…
 */
export function chiSquareCritical(alpha: number, df: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be strictly between 0 and 1, got ${alpha}`);
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  return chisquareQuantile(1 - alpha, df);
}
