import { adjustPValues } from '../stats/index.js';
import type { Axis, Correction, Design, Finding, GroupStat, PairwiseComparison, TestName } from '../types.js';

/** A finding before the audit-wide correction and the verdict. */
export type AxisAnalysis = Omit<Finding, 'id' | 'pAdjusted' | 'verdict' | 'reason' | 'summary'>;

export interface OmnibusResult {
  design: Design;
  test: TestName;
  statistic: number;
  df?: number;
  pValue: number;
  blocksUsed: number;
}

export interface PairResult {
  test: TestName;
  statistic: number;
  pValue: number;
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
}

/**
 * The parts every axis analysis shares, put together: pairwise p-values corrected within the axis,
 * the impact-ratio minimum, and the block accounting.
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
}): AxisAnalysis {
  const { axis, omnibus, reference } = parts;
  const adjusted = adjustPValues(parts.pairs.map((p) => p.test.pValue), parts.correction);
  const pairwise: PairwiseComparison[] = parts.pairs.map(({ group, test, difference }, i) => ({
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
  }));
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
    minImpactRatio: Math.min(...parts.groups.filter((g) => g.n > 0).map((g) => g.impactRatio)),
    pairwise,
    blocks: { total: parts.blocksTotal, used: omnibus.blocksUsed, dropped: parts.blocksTotal - omnibus.blocksUsed },
  };
}
