import { normalQuantile, tQuantile } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkSample } from './validate.js';

/**
 * Cliff's delta, P(A > B) − P(A < B) over all pairs (Cliff 1993, Psychol Bull 114:494-509), with
 * the asymmetric interval of Feng & Cliff (2004), J Mod Appl Stat Methods 3:322-332:
 * (δ − δ³ ± q·s·√((1 − δ²)² + q²s²)) / (1 − δ² + q²s²), where s² is Cliff's (1996) unbiased
 * variance estimate [n_b² Σ(d_i. − δ)² + n_a² Σ(d_.j − δ)² − Σ Σ(d_ij − δ)²] / (n_a n_b (n_a − 1)(n_b − 1))
 * and q the Student t quantile with n_a + n_b − 2 df. The same as R `effsize::cliff.delta(a, b)`
 * (use.unbiased = TRUE, use.normal = FALSE); `variance: 'consistent'` and `quantile: 'normal'`
 * give its other options. As effsize does, when |δ| = 1 the variance is computed at δ·(n_a n_b − 1)/(n_a n_b)
 * and the bound on the side of δ is ±1. Computed from sorted samples in O(n log n), never the n_a × n_b matrix.
 * Each sample needs two values.
 * @example cliffsDelta([10,10,20,20,20,30,30,30,40,50], [10,20,30,40,40,50]) // { estimate: -0.25, … }
 */
export function cliffsDelta(
  a: number[],
  b: number[],
  opts: { confidence?: number; variance?: 'unbiased' | 'consistent'; quantile?: 't' | 'normal' } = {},
): { estimate: number; variance: number } & Interval {
  checkSample('a', a, 2);
  checkSample('b', b, 2);
  const confidence = opts.confidence ?? 0.95;
  checkConfidence(confidence);
  const na = a.length;
  const nb = b.length;
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  // d_i. = (#b below a_i − #b above a_i)/n_b; d_.j = (#a above b_j − #a below b_j)/n_a.
  const rowMeans = sa.map((x) => (countBelow(sb, x) - (nb - countAtMost(sb, x))) / nb);
  const colMeans = sb.map((y) => (na - countAtMost(sa, y) - countBelow(sa, y)) / na);
  // Pairs with a > b (dominance +1) and a < b (−1); the rest are ties (0).
  let wins = 0;
  let losses = 0;
  for (const x of sa) {
    wins += countBelow(sb, x);
    losses += nb - countAtMost(sb, x);
  }
  const pairs = na * nb;
  const estimate = (wins - losses) / pairs;
  const centre = Math.abs(estimate) === 1 ? (estimate * (pairs - 1)) / pairs : estimate;
  // Σ Σ (d_ij − c)² from the counts of +1, 0 and −1 cells.
  const ties = pairs - wins - losses;
  const ssr = wins * (1 - centre) ** 2 + ties * centre ** 2 + losses * (1 + centre) ** 2;
  const rowSs = rowMeans.reduce((s, v) => s + (v - centre) ** 2, 0);
  const colSs = colMeans.reduce((s, v) => s + (v - centre) ** 2, 0);
  const variance =
    (opts.variance ?? 'unbiased') === 'unbiased'
      ? (nb * nb * rowSs + na * na * colSs - ssr) / (pairs * (na - 1) * (nb - 1))
      : ((nb - 1) * (rowSs / (na - 1)) + (na - 1) * (colSs / (nb - 1)) + ssr / ((na - 1) * (nb - 1))) / pairs;
  const q = (opts.quantile ?? 't') === 't' ? tQuantile(0.5 + confidence / 2, na + nb - 2) : normalQuantile(0.5 + confidence / 2);
  const s2 = Math.max(variance, 0);
  const spread = q * Math.sqrt(s2) * Math.sqrt((1 - centre * centre) ** 2 + q * q * s2);
  const denominator = 1 - centre * centre + q * q * s2;
  let lower = (centre - centre ** 3 - spread) / denominator;
  let upper = (centre - centre ** 3 + spread) / denominator;
  if (estimate === 1) upper = 1;
  if (estimate === -1) lower = -1;
  return { estimate, variance, lower, upper };
}

/** Number of values in sorted `s` strictly below v. */
function countBelow(s: readonly number[], v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values in sorted `s` at most v. */
function countAtMost(s: readonly number[], v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
