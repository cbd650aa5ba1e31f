import { binomialCdf } from './binomial-cdf.js';
import type { TestResult } from './types.js';
import { checkCount } from './validate.js';

/**
 * McNemar's test, exact form: with b and c the two discordant-pair counts, under H0 the smaller
 * count is X ~ Bin(b + c, 1/2) and the two-sided p-value is min(1, 2·P(X <= min(b, c))).
 * McNemar (1947), Psychometrika 12:153-157; exact version as in R
 * `exact2x2::mcnemar.exact` / `binom.test(b, b + c)` and statsmodels `mcnemar(exact=True)`
 * (DESIGN.md `mcnemar-exact`). statistic = min(b, c); no df. b + c = 0 gives pValue 1.
 * @example mcnemarExact(2, 10) // { statistic: 2, pValue: 0.03857421875 }
 */
export function mcnemarExact(b: number, c: number): TestResult {
  checkCount('b', b);
  checkCount('c', c);
  const statistic = Math.min(b, c);
  if (b + c === 0) return { statistic, pValue: 1 };
  return { statistic, pValue: Math.min(1, 2 * binomialCdf(statistic, b + c, 0.5)) };
}
