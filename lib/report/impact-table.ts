import type { AxisDistribution, Finding } from '../types.js';

/**
 * One row of a table in the format of a NYC Local Law 144 bias audit (6 RCNY §5-301): category,
 * number of people (here: scored replies), selection rate or scoring rate, and impact ratio.
 * For a yes/no outcome the selection rate is the favourable-outcome rate and the impact ratio is
 * the finding's. For an outcome on a scale the rule's "scoring rate" is used: the share of the
 * category above the median of everyone scored on the axis (AxisDistribution), and its ratio to the
 * highest scoring rate. Replies left out (refused, unparsed, failed) are counted, as the rule asks
 * for individuals left out of the calculation.
 */
export interface ImpactRow {
  category: string;
  n: number;
  /** Selection rate or scoring rate, 0..1; NaN when the category has no scored reply. */
  rate: number;
  impactRatio: number;
  excluded: number;
}

export interface ImpactTable {
  kind: 'selection' | 'scoring';
  /** For scoring rates: the median the rates are measured against. */
  median?: number;
  rows: ImpactRow[];
}

export function impactTable(f: Finding, distribution: AxisDistribution | undefined): ImpactTable {
  if (f.metric === 'rate') {
    return {
      kind: 'selection',
      rows: f.groups.map((g) => ({ category: g.group, n: g.n, rate: g.value, impactRatio: g.impactRatio, excluded: g.total - g.n })),
    };
  }
  const byGroup = new Map((distribution?.groups ?? []).map((d) => [d.group, d]));
  return {
    kind: 'scoring',
    ...(distribution ? { median: distribution.median } : {}),
    rows: f.groups.map((g) => {
      const d = byGroup.get(g.group);
      return { category: g.group, n: g.n, rate: d?.scoringRate ?? Number.NaN, impactRatio: d?.scoringImpactRatio ?? Number.NaN, excluded: g.total - g.n };
    }),
  };
}
