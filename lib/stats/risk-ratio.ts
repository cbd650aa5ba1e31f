import { normalUpperTail } from './normal-upper-tail.js';
import { twoSidedZ } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence, checkCount } from './validate.js';

export interface RiskRatio extends Interval {
  /** (x1/n1) / (x2/n2), from the counts as given (0 or Infinity when a count is 0). */
  ratio: number;
  /** Standard error of log(ratio), from the counts the interval used. */
  logSe: number;
  /** True when a count was 0 and the interval used the Haldane–Anscombe counts (+0.5 to each cell). */
  corrected: boolean;
}

/**
 * Ratio of two independent proportions, (x1/n1)/(x2/n2) — the impact ratio of the four-fifths
 * rule when group 2 is the most favoured group — with the Katz log interval
 * exp(log r ± z·√(1/x1 − 1/n1 + 1/x2 − 1/n2)). Katz, Baptista, Azen & Pike (1978), Biometrics
 * 34:469-474. Matches SciPy `scipy.stats.contingency.relative_risk(x1, n1, x2, n2)
 * .confidence_interval(confidence)` whenever x1 and x2 are positive.
 * SciPy gives no upper bound when x1 = 0 and no interval when x2 = 0; here a zero count makes the
 * interval use x + 0.5 successes of n + 1 for both groups (Haldane 1956; Pettigrew, Gart & Thomas
 * 1986), `corrected` says so, and the point estimate stays the plain ratio.
 * Both groups need at least one trial; x1 = x2 = 0 gives ratio NaN but a finite interval.
 * @example riskRatio(10, 50, 20, 60, 0.9) // { ratio: 0.6, lower: 0.34487…, upper: 1.04384…, … }
 */
export function riskRatio(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): RiskRatio {
  checkCounts(x1, n1, x2, n2);
  checkConfidence(confidence);
  const { logRatio, logSe, corrected } = logParts(x1, n1, x2, n2);
  const half = twoSidedZ(confidence) * logSe;
  return { ratio: x1 / n1 / (x2 / n2), lower: Math.exp(logRatio - half), upper: Math.exp(logRatio + half), logSe, corrected };
}

/**
 * One-sided Wald test of the ratio on the log scale against a bound: H1 ratio > bound
 * ('greater') or ratio < bound ('less'), z = (log r − log bound)/SE, with the counts and SE of
 * riskRatio. Inverts the Katz interval: p < α exactly when the bound lies outside the two-sided
 * 1 − 2α interval on the side of the alternative.
 * @example riskRatioTest(40, 50, 45, 50, { bound: 0.8, alternative: 'greater' }) // { pValue: 0.0455… }
 */
export function riskRatioTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  opts: { bound: number; alternative: 'greater' | 'less' },
): { ratio: number; pValue: number } {
  checkCounts(x1, n1, x2, n2);
  if (!(opts.bound > 0 && Number.isFinite(opts.bound))) throw new RangeError(`bound must be a positive number, got ${opts.bound}`);
  const { logRatio, logSe } = logParts(x1, n1, x2, n2);
  const ratio = x1 / n1 / (x2 / n2);
  const distance = logRatio - Math.log(opts.bound);
  if (logSe === 0) {
    // Both groups all-favourable: the ratio is exactly 1 with no sampling spread on the log scale.
    const holds = opts.alternative === 'greater' ? distance > 0 : distance < 0;
    return { ratio, pValue: holds ? 0 : 1 };
  }
  const z = distance / logSe;
  return { ratio, pValue: normalUpperTail(opts.alternative === 'greater' ? z : -z) };
}

function logParts(x1: number, n1: number, x2: number, n2: number): { logRatio: number; logSe: number; corrected: boolean } {
  const corrected = x1 === 0 || x2 === 0;
  const [a, m, c, k] = corrected ? [x1 + 0.5, n1 + 1, x2 + 0.5, n2 + 1] : [x1, n1, x2, n2];
  return { logRatio: Math.log(a / m) - Math.log(c / k), logSe: Math.sqrt(1 / a - 1 / m + 1 / c - 1 / k), corrected };
}

function checkCounts(x1: number, n1: number, x2: number, n2: number): void {
  checkCount('x1', x1);
  checkCount('n1', n1);
  checkCount('x2', x2);
  checkCount('n2', n2);
  if (n1 === 0) throw new RangeError(`n1 must be positive, got ${n1}`);
  if (n2 === 0) throw new RangeError(`n2 must be positive, got ${n2}`);
  if (x1 > n1) throw new RangeError(`x1 must not exceed n1 (${n1}), got ${x1}`);
  if (x2 > n2) throw new RangeError(`x2 must not exceed n2 (${n2}), got ${x2}`);
}
