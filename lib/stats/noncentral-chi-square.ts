import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';

/** Terms below this fraction of the running sum are negligible. */
const RELATIVE_EPSILON = 1e-17;
const MAX_TERMS = 200_000;

/**
 * Distribution function of the noncentral chi-square with `df` degrees of freedom and
 * noncentrality `ncp` (λ), as a Poisson(λ/2) mixture of central chi-squares:
 * P(X <= x) = Σ_j e^{−λ/2} (λ/2)^j / j! · P(χ²_{df+2j} <= x) (Johnson, Kotz & Balakrishnan,
 * Continuous Univariate Distributions vol. 2, 2nd ed., eq. 29.2). The sum starts at the Poisson
 * mode and walks outwards, so a large λ costs O(√λ) terms; each term is a regularized incomplete
 * gamma function, so the upper tail is summed from upper tails and never computed as 1 − cdf.
 * Matches SciPy `scipy.stats.ncx2.cdf(x, df, ncp)` / `.sf` and R `pchisq(x, df, ncp)`.
 * ncp = 0 is the central chi-square.
 * @example noncentralChiSquareUpperTail(10, 3, 2.5) // 0.12920987487500…
 */
export function noncentralChiSquareCdf(x: number, df: number, ncp: number): number {
  return mixture(x, df, ncp, false);
}

/** P(X > x) for the noncentral chi-square; see noncentralChiSquareCdf. */
export function noncentralChiSquareUpperTail(x: number, df: number, ncp: number): number {
  return mixture(x, df, ncp, true);
}

function mixture(x: number, df: number, ncp: number, upper: boolean): number {
  if (Number.isNaN(x)) throw new RangeError(`x must be a number, got ${x}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`df must be a positive finite number, got ${df}`);
  if (!(ncp >= 0) || !Number.isFinite(ncp)) throw new RangeError(`ncp must be a non-negative finite number, got ${ncp}`);
  if (x <= 0) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  const half = ncp / 2;
  // stdlib's argument order is gammainc(x, a, regularized, upper).
  const term = (j: number): number => gammainc(x / 2, df / 2 + j, true, upper);
  if (half === 0) return term(0);
  const logWeight = (j: number): number => -half + j * Math.log(half) - gammaln(j + 1);
  const mode = Math.floor(half);
  let sum = 0;
  // Upwards from the mode (weights fall off; the terms are at most 1).
  for (let j = mode, n = 0; n < MAX_TERMS; j++, n++) {
    const w = Math.exp(logWeight(j));
    sum += w * term(j);
    if (j > mode && w <= RELATIVE_EPSILON * sum) break;
    if (w === 0 && j > mode) break;
  }
  // Downwards from just below the mode.
  for (let j = mode - 1; j >= 0; j--) {
    const w = Math.exp(logWeight(j));
    sum += w * term(j);
    if (w <= RELATIVE_EPSILON * sum) break;
  }
  return Math.min(1, sum);
}
