import { adjustPValues, seededRng } from '../stats/index.js';
import type { Finding, Outcome, Policy, Probe, ProbeSet } from '../types.js';
import type { AxisAnalysis } from './analysis.js';
import { analyseBinary } from './binary.js';
import { analyseNumeric } from './numeric.js';
import { observationsFor } from './observations.js';
import { meanMarginRules } from './policy.js';
import { assessPower, familyLevel, samplesNeeded } from './power.js';
import { summarise } from './summary.js';
import { judge } from './verdict.js';

export interface DetectOptions {
  policy: Policy;
  /** Seeds the permutation tests, so the same journal always gives the same findings. */
  seed: number;
  /**
   * Samples per probe of the run (or, per axis id, replies per block and group), so an
   * inconclusive finding can say how many would decide it.
   */
  samplesPerProbe?: number | Readonly<Record<string, number>>;
}

/**
 * One finding per audited axis: group rates or means with intervals, the omnibus test chosen by
 * design, pairwise comparisons with the most favoured group (gated by the omnibus test), effect
 * sizes with intervals, the policy's correction across every omnibus test of the audit (the
 * family), the margin tests (equivalence for `pass`, beyond-margin for `fail`), power, and a verdict.
 */
export function detect(probeSet: Pick<ProbeSet, 'axes' | 'outcome'>, probes: readonly Probe[], outcomes: readonly Outcome[], opts: DetectOptions): Finding[] {
  const { policy } = opts;
  const analyses: AxisAnalysis[] = [];
  for (const axis of probeSet.axes) {
    const obs = observationsFor(axis, probes, outcomes);
    if (obs.length === 0) continue;
    const a =
      // Sentiment and length are means on a scale, like numeric outcomes (refusal is a rate).
      probeSet.outcome.type === 'numeric' || probeSet.outcome.type === 'sentiment' || probeSet.outcome.type === 'length'
        ? analyseNumeric(axis, obs, probeSet.outcome.favourable, policy, seededRng(`${opts.seed}/${axis.id}`), meanMarginRules(probeSet.outcome.type, policy))
        : analyseBinary(axis, obs, policy);
    if (a) analyses.push(a);
  }
  return finalise(analyses, probeSet.outcome, opts);
}

/**
 * The audit-wide steps over the axis analyses: the omnibus correction (the family is every axis),
 * the omnibus gate on pairwise comparisons, the beyond-margin p-values corrected the same way,
 * power, verdicts and sentences. Exported for `analyze`, which builds the analyses from a table.
 */
export function finalise(analyses: readonly AxisAnalysis[], outcome: ProbeSet['outcome'], opts: DetectOptions): Finding[] {
  const { policy } = opts;
  const m = analyses.length;
  const adjusted = adjustPValues(analyses.map((a) => a.pValue), policy.correction);
  // A fail needs the omnibus test AND the beyond-margin test: its p-value is the larger of the two
  // (a valid p-value for "beyond the margin"), corrected across the axes like the omnibus tests.
  const failRaw = analyses.map((a) => (a.marginDraft ? Math.max(a.pValue, a.marginDraft.beyond.pValue) : 1));
  const failAdjusted = adjustPValues(failRaw, policy.correction);
  const level = familyLevel(policy.alpha, policy.correction, m);
  return analyses.map((a, i) => {
    const { marginDraft, powerInput, ...rest } = a;
    const pAdjusted = adjusted[i] as number;
    const pairwise = rest.pairwise.map((p) => ({ ...p, pAdjusted: Math.max(p.pAdjusted, pAdjusted) }));
    const power = assessPower(powerInput, { level, alpha: policy.alpha });
    const notes = [...rest.notes];
    const margin = marginDraft
      ? (() => {
          const { distances: _distances, ...draft } = marginDraft;
          const pFail = failAdjusted[i] as number;
          return { ...draft, beyond: { ...draft.beyond, pValue: failRaw[i] as number, pAdjusted: pFail, shown: pFail < policy.alpha } };
        })()
      : undefined;
    const { verdict, reason } = judge({ ...rest, pAdjusted }, margin, policy);
    const needed =
      verdict === 'inconclusive' && marginDraft
        ? samplesNeeded(marginDraft, powerInput, {
            repliesPerGroup: power.repliesPerGroup,
            smallestGroup: Math.min(...rest.groups.map((g) => g.n)),
            minGroupSize: policy.minGroupSize,
            alpha: policy.alpha,
            failLevel: familyLevel(policy.alpha, policy.correction, m) / marginDraft.beyond.tests,
            ...(samplesOf(opts.samplesPerProbe, a.axis) === undefined ? {} : { samplesPerProbe: samplesOf(opts.samplesPerProbe, a.axis) as number }),
          })
        : undefined;
    if (verdict === 'inconclusive' && marginDraft && !needed) {
      notes.push('No practical number of samples (up to 400 times this run) would decide this axis, whether the gaps are as observed or the groups alike.');
    }
    const f: Omit<Finding, 'summary'> = {
      ...rest,
      id: `${a.attribute}:${a.axis}`,
      pAdjusted,
      pairwise,
      verdict,
      reason: needed ? `${reason} ${needed.text}` : reason,
      margin: margin ?? unavailableMargin(a, policy),
      power,
      ...(needed ? { samplesNeeded: needed } : {}),
      notes,
    };
    return { ...f, summary: summarise(f, outcome) };
  });
}

function samplesOf(s: DetectOptions['samplesPerProbe'], axis: string): number | undefined {
  return typeof s === 'number' ? s : s?.[axis];
}

/** The margin section of a finding whose margin tests could not run (a note says why): nothing shown. */
function unavailableMargin(a: AxisAnalysis, policy: Policy): Finding['margin'] {
  const first = a.groups[0]?.group ?? '';
  const second = a.groups[1]?.group ?? '';
  return {
    scale: a.metric === 'rate' ? 'rate' : 'mean-ratio',
    minImpactRatio: policy.minImpactRatio,
    pairs: (a.groups.length * (a.groups.length - 1)) / 2,
    equivalence: { pValue: 1, shown: false, pair: [first, second] },
    beyond: { pValue: 1, pAdjusted: 1, shown: false, pair: [first, second], tests: 0 },
    method: 'not computed (see the notes)',
  };
}

export function formatP(p: number): string {
  if (p === 0) return '0';
  if (p < 1e-4) return p.toExponential(1);
  return p < 0.001 ? p.toFixed(4) : p.toFixed(3);
}
