import { checkProbabilities } from './validate.js';

/**
 * Holm's step-down adjustment of m p-values (family-wise error rate): with p_(1) <= … <= p_(m),
 * adjusted p_(i) = min(1, max_{j<=i} (m − j + 1) p_(j)), returned in the input order.
 * Holm (1979), Scand J Stat 6:65-70. Exactly R `p.adjust(p, 'holm')`.
 * @example adjustHolm([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function adjustHolm(p: number[]): number[] {
  checkProbabilities('p', p);
  const m = p.length;
  const order = p.map((_, i) => i).sort((i, j) => (p[i] as number) - (p[j] as number));
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, (m - rank) * (p[index] as number));
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}
