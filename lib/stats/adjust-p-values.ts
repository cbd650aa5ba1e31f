import { adjustBh } from './adjust-bh.js';
import { adjustBonferroni } from './adjust-bonferroni.js';
import { adjustHolm } from './adjust-holm.js';
import { checkProbabilities } from './validate.js';

/** Multiple-comparison corrections, named as in DESIGN.md. */
export type AdjustMethod = 'holm' | 'bh' | 'bonferroni' | 'none';

/**
 * Adjust a family of p-values for multiple comparisons, keeping the input order: 'holm'
 * (adjustHolm), 'bh' (adjustBh, Benjamini–Hochberg), 'bonferroni' (adjustBonferroni) or 'none'
 * (a copy). Exactly R `p.adjust(p, method)` with method 'holm', 'BH', 'bonferroni', 'none'.
 * Every p must lie in [0, 1]; an empty family gives [].
 * @example adjustPValues([0.01, 0.04, 0.03], 'holm') // [0.03, 0.06, 0.06]
 */
export function adjustPValues(p: number[], method: AdjustMethod): number[] {
  switch (method) {
    case 'holm':
      return adjustHolm(p);
    case 'bh':
      return adjustBh(p);
    case 'bonferroni':
      return adjustBonferroni(p);
    case 'none':
      checkProbabilities('p', p);
      return [...p];
    default:
      throw new RangeError(`method must be 'holm', 'bh', 'bonferroni' or 'none', got ${String(method)}`);
  }
}
