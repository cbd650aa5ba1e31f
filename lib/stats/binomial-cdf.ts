import betainc from '@stdlib/math-base-special-betainc';
import { checkCount, checkProbability } from './validate.js';

/**
 * Binomial distribution function P(X <= k) for X ~ Bin(n, p), computed from the regularized
 * incomplete beta function, P(X <= k) = I_{1−p}(n − k, k + 1) (Abramowitz & Stegun 26.5.24),
 * which keeps small lower tails (e.g. 2^-100) at full relative precision.
 * Matches SciPy `scipy.stats.binom.cdf(k, n, p)` / R `pbinom(k, n, p)`.
 * k is floored; k < 0 gives 0 and k >= n gives 1.
 * @example binomialCdf(2, 10, 0.5) // 0.0546875
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (Number.isNaN(k)) throw new RangeError(`k must be a number, got ${k}`);
  checkCount('n', n);
  checkProbability('p', p);
  const kk = Math.floor(k);
  if (kk < 0) return 0;
  if (kk >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return betainc(1 - p, n - kk, kk + 1, true, false);
}
