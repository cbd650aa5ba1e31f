import { mean, sampleVariance } from './moments.js';
import { tQuantile } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkSample } from './validate.js';

/**
 * Cohen's d, (mean(a) − mean(b)) / s_pooled with s_pooled² = ((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2)
 * (Cohen 1988, §2.2), and the interval d ± t_{(1+confidence)/2, n_a+n_b−2} · √((n_a + n_b)/(n_a n_b) + d²/(2(n_a + n_b)))
 * (Hedges & Olkin 1985, Statistical Methods for Meta-Analysis, eq. 5.14; Grissom & Kim 2005, eq. 3.13).
 * The same as R `effsize::cohen.d(a, b)` (pooled, no Hedges correction, central interval).
 * Each sample needs two values. Both variances 0: d is 0 for equal means and ±Infinity otherwise,
 * with the interval [d, d] (the caller states that no standardised effect exists).
 * @example cohenD([1, 2, 3, 4, 5], [2, 4, 6, 8]) // { estimate: -0.9258…, … }
 */
export function cohenD(a: number[], b: number[], confidence = 0.95): { estimate: number; sd: number } & Interval {
  checkSample('a', a, 2);
  checkSample('b', b, 2);
  checkConfidence(confidence);
  const na = a.length;
  const nb = b.length;
  const ma = mean(a);
  const mb = mean(b);
  const df = na + nb - 2;
  const sd = Math.sqrt(((na - 1) * sampleVariance(a, ma) + (nb - 1) * sampleVariance(b, mb)) / df);
  const difference = ma - mb;
  if (sd === 0) {
    const estimate = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
    return { estimate, sd, lower: estimate, upper: estimate };
  }
  const estimate = difference / sd;
  const se = Math.sqrt((na + nb) / (na * nb) + (estimate * estimate) / (2 * (na + nb)));
  const half = tQuantile(0.5 + confidence / 2, df) * se;
  return { estimate, sd, lower: estimate - half, upper: estimate + half };
}
