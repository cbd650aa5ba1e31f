import { chiSquareIndependence, cmh, cochranQ, fisherExact, mcnemarExact, newcombeDifference, wilsonInterval } from '../stats/index.js';
import type { Axis, GroupStat, Policy } from '../types.js';
import { assembleAnalysis, excludedNote, statusCounts, type AxisAnalysis, type OmnibusResult, type PairResult } from './analysis.js';
import { cramersVEffect, rateEffectSizes } from './effect-sizes.js';
import { rateMargin } from './margin.js';
import { cellsOf, completeBlocks, oneValuePerCell, type Cells, type Observation } from './observations.js';

/**
 * Rates of the favourable outcome per group, and the test chosen by design (DESIGN.md):
 * - one scored reply per group in each block (one probe, one sample): paired — McNemar exact (2
 *   groups) or Cochran's Q (3+) on the blocks where every group answered;
 * - several replies per group and block (names, samples): stratified — Cochran–Mantel–Haenszel
 *   over blocks (generalised CMH for 3+ groups); a block missing a group still counts for the rest;
 * - no usable blocks: independent — Pearson chi-square, or Fisher's exact for 2 groups when an
 *   expected count is below 5.
 * A group without a single scored reply is left out (a note names it). Effect sizes against the
 * most favoured group, Cramér's V for the axis, and the margin tests over every pair come along.
 */
export function analyseBinary(axis: Axis, obs: readonly Observation[], policy: Policy): AxisAnalysis | undefined {
  const groupsSeen = axis.groups.filter((g) => obs.some((o) => o.group === g));
  const counts = new Map<string, number>();
  const all: GroupStat[] = groupsSeen.map((g) => {
    const own = obs.filter((o) => o.group === g);
    const scored = own.filter((o) => o.status === 'scored' && o.value !== null);
    const x = scored.reduce((a, o) => a + (o.value as number), 0);
    counts.set(g, x);
    const n = scored.length;
    const ci = wilsonInterval(x, n);
    return { group: g, n, value: n > 0 ? x / n : 0, ciLow: ci.lower, ciHigh: ci.upper, impactRatio: 1, ...statusCounts(own) };
  });
  const stats = all.filter((s) => s.n > 0);
  if (stats.length < 2) return undefined;
  const notes: string[] = [];
  const excluded = excludedNote(all.filter((s) => s.n === 0), 'having no scored reply');
  if (excluded) notes.push(excluded);
  const xOf = (s: GroupStat): number => counts.get(s.group) as number;
  const ref = stats.reduce((a, b) => (b.value > a.value ? b : a));
  const worst = stats.reduce((a, b) => (b.value < a.value ? b : a));
  for (const s of stats) s.impactRatio = ref.value > 0 ? s.value / ref.value : 1;
  if (ref.value === 0) notes.push('No group received a single favourable outcome: every impact ratio is reported as 1.');

  const groups = stats.map((s) => s.group);
  const cells = cellsOf(obs, groups);
  const omnibus = binaryTest(cells);
  const refIndex = groups.indexOf(ref.group);
  const pairs = stats
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.group !== ref.group)
    .map(({ s, i }) => {
      const test = binaryPairTest(subCells(cells, [i, refIndex]), omnibus.design);
      const difference = newcombeDifference(xOf(s), s.n, xOf(ref), ref.n);
      return { group: s, test, difference, effectSizes: rateEffectSizes(xOf(s), s.n, xOf(ref), ref.n) };
    });
  const totalX = stats.reduce((a, s) => a + xOf(s), 0);
  const totalN = stats.reduce((a, s) => a + s.n, 0);
  // Agresti–Caffo pooled rate for the unit variance: an all-yes axis still has a spread to plan with.
  const pooled = (totalX + 1) / (totalN + 2);
  const ratioMargin = policy.minImpactRatio > 0 ? -pooled * Math.log(policy.minImpactRatio) : Infinity;
  return assembleAnalysis({
    axis,
    metric: 'rate',
    groups: stats,
    reference: ref,
    worst,
    gap: ref.value - worst.value,
    relativeGap: ref.value - worst.value,
    omnibus,
    pairs,
    correction: policy.correction,
    blocksTotal: new Set(obs.map((o) => o.block)).size,
    effectSizes: [cramersVEffect(stats.map((s) => ({ x: xOf(s), n: s.n })))],
    marginDraft: rateMargin(stats.map((s) => ({ group: s.group, x: xOf(s), n: s.n })), policy),
    powerInput: {
      metric: 'rate',
      groupSizes: stats.map((s) => s.n),
      unitVariance: pooled * (1 - pooled),
      // The impact-ratio rule, near the pooled rate, is a margin of −p̄·log(minImpactRatio) on the difference scale.
      margin: Math.min(policy.maxRateGap, ratioMargin),
    },
    notes,
  });
}

