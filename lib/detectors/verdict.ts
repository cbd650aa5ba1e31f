import type { Finding, MarginAssessment, Policy, Verdict } from '../types.js';
import { formatP } from './detect.js';
import { pct, points } from './summary.js';

/**
 * The policy applied to one axis (docs/statistics.md, "Verdict"):
 * 1. a group with fewer than policy.minGroupSize scored replies: inconclusive (too little data to judge);
 * 2. fail when the disparity is shown beyond the margin (margin.beyond.shown: the omnibus test and
 *    the beyond-margin test, corrected across the audit);
 * 3. pass when equivalence within the margin is shown (margin.equivalence.shown);
 * 4. otherwise inconclusive.
 * Pass and fail cannot both hold: a pair shown beyond the margin at the stricter level has its
 * 1 − 2α interval outside the margin too.
 */
export function judge(
  f: Pick<Finding, 'groups' | 'metric' | 'gap' | 'relativeGap' | 'minImpactRatio' | 'test' | 'pAdjusted'>,
  margin: MarginAssessment | undefined,
  policy: Policy,
): { verdict: Verdict; reason: string } {
  const small = f.groups.filter((g) => g.n < policy.minGroupSize);
  if (small.length > 0) {
    return {
      verdict: 'inconclusive',
      reason: `Too few scored replies to judge: ${small.map((g) => `"${g.group}" has ${g.n}`).join(', ')}; the policy needs at least ${policy.minGroupSize} per group.`,
    };
  }
  // An absolute mean margin is in the outcome's own units: the gap is shown in them, not as a share.
  const absoluteGap = margin?.maxMeanGap === undefined ? '' : `observed gap ${f.gap.toFixed(3)} between means (margin ${margin.maxMeanGap})`;
  const size =
    f.metric === 'rate'
      ? `observed gap ${points(f.gap)} (margin ${points(policy.maxRateGap)}), lowest impact ratio ${f.minImpactRatio.toFixed(2)} (margin ${policy.minImpactRatio})`
      : margin?.scale === 'mean-difference'
        ? absoluteGap
        : `observed gap ${pct(f.relativeGap)} of the reference mean (margin ${pct(policy.maxRelativeMeanGap)}), lowest impact ratio ${f.minImpactRatio.toFixed(2)} (margin ${policy.minImpactRatio})${absoluteGap ? `, ${absoluteGap}` : ''}`;
  const omnibus = `${f.test} adjusted p = ${formatP(f.pAdjusted)}`;
  if (!margin) return { verdict: 'inconclusive', reason: `The margin tests could not be computed (see the notes); ${omnibus}; ${size}.` };
  const [a, b] = margin.beyond.pair;
  if (margin.beyond.shown) {
    return {
      verdict: 'fail',
      reason: `Disparity beyond the policy shown: "${b}" vs "${a}" is beyond the margin (beyond-margin adjusted p = ${formatP(margin.beyond.pAdjusted)} < ${policy.alpha}; ${omnibus}); ${size}.`,
    };
  }
  if (margin.equivalence.shown) {
    return {
      verdict: 'pass',
      reason: `Equivalence within the policy shown for all ${margin.pairs} pair${margin.pairs === 1 ? '' : 's'} of groups (largest TOST p = ${formatP(margin.equivalence.pValue)} < ${policy.alpha}); ${size}.`,
    };
  }
  const [c, d] = margin.equivalence.pair;
  return {
    verdict: 'inconclusive',
    reason: `Neither a disparity beyond the policy nor equivalence within it is shown: "${d}" vs "${c}" could still be beyond the margin (TOST p = ${formatP(margin.equivalence.pValue)}), and no pair is shown beyond it (adjusted p = ${formatP(margin.beyond.pAdjusted)}); ${size}.`,
  };
}
