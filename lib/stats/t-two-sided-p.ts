import betainc from '@stdlib/math-base-special-betainc';
import { normalUpperTail } from './normal-upper-tail.js';

/**
 * Two-sided p-value of Student's t distribution with `df` degrees of freedom, 2·P(T > |t|),
 * computed directly from the regularized incomplete beta function,
 * 2·P(T > |t|) = I_{df/(df+t²)}(df/2, 1/2) (Abramowitz & Stegun 26.7.1), never as `1 − cdf`.
 * Matches SciPy `2 * scipy.stats.t.sf(abs(t), df)` / R `2 * pt(abs(t), df, lower.tail = FALSE)`.
 * df = Infinity uses the normal distribution.
 * @example tTwoSidedP(2.093024054408263, 19) // 0.0500000…
 */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) throw new RangeError(`t must be a number, got ${t}`);
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  if (!Number.isFinite(t)) return 0;
  if (df === Infinity) return 2 * normalUpperTail(Math.abs(t));
  const t2 = t * t;
  const regularized = true;
  if (t2 > df) {
    // Small tail: x = df/(df+t²) is small and I_x is computed without cancellation.
    return betainc(df / (df + t2), df / 2, 0.5, regularized, false);
  }
  // Large p: use the complementary form 1 − I_{t²/(df+t²)}(1/2, df/2), evaluated as an upper tail.
  return betainc(t2 / (df + t2), 0.5, df / 2, regularized, true);
}
