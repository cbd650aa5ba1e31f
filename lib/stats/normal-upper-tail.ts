import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Upper tail of the standard normal distribution, P(Z > z), computed directly as Φ(−z) so that
 * tiny tails keep their relative precision (never `1 − Φ(z)`).
 * Matches SciPy `scipy.stats.norm.sf(z)` / R `pnorm(z, lower.tail = FALSE)`.
 * @example normalUpperTail(1.959963984540054) // 0.0250000…
 * @example normalUpperTail(12) // 1.7764821120776…e-33
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) throw new RangeError(`z must be a number, got ${z}`);
  return normalCdf(-z, 0, 1);
}
