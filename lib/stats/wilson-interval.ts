import { twoSidedZ } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkCount } from './validate.js';

/**
 * Wilson score interval for a binomial proportion.
 * Wilson (1927), JASA 22:209-212; Newcombe (1998), Stat Med 17:857-872, method 3.
 * Matches SciPy `binomtest(k, n).proportion_ci(confidence_level, method='wilson')`, including its
 * convention that the bound is exactly 0 when k = 0 and exactly 1 when k = n.
 * trials = 0 carries no information and gives the whole range { lower: 0, upper: 1 }.
 * @example wilsonInterval(7, 20) // { lower: 0.18119…, upper: 0.56714… }
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkCount('successes', successes);
  checkCount('trials', trials);
  if (successes > trials) {
    throw new RangeError(`successes must not exceed trials (${trials}), got ${successes}`);
  }
  checkConfidence(confidence);
  return wilsonBounds(successes, trials, twoSidedZ(confidence));
}

/**
 * The Wilson bounds for a critical value z given directly (internal: tests that invert the
 * interval search over z, which stays exact where 1 − 2Φ(−z) would round to 1).
 */
export function wilsonBounds(successes: number, trials: number, z: number): Interval {
  if (trials === 0) return { lower: 0, upper: 1 };
  // Same arrangement as SciPy's _binom_wilson_conf_int (Newcombe 1998, eq. for method 3).
  const n = trials;
  const p = successes / n;
  const q = 1 - p;
  const denom = 2 * (n + z * z);
  const centre = (2 * n * p + z * z) / denom;
  const delta = (z / denom) * Math.sqrt(4 * n * p * q + z * z);
  return {
    lower: successes === 0 ? 0 : centre - delta,
    upper: successes === n ? 1 : centre + delta,
  };
}
