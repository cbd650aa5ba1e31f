import type { Interval } from './types.js';
import { checkConfidence, checkCount } from './validate.js';
import { twoSidedZ } from './quantiles.js';
import { wilsonBounds } from './wilson-interval.js';

/**
 * Difference of two independent proportions, p1 − p2 with p1 = x1/n1 and p2 = x2/n2, and
 * Newcombe's hybrid score interval built from the two Wilson intervals (l1, u1) and (l2, u2):
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),  upper = d + √((u1 − p1)² + (p2 − l2)²).
 * Newcombe (1998), "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Stat Med 17:873-890, method 10. The same as R
 * `DescTools::BinomDiffCI(method = 'score')`.
 * Both samples must be non-empty (the difference is undefined otherwise).
 * @example newcombeDifference(56, 70, 48, 80) // { difference: 0.2, lower: 0.05243…, upper: 0.33387… }
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): { difference: number } & Interval {
  checkCount('x1', x1);
  checkCount('x2', x2);
  checkCount('n1', n1);
  checkCount('n2', n2);
  if (n1 === 0) throw new RangeError(`n1 must be positive, got ${n1}`);
  if (n2 === 0) throw new RangeError(`n2 must be positive, got ${n2}`);
  if (x1 > n1) throw new RangeError(`x1 must not exceed n1 (${n1}), got ${x1}`);
  if (x2 > n2) throw new RangeError(`x2 must not exceed n2 (${n2}), got ${x2}`);
  checkConfidence(confidence);
  return newcombeBounds(x1, n1, x2, n2, twoSidedZ(confidence));
}

/** The Newcombe bounds for a critical value z given directly (internal; see wilsonBounds). */
export function newcombeBounds(x1: number, n1: number, x2: number, n2: number, z: number): { difference: number } & Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonBounds(x1, n1, z);
  const w2 = wilsonBounds(x2, n2, z);
  const difference = p1 - p2;
  return {
    difference,
    lower: difference - Math.hypot(p1 - w1.lower, w2.upper - p2),
    upper: difference + Math.hypot(w1.upper - p1, p2 - w2.lower),
  };
}
