import { tTwoSidedP } from './t-two-sided-p.js';
import type { TestResult } from './types.js';
import { checkSample } from './validate.js';
import { welchParts } from './welch-satterthwaite.js';

/**
 * Welch's unequal-variance t-test, two-sided: t = (mean(a) − mean(b)) / √(s_a²/n_a + s_b²/n_b)
 * with Welch–Satterthwaite df. Welch (1947), Biometrika 34:28-35.
 * Matches SciPy `ttest_ind(a, b, equal_var=False)` and R `t.test(a, b)` (DESIGN.md `welch-t`).
 * Each sample needs at least two values.
 * Both variances 0 (SciPy gives NaN): equal means give { statistic: 0, pValue: 1 }, different
 * means give statistic ±Infinity (the sign of the difference) and pValue 0; df is then reported as
 * n_a + n_b − 2, because the Welch–Satterthwaite ratio is 0/0.
 * @example welchT([1, 2, 3, 4], [2, 4, 6]) // { statistic: -1.13389…, pValue: 0.33382…, df: 3.23471… }
 */
export function welchT(a: number[], b: number[]): TestResult {
  checkSample('a', a, 2);
  checkSample('b', b, 2);
  const { difference, standardError, df } = welchParts(a, b);
  if (standardError === 0) {
    const pooledDf = a.length + b.length - 2;
    if (difference === 0) return { statistic: 0, pValue: 1, df: pooledDf };
    return { statistic: difference > 0 ? Infinity : -Infinity, pValue: 0, df: pooledDf };
  }
  const statistic = difference / standardError;
  return { statistic, pValue: tTwoSidedP(statistic, df), df };
}