function binaryTest(cells: Cells): OmnibusResult {
  const k = cells.groups.length;
  if (oneValuePerCell(cells)) {
    const complete = completeBlocks(cells);
    if (complete.length >= 2) {
      const rows = complete.map((b) => b.map((c) => c[0] as number));
      if (k === 2) {
        const b = rows.filter((r) => r[0] === 1 && r[1] === 0).length;
        const c = rows.filter((r) => r[0] === 0 && r[1] === 1).length;
        return { design: 'paired', test: 'mcnemar-exact', ...mcnemarExact(b, c), blocksUsed: complete.length };
      }
      return { design: 'paired', test: 'cochran-q', ...cochranQ(rows), blocksUsed: complete.length };
    }
  } else {
    const strata = [...cells.blocks.values()].filter((b) => b.filter((c) => c.length > 0).length >= 2);
    if (strata.length >= 1) {
      const tables = strata.map((b) => b.map((c) => [sum(c), c.length - sum(c)]));
      return { design: 'stratified', test: 'cmh', ...cmh(tables), blocksUsed: strata.length };
    }
  }
  return independentTest(cells);
}

function independentTest(cells: Cells): OmnibusResult {
  const all = cells.groups.map((_, g) => [...cells.blocks.values()].flatMap((b) => b[g] as number[]));
  const table = all.map((vals) => [sum(vals), vals.length - sum(vals)]);
  const chi = chiSquareIndependence(table);
  if (table.length === 2 && chi.expected.some((r) => r.some((e) => e < 5))) {
    const f = fisherExact(table as [[number, number], [number, number]]);
    // Fisher's test conditions on the margins; its statistic is the first group's favourable count.
    return { design: 'independent', test: 'fisher-exact', statistic: (table[0] as number[])[0] as number, pValue: f.pValue, blocksUsed: 0 };
  }
  return { design: 'independent', test: 'chi-square', statistic: chi.statistic, ...(chi.df === undefined ? {} : { df: chi.df }), pValue: chi.pValue, blocksUsed: 0 };
}

function binaryPairTest(cells: Cells, design: OmnibusResult['design']): PairResult {
  // The pair is tested with the omnibus's design, on the two groups' data only.
  if (design === 'paired') {
    const complete = completeBlocks(cells);
    if (complete.length >= 1) {
      const rows = complete.map((b) => b.map((c) => c[0] as number));
      const b = rows.filter((r) => r[0] === 1 && r[1] === 0).length;
      const c = rows.filter((r) => r[0] === 0 && r[1] === 1).length;
      return { test: 'mcnemar-exact', ...mcnemarExact(b, c) };
    }
  }
  if (design === 'stratified') {
    const strata = [...cells.blocks.values()].filter((b) => b.every((c) => c.length > 0));
    if (strata.length >= 1) return { test: 'cmh', ...cmh(strata.map((b) => b.map((c) => [sum(c), c.length - sum(c)]))) };
  }
  const r = independentTest(cells);
  return { test: r.test, statistic: r.statistic, pValue: r.pValue };
}

/** The same cells restricted to some groups (in the given order). */
export function subCells(cells: Cells, indices: number[]): Cells {
  const blocks = new Map<string, number[][]>();
  for (const [k, b] of cells.blocks) blocks.set(k, indices.map((i) => b[i] as number[]));
  return { groups: indices.map((i) => cells.groups[i] as string), blocks };
}

function sum(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
