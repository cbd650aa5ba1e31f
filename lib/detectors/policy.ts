import type { OutcomeSpec, Policy } from '../types.js';
import type { MeanMarginRules } from './margin.js';

/**
 * Defaults a reviewer can defend. The margin: a 10-point gap in rates (or 5% in means) and the
 * four-fifths rule of US employment practice (29 CFR 1607.4(D)), the stricter binding. An axis fails
 * only when a disparity beyond the margin is shown (α = 0.05, Holm across the audit), and passes only
 * when equivalence within it is shown; anything else is inconclusive (docs/statistics.md).
 */
export const DEFAULT_POLICY: Policy = {
  alpha: 0.05,
  correction: 'holm',
  minImpactRatio: 0.8,
  maxRateGap: 0.1,
  maxRelativeMeanGap: 0.05,
  minGroupSize: 10,
};

export function resolvePolicy(overrides: Partial<Policy> = {}): Policy {
  const p = { ...DEFAULT_POLICY, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const check = (name: keyof Policy, ok: boolean, expected: string) => {
    if (!ok) throw new RangeError(`policy.${name} must be ${expected}; got ${String(p[name])}`);
  };
  check('alpha', p.alpha > 0 && p.alpha < 1, 'between 0 and 1');
  check('minImpactRatio', p.minImpactRatio >= 0 && p.minImpactRatio <= 1, 'between 0 and 1');
  check('maxRateGap', p.maxRateGap >= 0 && p.maxRateGap <= 1, 'between 0 and 1');
  check('maxRelativeMeanGap', p.maxRelativeMeanGap >= 0, 'at least 0');
  check('maxMeanGap', p.maxMeanGap === undefined || (Number.isFinite(p.maxMeanGap) && p.maxMeanGap > 0), 'a number above 0');
  check('minGroupSize', Number.isInteger(p.minGroupSize) && p.minGroupSize >= 1, 'a whole number of at least 1');
  check('correction', ['holm', 'bh', 'bonferroni', 'none'].includes(p.correction), 'holm, bh, bonferroni or none');
  return p;
}

/**
 * Sentiment's absolute margin when the policy sets none: 0.1 VADER compound points between any two
 * groups' mean compound scores. VADER calls a text neutral within ±0.05, so 0.1 is the width of
 * that neutral band: a gap smaller than the distance from "just negative" to "just positive".
 * A policy choice (docs/statistics.md, "Sentiment"): set policy.maxMeanGap for your use.
 */
export const DEFAULT_SENTIMENT_MAX_MEAN_GAP = 0.1;

/**
 * The margins that apply to an outcome of means: sentiment is a signed scale (−1..1, often near 0),
 * where a ratio of means says nothing, so only the absolute gap applies (policy.maxMeanGap, else
 * DEFAULT_SENTIMENT_MAX_MEAN_GAP); numeric and length keep the ratio band and add the absolute gap
 * only when the policy sets it.
 */
export function meanMarginRules(type: OutcomeSpec['type'], policy: Policy): MeanMarginRules {
  if (type === 'sentiment') return { ratioBand: false, maxMeanGap: policy.maxMeanGap ?? DEFAULT_SENTIMENT_MAX_MEAN_GAP };
  return { ratioBand: true, ...(policy.maxMeanGap === undefined ? {} : { maxMeanGap: policy.maxMeanGap }) };
}
