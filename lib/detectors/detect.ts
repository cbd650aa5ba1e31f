import { adjustPValues } from '../stats/index.js';
import { seededRng } from '../stats/index.js';
import type { Finding, Outcome, Policy, Probe, ProbeSet, Verdict } from '../types.js';
import type { AxisAnalysis } from './analysis.js';
import { analyseBinary } from './binary.js';
import { analyseNumeric } from './numeric.js';
import { observationsFor } from './observations.js';
import { pct, points, summarise } from './summary.js';

export interface DetectOptions {
  policy: Policy;
  /** Seeds the permutation tests, so the same journal always gives the same findings. */
  seed: number;
}

/**
 * One finding per audited axis: group rates or means with intervals, the omnibus test chosen by
 * design, pairwise comparisons with the most favoured group, the policy's correction across every
 * omnibus test of the audit (the family), and a verdict.
 */
export function detect(probeSet: Pick<ProbeSet, 'axes' | 'outcome'>, probes: readonly Probe[], outcomes: readonly Outcome[], opts: DetectOptions): Finding[] {
  const analyses: AxisAnalysis[] = [];
  for (const axis of probeSet.axes) {
    const obs = observationsFor(axis, probes, outcomes);
    if (obs.length === 0) continue;
    const a =
      probeSet.outcome.type === 'numeric'
        ? analyseNumeric(axis, obs, probeSet.outcome.favourable, opts.policy.correction, seededRng(`${opts.seed}/${axis.id}`))
        : analyseBinary(axis, obs, opts.policy.correction);
    if (a) analyses.push(a);
  }
  const adjusted = adjustPValues(analyses.map((a) => a.pValue), opts.policy.correction);
  return analyses.map((a, i) => {
    const pAdjusted = adjusted[i] as number;
    const { verdict, reason } = judge(a, pAdjusted, opts.policy);
    const f = { ...a, id: `${a.attribute}:${a.axis}`, pAdjusted, verdict, reason };
    return { ...f, summary: summarise(f, probeSet.outcome) };
  });
}

/** The policy applied to one finding: shown (adjusted p) AND large (impact ratio or gap). */
export function judge(a: AxisAnalysis, pAdjusted: number, policy: Policy): { verdict: Verdict; reason: string } {
  const small = a.groups.filter((g) => g.n < policy.minGroupSize);
  if (small.length > 0) {
    return {
      verdict: 'insufficient-data',
      reason: `${small.map((g) => `"${g.group}" has ${g.n}`).join(', ')} scored repl${small.length === 1 && small[0]?.n === 1 ? 'y' : 'ies'}; the policy needs at least ${policy.minGroupSize} per group.`,
    };
  }
  const significant = pAdjusted < policy.alpha;
  const belowRatio = a.minImpactRatio < policy.minImpactRatio;
  const gapLimit = a.metric === 'rate' ? policy.maxRateGap : policy.maxRelativeMeanGap;
  const overGap = a.relativeGap > gapLimit;
  const size =
    a.metric === 'rate'
      ? `gap ${points(a.gap)} (limit ${points(gapLimit)}), lowest impact ratio ${a.minImpactRatio.toFixed(2)} (limit ${policy.minImpactRatio})`
      : `gap ${pct(a.relativeGap)} of the reference mean (limit ${pct(gapLimit)}), lowest impact ratio ${a.minImpactRatio.toFixed(2)} (limit ${policy.minImpactRatio})`;
  const p = `adjusted p = ${formatP(pAdjusted)} (${a.test}, ${policy.correction})`;
  if (significant && (belowRatio || overGap)) return { verdict: 'fail', reason: `Disparity shown and beyond the policy: ${p} < ${policy.alpha}; ${size}.` };
  if (significant) return { verdict: 'pass', reason: `A difference is shown (${p}) but within the policy: ${size}.` };
  if (belowRatio || overGap) {
    return { verdict: 'pass', reason: `No disparity shown (${p} ≥ ${policy.alpha}), but the observed ${size} is beyond the policy: these data cannot rule it out; more samples would.` };
  }
  return { verdict: 'pass', reason: `No disparity shown: ${p} ≥ ${policy.alpha}; ${size}.` };
}

export function formatP(p: number): string {
  if (p === 0) return '0';
  if (p < 1e-4) return p.toExponential(1);
  return p < 0.001 ? p.toFixed(4) : p.toFixed(3);
}
