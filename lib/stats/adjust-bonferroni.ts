import { checkProbabilities } from './validate.js';

/**
 * Bonferroni adjustment of m p-values: min(1, m·p), in the input order.
 * Exactly R `p.adjust(p, 'bonferroni')`.
 * @example adjustBonferroni([0.01, 0.04, 0.03]) // [0.03, 0.12, 0.09]
 */
export function adjustBonferroni(p: number[]): number[] {
  checkProbabilities('p', p);
  return p.map((v) => Math.min(1, p.length * v));
}
