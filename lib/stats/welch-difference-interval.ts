import { tQuantile } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkSample } from './validate.js';
import { welchParts } from './welch-satterthwaite.js';

/**
 * Difference of means mean(a) − mean(b) with the Welch confidence interval
 * difference ± t_{(1+confidence)/2, df} · √(s_a²/n_a + s_b²/n_b), df by Welch–Satterthwaite.
 * Welch (1947), Biometrika 34:28-35. Matches SciPy
 * `ttest_ind(a, b, equal_var=False).confidence_interval(confidence)` and R
 * `t.test(a, b, var.equal = FALSE, conf.level = confidence)$conf.int`.
 * Each sample needs at least two values. If both samples have zero variance the interval is
 * [difference, difference] (SciPy gives NaN).
 * @example welchDifferenceInterval([1, 2, 3, 4], [2, 4, 6]) // { difference: -1.5, lower: -5.54232…, upper: 2.54232… }
 */
export function welchDifferenceInterval(
  a: number[],
  b: number[],
  confidence = 0.95,
): { difference: number } & Interval {
  checkSample('a', a, 2);
  checkSample('b', b, 2);
  checkConfidence(confidence);
  const { difference, standardError, df } = welchParts(a, b);
  if (standardError === 0) return { difference, lower: difference, upper: difference };
  const half = tQuantile(0.5 + 0.5 * confidence, df) * standardError;
  return { difference, lower: difference - half, upper: difference + half };
}
