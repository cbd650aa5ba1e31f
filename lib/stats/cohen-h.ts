import { twoSidedZ } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkCount, checkProbability } from './validate.js';

/**
 * Cohen's h, the difference of two proportions on the arcsine-square-root scale:
 * h = 2·asin(√p1) − 2·asin(√p2). Cohen (1988), Statistical Power Analysis for the Behavioral
 * Sciences, 2nd ed., §6.2 (|h| ≈ 0.2 small, 0.5 medium, 0.8 large). Same as R `pwr::ES.h(p1, p2)`.
 * @example cohenH(0.6, 0.4) // 0.40271…
 */
export function cohenH(p1: number, p2: number): number {
  checkProbability('p1', p1);
  checkProbability('p2', p2);
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

/**
 * Cohen's h for two observed proportions x1/n1 and x2/n2 with its normal-theory interval
 * h ± z·√(1/n1 + 1/n2): the arcsine-square-root transform makes the variance of each term 1/n
 * whatever the proportion (Cohen 1988, §6.2; Fleiss, Levin & Paik, Statistical Methods for Rates
 * and Proportions, 3rd ed., §2.4).
 * @example cohenHInterval(40, 50, 30, 50) // { estimate: 0.4421…, lower: 0.0501…, upper: 0.8341… }
 */
export function cohenHInterval(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): { estimate: number } & Interval {
  checkCount('x1', x1);
  checkCount('x2', x2);
  if (!(n1 >= 1 && n2 >= 1 && Number.isInteger(n1) && Number.isInteger(n2))) throw new RangeError(`n1 and n2 must be positive whole numbers, got ${n1} and ${n2}`);
  if (x1 > n1 || x2 > n2) throw new RangeError(`successes must not exceed trials, got ${x1}/${n1} and ${x2}/${n2}`);
  checkConfidence(confidence);
  const estimate = cohenH(x1 / n1, x2 / n2);
  const half = twoSidedZ(confidence) * Math.sqrt(1 / n1 + 1 / n2);
  return { estimate, lower: estimate - half, upper: estimate + half };
}
