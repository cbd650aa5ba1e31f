import { mean as sampleMean, sampleVariance } from './moments.js';
import { tQuantile } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkSample } from './validate.js';

/**
 * Sample mean, sample standard deviation (divisor n − 1) and the Student t confidence interval
 * mean ± t_{(1+confidence)/2, n−1} · sd/√n.
 * Matches SciPy `scipy.stats.t.interval(confidence, n - 1, loc=mean, scale=sem(values))` and
 * R `t.test(values, conf.level = confidence)$conf.int`.
 * With a single value there is no spread to estimate: sd is 0 and the interval is [mean, mean]
 * (SciPy and R give NaN / an error). An empty array throws.
 * @example meanInterval([1, 2, 3, 4]) // { mean: 2.5, sd: 1.29099…, lower: 0.44573…, upper: 4.55426… }
 */
export function meanInterval(
  values: number[],
  confidence = 0.95,
): { mean: number; sd: number } & Interval {
  checkSample('values', values, 1);
  checkConfidence(confidence);
  const n = values.length;
  const mean = sampleMean(values);
  if (n < 2) return { mean, sd: 0, lower: mean, upper: mean };
  const sd = Math.sqrt(sampleVariance(values, mean));
  const half = tQuantile(0.5 + 0.5 * confidence, n - 1) * (sd / Math.sqrt(n));
  return { mean, sd, lower: mean - half, upper: mean + half };
}
