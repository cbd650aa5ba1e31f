import type { Design, Finding, GroupStat, PairwiseComparison, TestName } from '../types.js';

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

export type { PairwiseComparison };
