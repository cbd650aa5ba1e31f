import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Upper tail of the chi-square distribution with `df` degrees of freedom, P(X > x), computed as
 * the upper regularized incomplete gamma function Q(df/2, x/2) (Abramowitz & Stegun 26.4.19),
 * never as `1 − cdf`, so p-values like 1e-30 keep their relative precision.
 * Matches SciPy `scipy.stats.chi2.sf(x, df)` / R `pchisq(x, df, lower.tail = FALSE)`.
 * x <= 0 gives 1 (a statistic that rounding pushed slightly below 0 has the whole mass above it).
 * @example chiSquareUpperTail(3.841458820694124, 1) // 0.0500000…
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (Number.isNaN(x)) throw new RangeError(`x must be a number, got ${x}`);
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  // stdlib's argument order is gammainc(x, a, regularized, upper).
  const regularized = true;
  const upper = true;
  return gammainc(x / 2, df / 2, regularized, upper);
}
