import { newcombeTest, ratioTest, riskRatio, riskRatioTest, type RatioOfMeans } from '../stats/index.js';
import type { MarginAssessment, Policy } from '../types.js';

/**
 * How far one pair sits from the margin on one criterion, in the units of that criterion's estimate:
 * `distance` > 0 inside the acceptable region, < 0 beyond it; `se` its standard error at the
 * current sample size. Used to say how many more samples would decide an inconclusive finding.
 */
export interface CriterionDistance {
  distance: number;
  se: number;
}

/** The margin tests of one axis before the audit-wide correction of the beyond-margin p-values. */
export interface MarginDraft extends Omit<MarginAssessment, 'beyond'> {
  beyond: { pValue: number; pair: [string, string]; tests: number };
  /** Per pair, per criterion: distances to the margin (for samples needed). */
  distances: { pair: [string, string]; criteria: CriterionDistance[] }[];
}

interface PairOutcome {
  pair: [string, string];
  equivalenceP: number;
  beyondP: number[];
  criteria: CriterionDistance[];
}

function combine(outcomes: PairOutcome[], base: Omit<MarginDraft, 'equivalence' | 'beyond' | 'distances' | 'pairs'>, alpha: number): MarginDraft {
  let hardest = outcomes[0] as PairOutcome;
  for (const o of outcomes) if (o.equivalenceP > hardest.equivalenceP) hardest = o;
  let strongest = outcomes[0] as PairOutcome;
  let smallest = 1;
  let tests = 0;
  for (const o of outcomes) {
    tests += o.beyondP.length;
    for (const p of o.beyondP) {
      if (p < smallest) {
        smallest = p;
        strongest = o;
      }
    }
  }
  return {
    ...base,
    pairs: outcomes.length,
    equivalence: { pValue: hardest.equivalenceP, shown: hardest.equivalenceP < alpha, pair: hardest.pair },
    // Bonferroni over every pair and criterion: the axis-level claim is "some pair is beyond".
    beyond: { pValue: tests === 0 ? 1 : Math.min(1, tests * smallest), pair: strongest.pair, tests },
    distances: outcomes.map((o) => ({ pair: o.pair, criteria: o.criteria })),
  };
}

/**
 * The margin tests for rates, over every pair of groups (x favourable of n scored):
 * - equivalence: for the difference, Schuirmann's two one-sided tests against ±maxRateGap on
 *   Newcombe's interval; for the impact ratio, two one-sided tests that the ratio of the lower rate
 *   to the higher lies in (minImpactRatio, 1/minImpactRatio) on the Katz log scale. A pair is
 *   equivalent when all four tests reject; the axis when every pair is (intersection–union, so no
 *   correction is needed: Berger 1982, Technometrics 24:295-300).
 * - beyond the margin, in the observed direction: the difference exceeds maxRateGap (Newcombe) or
 *   the impact ratio is below minImpactRatio (Katz): two tests per pair, Bonferroni over all.
 * The intervals use each group's marginal counts. Under the block design this is conservative:
 * with fixed blocks and independent replies, the variance of a group's marginal rate is an average
 * of within-block p(1 − p)/n, never above the pooled p̄(1 − p̄)/n the interval assumes.
 */
