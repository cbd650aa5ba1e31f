import { friedman, kruskalWallis, meanInterval, stratifiedPermutation, welchDifferenceInterval, welchT, wilcoxonSignedRank, type Rng } from '../stats/index.js';
import type { Axis, Correction, GroupStat } from '../types.js';
import { assembleAnalysis, statusCounts, type AxisAnalysis, type OmnibusResult, type PairResult } from './analysis.js';
import { subCells } from './binary.js';
import { cellsOf, completeBlocks, oneValuePerCell, type Cells, type Observation } from './observations.js';

export const PERMUTATION_RESAMPLES = 9999;

/**
 * Means per group, and the test chosen by design (DESIGN.md):
 * - one scored reply per group in each block: paired — Wilcoxon signed-rank (2 groups) or Friedman
 *   (3+) on the blocks where every group answered;
 * - several replies per group and block: stratified — a permutation test that shuffles group labels
 *   within blocks (statistic: between-group sum of squares of block-centred values, 9,999 resamples);
 * - no usable blocks: independent — Welch's t (2 groups) or Kruskal–Wallis (3+).
 * `favourable: lower` (an interest rate) makes the group with the lowest mean the reference.
 */
export function analyseNumeric(axis: Axis, obs: readonly Observation[], favourable: 'higher' | 'lower', correction: Correction, rng: Rng): AxisAnalysis | undefined {
  const groupsSeen = axis.groups.filter((g) => obs.some((o) => o.group === g));
  const values = new Map<string, number[]>();
  const stats: GroupStat[] = groupsSeen.map((g) => {
    const own = obs.filter((o) => o.group === g);
    const vals = own.filter((o) => o.status === 'scored' && o.value !== null).map((o) => o.value as number);
    values.set(g, vals);
    const mi = vals.length > 0 ? meanInterval(vals) : { mean: NaN, sd: NaN, lower: NaN, upper: NaN };
    return { group: g, n: vals.length, value: mi.mean, ciLow: mi.lower, ciHigh: mi.upper, sd: mi.sd, impactRatio: NaN, ...statusCounts(own) };
  });
  const withData = stats.filter((s) => s.n > 0);
  if (withData.length < 2) return undefined;
  const better = (a: GroupStat, b: GroupStat) => (favourable === 'higher' ? b.value > a.value : b.value < a.value);
  const ref = withData.reduce((a, b) => (better(a, b) ? b : a));
  const worst = withData.reduce((a, b) => (better(b, a) ? b : a));
  for (const s of stats) s.impactRatio = favourable === 'higher' ? s.value / ref.value : ref.value / s.value;

  const groups = withData.map((s) => s.group);
  const cells = cellsOf(obs, groups);
  const omnibus = numericTest(cells, rng);
  const refIndex = groups.indexOf(ref.group);
  const pairs = withData
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.group !== ref.group)
    .map(({ s, i }) => {
      const test = numericPairTest(subCells(cells, [i, refIndex]), omnibus.design, rng);
      const difference = differenceInterval(values.get(s.group) as number[], values.get(ref.group) as number[]);
      return { group: s, test, difference };
    });
  const gap = Math.abs(ref.value - worst.value);
  return assembleAnalysis({
    axis,
    metric: 'mean',
    groups: stats,
    reference: ref,
    worst,
    gap,
    relativeGap: ref.value !== 0 ? gap / Math.abs(ref.value) : 0,
    omnibus,
    pairs,
    correction,
    blocksTotal: new Set(obs.map((o) => o.block)).size,
  });
}

function numericTest(cells: Cells, rng: Rng): OmnibusResult {
  const k = cells.groups.length;
  if (oneValuePerCell(cells)) {
    const complete = completeBlocks(cells);
    if (complete.length >= 2) {
      const rows = complete.map((b) => b.map((c) => c[0] as number));
      if (k === 2) {
        const w = wilcoxonSignedRank(rows.map((r) => r[0] as number), rows.map((r) => r[1] as number));
        return { design: 'paired', test: 'wilcoxon-signed-rank', statistic: w.statistic, pValue: w.pValue, blocksUsed: complete.length };
      }
      return { design: 'paired', test: 'friedman', ...friedman(rows), blocksUsed: complete.length };
    }
  } else {
    const strata = [...cells.blocks.values()].filter((b) => b.filter((c) => c.length > 0).length >= 2);
    if (strata.length >= 1) {
      const r = stratifiedPermutation(toStrata(strata), k, rng, PERMUTATION_RESAMPLES);
      return { design: 'stratified', test: 'permutation', statistic: r.statistic, pValue: r.pValue, blocksUsed: strata.length };
    }
  }
  const all = cells.groups.map((_, g) => [...cells.blocks.values()].flatMap((b) => b[g] as number[]));
  if (k === 2) return { design: 'independent', test: 'welch-t', ...safeWelch(all[0] as number[], all[1] as number[]), blocksUsed: 0 };
  return { design: 'independent', test: 'kruskal-wallis', ...kruskalWallis(all), blocksUsed: 0 };
}

function numericPairTest(cells: Cells, design: OmnibusResult['design'], rng: Rng): PairResult {
  if (design === 'paired') {
    const complete = completeBlocks(cells);
    if (complete.length >= 1) {
      const w = wilcoxonSignedRank(complete.map((b) => (b[0] as number[])[0] as number), complete.map((b) => (b[1] as number[])[0] as number));
      return { test: 'wilcoxon-signed-rank', statistic: w.statistic, pValue: w.pValue };
    }
  }
  if (design === 'stratified') {
    const strata = [...cells.blocks.values()].filter((b) => b.every((c) => c.length > 0));
    if (strata.length >= 1) {
      const r = stratifiedPermutation(toStrata(strata), 2, rng, PERMUTATION_RESAMPLES);
      return { test: 'permutation', statistic: r.statistic, pValue: r.pValue };
    }
  }
  const [a, b] = [0, 1].map((g) => [...cells.blocks.values()].flatMap((blk) => blk[g] as number[])) as [number[], number[]];
  return { test: 'welch-t', ...safeWelch(a, b) };
}

/**
 * Welch's t needs two values per group; with fewer there is no evidence either way: p = 1 and no
 * statistic (the verdict is then insufficient-data under any sensible minimum group size).
 */
function safeWelch(a: number[], b: number[]): { statistic: number; pValue: number; df?: number } {
  return a.length >= 2 && b.length >= 2 ? welchT(a, b) : { statistic: NaN, pValue: 1 };
}

function differenceInterval(a: number[], b: number[]): { difference: number; lower: number; upper: number } {
  if (a.length >= 2 && b.length >= 2) return welchDifferenceInterval(a, b);
  const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
  return { difference: mean(a) - mean(b), lower: NaN, upper: NaN };
}

function toStrata(blocks: number[][][]): { group: number; value: number }[][] {
  return blocks.map((b) => b.flatMap((vals, g) => vals.map((value) => ({ group: g, value }))));
}
