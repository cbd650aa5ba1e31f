import type { AxisDistribution, GroupDistribution, Outcome, OutcomeSpec, Probe, ProbeSet } from '../types.js';
import { outcomeScale } from './outcome-scale.js';

/**
 * For an outcome measured on a scale (numeric, sentiment, length), the spread of each group's scored
 * values on each axis: quantiles for the report's distribution chart, and the NYC Local Law 144
 * "scoring rate" (share of a group above the median of everyone scored on the axis; 6 RCNY §5-300,
 * definition of "scoring rate"). Rates need none of this (their distribution is the rate), so
 * yes/no, choice and refusal outcomes get an empty list.
 */
export function summariseDistributions(
  probeSet: Pick<ProbeSet, 'axes'>,
  outcome: OutcomeSpec,
  probes: readonly Probe[],
  outcomes: readonly Outcome[],
): AxisDistribution[] {
  const scale = outcomeScale(outcome);
  if (scale === undefined) return [];
  const probeById = new Map(probes.map((p) => [p.id, p]));
  const out: AxisDistribution[] = [];
  for (const axis of probeSet.axes) {
    const byGroup = new Map<string, number[]>(axis.groups.map((g) => [g, []]));
    for (const o of outcomes) {
      if (o.status !== 'scored' || o.value === null || !Number.isFinite(o.value)) continue;
      const group = probeById.get(o.probeId)?.groups[axis.id];
      if (group !== undefined) byGroup.get(group)?.push(o.value);
    }
    const all = [...byGroup.values()].flat().sort((a, b) => a - b);
    if (all.length === 0) continue;
    const median = quantileSorted(all, 0.5);
    const favourable = scale.favourable === 'higher' ? (x: number) => x > median : (x: number) => x < median;
    // A group without a scored value has no distribution to show; its absence is in the group table.
    const groups = [...byGroup].filter(([, values]) => values.length > 0).map(([group, values]): Omit<GroupDistribution, 'scoringImpactRatio'> => {
      const v = [...values].sort((a, b) => a - b);
      const q = (p: number): number => quantileSorted(v, p);
      return {
        group,
        n: v.length,
        min: q(0),
        p10: q(0.1),
        p25: q(0.25),
        median: q(0.5),
        p75: q(0.75),
        p90: q(0.9),
        max: q(1),
        scoringRate: v.filter(favourable).length / v.length,
      };
    });
    const best = Math.max(...groups.map((g) => g.scoringRate));
    out.push({
      axis: axis.id,
      median,
      // When no value lies beyond the median (all tied) every rate is 0: equal rates, ratio 1.
      groups: groups.map((g) => ({ ...g, scoringImpactRatio: best > 0 ? g.scoringRate / best : 1 })),
    });
  }
  return out;
}

/**
 * Quantile of sorted data by linear interpolation between order statistics: R `quantile(type = 7)`,
 * NumPy `np.quantile(method='linear')`. @example quantileSorted([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}
