import { checkProbability } from './validate.js';

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
