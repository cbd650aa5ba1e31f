import { adjustPValues } from '../stats/index.js';
import type { Axis, Correction, Design, EffectSize, Finding, GroupStat, PairwiseComparison, TestName } from '../types.js';
import type { MarginDraft } from './margin.js';
import type { PowerInput } from './power.js';

/**
 * A finding before the audit-wide steps (the correction across axes, the margin verdict, power
 * and samples needed), with what those steps need from the axis's data.
 */
export interface AxisAnalysis
  extends Omit<Finding, 'id' | 'pAdjusted' | 'verdict' | 'reason' | 'summary' | 'margin' | 'power' | 'samplesNeeded'> {
  /** The margin tests over every pair of groups, or undefined when they cannot be computed (a note says why). */
  marginDraft: MarginDraft | undefined;
  powerInput: PowerInput;
}

export interface OmnibusResult {
  design: Design;
  test: TestName;
  statistic: number;
  df?: number;
  pValue: number;
  blocksUsed: number;
  /** Why the statistic is not the usual one, or the test could not run as designed. */
  note?: string;
}

export interface PairResult {
  test: TestName;
  statistic: number;
  pValue: number;
  note?: string;
}

/** Status counts of one group's outcomes. */
export function statusCounts(obs: readonly { status: string }[]): Pick<GroupStat, 'refused' | 'unparsed' | 'errors' | 'total'> {
  let refused = 0;
  let unparsed = 0;
  let errors = 0;
  for (const o of obs) {
    if (o.status === 'refused') refused++;
    else if (o.status === 'unparsed') unparsed++;
    else if (o.status === 'error') errors++;
  }
  return { refused, unparsed, errors, total: obs.length };
}

export interface PairDraft {
  group: GroupStat;
  test: PairResult;
  difference: { difference: number; lower: number; upper: number };
  effectSizes: EffectSize[];
}

/**
 * The parts every axis analysis shares, put together: pairwise p-values corrected within the axis
 * (the omnibus gate is applied later, once the audit-wide correction is known), the impact-ratio
 * minimum, and the block accounting.
 */
export function assembleAnalysis(parts: {
  axis: Axis;
  metric: 'rate' | 'mean';
  groups: GroupStat[];
  reference: GroupStat;
  worst: GroupStat;
  gap: number;
  relativeGap: number;
  omnibus: OmnibusResult;
  pairs: PairDraft[];
  correction: Correction;
  blocksTotal: number;
  effectSizes: EffectSize[];
  marginDraft: MarginDraft | undefined;
  powerInput: PowerInput;
  notes: string[];
}): AxisAnalysis {
  const { axis, omnibus, reference } = parts;
  const adjusted = adjustPValues(parts.pairs.map((p) => p.test.pValue), parts.correction);
  const pairwise: PairwiseComparison[] = parts.pairs.map(({ group, test, difference, effectSizes }, i) => ({
    group: group.group,
    reference: reference.group,
    test: test.test,
    statistic: test.statistic,
    pValue: test.pValue,
    pAdjusted: adjusted[i] as number,
    difference: difference.difference,
    ciLow: difference.lower,
    ciHigh: difference.upper,
    impactRatio: group.impactRatio,
    effectSizes,
  }));
  const notes = [...parts.notes];
  if (omnibus.note) notes.push(omnibus.note);
  for (const p of parts.pairs) if (p.test.note) notes.push(`"${p.group.group}" vs "${reference.group}": ${p.test.note}`);
  return {
    axis: axis.id,
    axisTitle: axis.title,
    attribute: axis.attribute,
    metric: parts.metric,
    design: omnibus.design,
    test: omnibus.test,
    statistic: omnibus.statistic,
    ...(omnibus.df === undefined ? {} : { df: omnibus.df }),
    pValue: omnibus.pValue,
    groups: parts.groups,
    reference: reference.group,
    worst: parts.worst.group,
    gap: parts.gap,
    relativeGap: parts.relativeGap,
    minImpactRatio: Math.min(...parts.groups.map((g) => g.impactRatio)),
    pairwise,
    blocks: { total: parts.blocksTotal, used: omnibus.blocksUsed, dropped: parts.blocksTotal - omnibus.blocksUsed },
    effectSizes: parts.effectSizes,
    notes,
    marginDraft: parts.marginDraft,
    powerInput: parts.powerInput,
  };
}

/** A note for the groups left out of an axis's tests because they have no (or too few) scored values. */
export function excludedNote(excluded: readonly GroupStat[] | readonly { group: string; n: number; refused: number; unparsed: number; errors: number }[], why: string): string | undefined {
  if (excluded.length === 0) return undefined;
  const list = excluded.map((g) => `"${g.group}" (${g.n} scored, ${g.refused} refused, ${g.unparsed} unparsed, ${g.errors} failed)`).join(', ');
  return `Left out of the tests and effect sizes, ${why}: ${list}.`;
}