export function rateMargin(groups: readonly { group: string; x: number; n: number }[], policy: Policy): MarginDraft {
  const gap = policy.maxRateGap;
  const rho = policy.minImpactRatio;
  const outcomes: PairOutcome[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      // Orient the pair: `hi` has the higher observed rate.
      const [hi, lo] = rateOf(groups[i]) >= rateOf(groups[j]) ? [groups[i], groups[j]] : [groups[j], groups[i]];
      if (!hi || !lo) continue;
      // A margin of 100 points admits every difference: nothing to test on that rule.
      const diffEq =
        gap >= 1
          ? 0
          : Math.max(
              newcombeTest(hi.x, hi.n, lo.x, lo.n, { margin: gap, alternative: 'less' }).pValue,
              newcombeTest(hi.x, hi.n, lo.x, lo.n, { margin: -gap, alternative: 'greater' }).pValue,
            );
      const ratioEq =
        rho > 0
          ? Math.max(
              riskRatioTest(lo.x, lo.n, hi.x, hi.n, { bound: rho, alternative: 'greater' }).pValue,
              riskRatioTest(lo.x, lo.n, hi.x, hi.n, { bound: 1 / rho, alternative: 'less' }).pValue,
            )
          : 0;
      const beyondP = gap >= 1 ? [] : [newcombeTest(hi.x, hi.n, lo.x, lo.n, { margin: gap, alternative: 'greater' }).pValue];
      if (rho > 0) beyondP.push(riskRatioTest(lo.x, lo.n, hi.x, hi.n, { bound: rho, alternative: 'less' }).pValue);
      const criteria: CriterionDistance[] = [];
      const ph = (hi.x + 1) / (hi.n + 2);
      const pl = (lo.x + 1) / (lo.n + 2);
      // Agresti–Caffo rates in the standard error, so an all-yes pair still has a spread to plan with.
      criteria.push({ distance: gap - (rateOf(hi) - rateOf(lo)), se: Math.sqrt((ph * (1 - ph)) / hi.n + (pl * (1 - pl)) / lo.n) });
      if (rho > 0) {
        const rr = riskRatio(lo.x, lo.n, hi.x, hi.n);
        const logRatio = rr.corrected ? Math.log((lo.x + 0.5) / (lo.n + 1)) - Math.log((hi.x + 0.5) / (hi.n + 1)) : Math.log(rr.ratio);
        criteria.push({ distance: logRatio - Math.log(rho), se: rr.logSe });
      }
      outcomes.push({ pair: [hi.group, lo.group], equivalenceP: Math.max(diffEq, ratioEq), beyondP, criteria });
    }
  }
  return combine(
    outcomes,
    {
      scale: 'rate',
      maxRateGap: gap,
      minImpactRatio: rho,
      method:
        'Every pair of groups: Newcombe hybrid score interval for the rate difference (tests inverted from it), Katz log interval for the impact ratio; marginal counts (conservative under the block design).',
    } as Omit<MarginDraft, 'equivalence' | 'beyond' | 'distances' | 'pairs'>,
    policy.alpha,
  );
}

function rateOf(g: { x: number; n: number } | undefined): number {
  return g ? g.x / g.n : NaN;
}

/**
 * The band every ratio of two group means must lie in, [L, 1/L]: for higher-is-favourable,
 * L = max(1 − maxRelativeMeanGap, minImpactRatio); for lower-is-favourable (the less favoured group
 * has the higher mean; relative gap (m − m_ref)/m_ref, impact ratio m_ref/m),
 * L = max(1/(1 + maxRelativeMeanGap), minImpactRatio). The stricter rule wins.
 */
export function ratioBandLower(policy: Policy, favourable: 'higher' | 'lower'): number {
  const fromGap = favourable === 'higher' ? 1 - policy.maxRelativeMeanGap : 1 / (1 + policy.maxRelativeMeanGap);
  return Math.max(fromGap, policy.minImpactRatio, 1e-9);
}

/** One pair of groups for the mean tests: M_num / M_den, with the design's variance pieces. */
export interface MeanPair {
  pair: [string, string];
  ratio: RatioOfMeans;
}

/**
 * Which margins apply to an axis of means: the ratio band (relative gap and impact ratio), an
 * absolute gap in the outcome's units, or both (then a pair must meet both to be equivalent, and
 * either shown broken is beyond the margin). Sentiment uses the absolute gap alone.
 */
export interface MeanMarginRules {
  ratioBand: boolean;
  maxMeanGap?: number;
}

/**
 * Test of the difference of the two means M_num − M_den against `delta` (H1: difference > delta
 * for 'greater', < delta for 'less'). The same t-test of a contrast as ratioTest at θ = 1: the
 * contrast (M_num − M_den − delta) has the variance pieces' value at θ = 1 and their
 * Welch–Satterthwaite df, so the paired, stratified and independent designs carry over unchanged.
 * Paired blocks give R `t.test(x, y, paired = TRUE, mu = delta)`, independent groups R
 * `t.test(x, y, mu = delta)` (Welch). The means are moved to a unit denominator because ratioTest
 * needs a non-zero one and a sentiment mean can be 0; the contrast is the same.
 */
