import { checkProbabilities } from './validate.js';

/**
 * Benjamini–Hochberg step-up adjustment of m p-values (false discovery rate): with
 * p_(1) <= … <= p_(m), adjusted p_(i) = min(1, min_{j>=i} (m/j) p_(j)), returned in the input order.
 * Benjamini & Hochberg (1995), JRSS B 57:289-300. Exactly R `p.adjust(p, 'BH')`.
 * @example adjustBh([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function adjustBh(p: number[]): number[] {
  checkProbabilities('p', p);
  const m = p.length;
  const order = p.map((_, i) => i).sort((i, j) => (p[j] as number) - (p[i] as number));
  const adjusted = new Array<number>(m);
  let running = Infinity;
  order.forEach((index, position) => {
    // R: cummin(n / i * p[o]) with i = m, m − 1, …, 1 along the decreasing order.
    running = Math.min(running, (m / (m - position)) * (p[index] as number));
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}