export function differenceTest(r: RatioOfMeans, delta: number, alternative: 'greater' | 'less'): { statistic: number; df: number; pValue: number } {
  return ratioTest({ numerator: r.numerator - r.denominator - delta + 1, denominator: 1, pieces: r.pieces }, 1, alternative);
}

/** Standard error of M_num − M_den: the pieces at θ = 1. */
function differenceSe(r: RatioOfMeans): number {
  return Math.sqrt(Math.max(0, r.pieces.reduce((s, p) => s + p.a + p.b + p.c, 0)));
}

/**
 * The margin tests for means, over every pair of groups:
 * - on the ratio of the two means (the relative gap and the impact ratio are both functions of it),
 *   when rules.ratioBand: equivalence by two one-sided tests that the ratio lies in the band [L, 1/L]
 *   (ratioBandLower), each a t-test of the contrast M_a − θ·M_b (Fieller's construction; Tamhane &
 *   Logan 2004); beyond the margin, in the observed direction, the ratio below L (or above 1/L);
 * - on the difference of the two means, when rules.maxMeanGap is set: equivalence by two one-sided
 *   t-tests against ±maxMeanGap (differenceTest); beyond the margin, the difference past the margin
 *   in the observed direction.
 * A pair is equivalent when every test of every rule rejects; the beyond-margin tests (one per pair
 * and rule) are Bonferroni-combined over the axis.
 * The contrast's variance comes from the design (numeric.ts builds the pieces): paired blocks give
 * a paired contrast, stratified blocks a block-weighted contrast with within-block variances, and
 * independent groups Welch's form.
 */
export function meanMargin(
  pairs: readonly MeanPair[],
  policy: Policy,
  favourable: 'higher' | 'lower',
  method: string,
  rules: MeanMarginRules = { ratioBand: true },
): MarginDraft {
  const lower = ratioBandLower(policy, favourable);
  const upper = 1 / lower;
  const gap = rules.maxMeanGap;
  // With no rule there is nothing to test, and an empty test list would read as equivalence.
  if (!rules.ratioBand && gap === undefined) throw new RangeError('meanMargin needs the ratio band, maxMeanGap, or both');
  const outcomes: PairOutcome[] = pairs.map(({ pair, ratio }) => {
    let equivalenceP = 0;
    const beyondP: number[] = [];
    const criteria: CriterionDistance[] = [];
    if (rules.ratioBand) {
      const r = ratio.numerator / ratio.denominator;
      equivalenceP = Math.max(ratioTest(ratio, lower, 'greater').pValue, ratioTest(ratio, upper, 'less').pValue);
      beyondP.push(r <= 1 ? ratioTest(ratio, lower, 'less').pValue : ratioTest(ratio, upper, 'greater').pValue);
      // Delta method: Var(r̂) ≈ Var(M_a − r̂·M_b) / M_b².
      const variance = ratio.pieces.reduce((s, p) => s + p.a + p.b * r + p.c * r * r, 0);
      const se = Math.sqrt(Math.max(variance, 0)) / Math.abs(ratio.denominator);
      criteria.push({ distance: Math.min(r - lower, upper - r), se });
    }
    if (gap !== undefined) {
      const d = ratio.numerator - ratio.denominator;
      equivalenceP = Math.max(equivalenceP, differenceTest(ratio, -gap, 'greater').pValue, differenceTest(ratio, gap, 'less').pValue);
      beyondP.push(d <= 0 ? differenceTest(ratio, -gap, 'less').pValue : differenceTest(ratio, gap, 'greater').pValue);
      criteria.push({ distance: gap - Math.abs(d), se: differenceSe(ratio) });
    }
    return { pair, equivalenceP, beyondP, criteria };
  });
  const base = rules.ratioBand
    ? { scale: 'mean-ratio', minImpactRatio: policy.minImpactRatio, ratioBand: { lower, upper }, ...(gap === undefined ? {} : { maxMeanGap: gap }), method }
    : { scale: 'mean-difference', minImpactRatio: policy.minImpactRatio, maxMeanGap: gap, method };
  return combine(outcomes, base as Omit<MarginDraft, 'equivalence' | 'beyond' | 'distances' | 'pairs'>, policy.alpha);
}
