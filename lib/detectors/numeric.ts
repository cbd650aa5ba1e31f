import {
  fiellerInterval,
  friedman,
  kruskalWallis,
  meanInterval,
  stratifiedPermutation,
  welchDifferenceInterval,
  welchT,
  wilcoxonSignedRank,
  type RatioOfMeans,
  type Rng,
  type VariancePiece,
} from '../stats/index.js';
import type { Axis, Design, EffectSize, GroupStat, Policy } from '../types.js';
import { assembleAnalysis, excludedNote, statusCounts, type AxisAnalysis, type OmnibusResult, type PairResult } from './analysis.js';
import { subCells } from './binary.js';
import { meanEffectSizes } from './effect-sizes.js';
import { meanMargin, ratioBandLower, type MeanMarginRules, type MeanPair } from './margin.js';
import { meanMarginRules } from './policy.js';
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
 * A group with fewer than two scored values is left out (a note names it): no spread, no interval.
 * `rules` says which margins apply (policy.ts meanMarginRules): the ratio band, an absolute gap
 * between means, or both; sentiment, a signed scale, has the absolute gap only.
 */
export function analyseNumeric(
  axis: Axis,
  obs: readonly Observation[],
  favourable: 'higher' | 'lower',
  policy: Policy,
  rng: Rng,
  rules: MeanMarginRules = meanMarginRules('numeric', policy),
): AxisAnalysis | undefined {
  const groupsSeen = axis.groups.filter((g) => obs.some((o) => o.group === g));
  const values = new Map<string, number[]>();
  const all = groupsSeen.map((g) => {
    const own = obs.filter((o) => o.group === g);
    const vals = own.filter((o) => o.status === 'scored' && o.value !== null).map((o) => o.value as number);
    values.set(g, vals);
    return { group: g, n: vals.length, ...statusCounts(own) };
  });
  const kept = all.filter((g) => g.n >= 2);
  if (kept.length < 2) return undefined;
  const notes: string[] = [];
  const excluded = excludedNote(all.filter((g) => g.n < 2), 'having fewer than two scored values');
  if (excluded) notes.push(excluded);
  const stats: GroupStat[] = kept.map((g) => {
    const mi = meanInterval(values.get(g.group) as number[]);
    return { ...g, value: mi.mean, ciLow: mi.lower, ciHigh: mi.upper, sd: mi.sd, impactRatio: 1 };
  });
  const better = (a: GroupStat, b: GroupStat) => (favourable === 'higher' ? b.value > a.value : b.value < a.value);
  const ref = stats.reduce((a, b) => (better(a, b) ? b : a));
  const worst = stats.reduce((a, b) => (better(b, a) ? b : a));
  // Ratios of means only where the ratio band applies: on a signed scale they say nothing.
  const positive = rules.ratioBand && stats.every((s) => s.value > 0);
  for (const s of stats) s.impactRatio = positive ? (favourable === 'higher' ? s.value / ref.value : ref.value / s.value) : 1;
  if (!rules.ratioBand) {
    notes.push(`A signed scale: ratios of means say nothing here, so impact ratios are reported as 1 and the margin is the absolute gap between group means (at most ${rules.maxMeanGap} in the outcome's units, policy.maxMeanGap).`);
  } else if (!positive) {
    notes.push(
      rules.maxMeanGap === undefined
        ? 'Impact ratios and the relative-gap margin need positive means; some group mean is 0 or below, so impact ratios are reported as 1 and the margin tests are not run.'
        : `Impact ratios and the relative-gap margin need positive means; some group mean is 0 or below, so impact ratios are reported as 1 and only the absolute margin (policy.maxMeanGap = ${rules.maxMeanGap}) is tested.`,
    );
  }

  const groups = stats.map((s) => s.group);
  const cells = cellsOf(obs, groups);
  const omnibus = numericTest(cells, rng);
  const refIndex = groups.indexOf(ref.group);
  const valuesOf = (s: GroupStat) => values.get(s.group) as number[];
  const pairs = stats
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.group !== ref.group)
    .map(({ s, i }) => {
      const test = numericPairTest(subCells(cells, [i, refIndex]), omnibus.design, rng);
      const difference = welchDifferenceInterval(valuesOf(s), valuesOf(ref));
      const effects = meanEffectSizes(valuesOf(s), valuesOf(ref));
      for (const n of effects.notes) notes.push(`"${s.group}" vs "${ref.group}": ${n}`);
      const sizes: EffectSize[] = [
        { measure: 'mean-difference', estimate: difference.difference, ciLow: difference.lower, ciHigh: difference.upper, confidence: 0.95, method: "Welch interval (Welch 1947)" },
      ];
      if (positive) {
        const ratio = ratioOfMeans(cells, i, refIndex, omnibus.design);
        const f = fiellerInterval(ratio.ratio, 0.95);
        if (Number.isFinite(f.lower) && Number.isFinite(f.upper)) {
          sizes.push({ measure: 'mean-ratio', estimate: f.ratio, ciLow: f.lower, ciHigh: f.upper, confidence: 0.95, method: `Fieller interval, ${ratio.method}` });
        } else {
          notes.push(`"${s.group}" vs "${ref.group}": the ratio of means has no bounded Fieller interval (the reference mean is not clearly above 0).`);
        }
      }
      return { group: s, test, difference, effectSizes: [...sizes, ...effects.sizes] };
    });
  const gap = Math.abs(ref.value - worst.value);
  let marginDraft;
  const applied: MeanMarginRules = { ratioBand: positive, ...(rules.maxMeanGap === undefined ? {} : { maxMeanGap: rules.maxMeanGap }) };
  if (applied.ratioBand || applied.maxMeanGap !== undefined) {
    const meanPairs: MeanPair[] = [];
    let method = '';
    for (let i = 0; i < stats.length; i++) {
      for (let j = i + 1; j < stats.length; j++) {
        // Orient the pair: the less favoured group's mean over the more favoured group's.
        const [lo, hi] = better(stats[i] as GroupStat, stats[j] as GroupStat) ? [i, j] : [j, i];
        const r = ratioOfMeans(cells, lo, hi, omnibus.design);
        method = r.method;
        meanPairs.push({ pair: [groups[hi] as string, groups[lo] as string], ratio: r.ratio });
      }
    }
    const tested = [
      ...(applied.ratioBand ? ['ratio of means tested through the contrast M_a − θ·M_b (Fieller; Tamhane & Logan 2004)'] : []),
      ...(applied.maxMeanGap !== undefined ? [`difference of means tested against ±${applied.maxMeanGap} (two one-sided t-tests)`] : []),
    ];
    marginDraft = meanMargin(meanPairs, policy, favourable, `Every pair of groups: ${tested.join('; ')}, ${method}.`, applied);
  }
  const unit = unitVariance(cells, stats.map((s) => valuesOf(s)));
  // The power figures follow the stricter rule: the margin fewer standard deviations wide.
  const logMargin = -Math.log(ratioBandLower(policy, favourable));
  const absolute = applied.maxMeanGap !== undefined && (!applied.ratioBand || applied.maxMeanGap < logMargin * Math.abs(ref.value));
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
    correction: policy.correction,
    blocksTotal: new Set(obs.map((o) => o.block)).size,
    effectSizes: [],
    marginDraft,
    powerInput: {
      metric: 'mean',
      groupSizes: stats.map((s) => s.n),
      unitVariance: unit,
      margin: absolute ? (applied.maxMeanGap as number) : logMargin,
      referenceMean: ref.value,
      ...(absolute ? { absolute: true } : {}),
    },
    notes,
  });
}

/**
 * The ratio of group a's mean to group b's as the design sees it, with the variance pieces of the
 * contrast M_a − θ·M_b (lib/stats ratio-of-means.ts):
 * - paired: the blocks where both answered; one piece from the paired contrasts (s_aa, s_ab, s_bb);
 * - stratified: block-weighted means over the blocks holding both, weights w = n_a·n_b/(n_a + n_b)
 *   (the Mantel–Haenszel weights, equal to the block size when the groups are balanced), each
 *   block's within-block variances as pieces; a block with one value of a group borrows that
 *   group's pooled within-block variance;
 * - independent: Welch's two pieces from all values.
 */
function ratioOfMeans(cells: Cells, a: number, b: number, design: Design): { ratio: RatioOfMeans; method: string } {
  const blocks = [...cells.blocks.values()].map((blk) => [blk[a] as number[], blk[b] as number[]] as const).filter(([x, y]) => x.length > 0 && y.length > 0);
  if (design === 'paired') {
    const pairsAB = blocks.filter(([x, y]) => x.length === 1 && y.length === 1).map(([x, y]) => [x[0] as number, y[0] as number] as const);
    if (pairsAB.length >= 2) {
      const xs = pairsAB.map((p) => p[0]);
      const ys = pairsAB.map((p) => p[1]);
      const n = xs.length;
      return {
        ratio: { numerator: mean(xs), denominator: mean(ys), pieces: [{ a: covariance(xs, xs) / n, b: (-2 * covariance(xs, ys)) / n, c: covariance(ys, ys) / n, df: n - 1 }] },
        method: 'paired contrasts over the blocks where both groups answered',
      };
    }
  }
  if (design === 'stratified' && blocks.length > 0) {
    const pooledA = pooledWithin(blocks.map(([x]) => x));
    const pooledB = pooledWithin(blocks.map(([, y]) => y));
    const either = pooledWithin(blocks.flatMap(([x, y]) => [x, y]));
    const fallbackA = pooledA ?? either;
    const fallbackB = pooledB ?? either;
    if (fallbackA && fallbackB) {
      const weights = blocks.map(([x, y]) => (x.length * y.length) / (x.length + y.length));
      const total = weights.reduce((s, w) => s + w, 0);
      let numerator = 0;
      let denominator = 0;
      const pieces: VariancePiece[] = [];
      blocks.forEach(([x, y], i) => {
        const w = (weights[i] as number) / total;
        numerator += w * mean(x);
        denominator += w * mean(y);
        const va = x.length >= 2 ? { v: covariance(x, x), df: x.length - 1 } : fallbackA;
        const vb = y.length >= 2 ? { v: covariance(y, y), df: y.length - 1 } : fallbackB;
        pieces.push({ a: (w * w * va.v) / x.length, b: 0, c: 0, df: va.df });
        pieces.push({ a: 0, b: 0, c: (w * w * vb.v) / y.length, df: vb.df });
      });
      return { ratio: { numerator, denominator, pieces }, method: 'block-weighted means with within-block variances' };
    }
  }
  const xs = [...cells.blocks.values()].flatMap((blk) => blk[a] as number[]);
  const ys = [...cells.blocks.values()].flatMap((blk) => blk[b] as number[]);
  return {
    ratio: { numerator: mean(xs), denominator: mean(ys), pieces: [{ a: covariance(xs, xs) / xs.length, b: 0, c: 0, df: xs.length - 1 }, { a: 0, b: 0, c: covariance(ys, ys) / ys.length, df: ys.length - 1 }] },
    method: 'independent groups (Welch)',
  };
}

/** Pooled within-cell variance over the cells with two or more values, with its degrees of freedom. */
function pooledWithin(cellValues: readonly (readonly number[])[]): { v: number; df: number } | undefined {
  let ss = 0;
  let df = 0;
  for (const c of cellValues) {
    if (c.length < 2) continue;
    ss += covariance(c, c) * (c.length - 1);
    df += c.length - 1;
  }
  return df > 0 ? { v: ss / df, df } : undefined;
}

/**
 * The variance of one reply around its group's mean within a block, for the power figures: the
 * pooled within-cell variance when cells hold several values; in a paired design (one value per
 * cell) the residual variance of the additive block + group model on the complete blocks.
 */
function unitVariance(cells: Cells, groupValues: readonly number[][]): number {
  const within = pooledWithin([...cells.blocks.values()].flat());
  if (within) return within.v;
  const complete = completeBlocks(cells).map((b) => b.map((c) => c[0] as number));
  const k = cells.groups.length;
  if (complete.length >= 2) {
    const grand = mean(complete.flat());
    const colMeans = Array.from({ length: k }, (_, g) => mean(complete.map((r) => r[g] as number)));
    let ss = 0;
    for (const row of complete) {
      const rm = mean(row);
      row.forEach((v, g) => (ss += (v - rm - (colMeans[g] as number) + grand) ** 2));
    }
    return ss / ((complete.length - 1) * (k - 1));
  }
  return pooledWithin(groupValues)?.v ?? 0;
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
  if (k === 2) return { design: 'independent', test: 'welch-t', ...finiteWelch(all[0] as number[], all[1] as number[]), blocksUsed: 0 };
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
  return { test: 'welch-t', ...finiteWelch(a, b) };
}

/**
 * Welch's t with every group holding two or more values (analyseNumeric keeps only those). When
 * neither group varies and the means differ, t is infinite: it is reported as the largest finite
 * double with the sign of the difference, and a note says so (JSON has no Infinity).
 */
function finiteWelch(a: number[], b: number[]): { statistic: number; pValue: number; df?: number; note?: string } {
  const r = welchT(a, b);
  if (Number.isFinite(r.statistic)) return r;
  return { ...r, statistic: Math.sign(r.statistic) * Number.MAX_VALUE, note: "Welch's t is infinite (neither group's values vary and the means differ); the statistic is shown as the largest finite number." };
}

function toStrata(blocks: number[][][]): { group: number; value: number }[][] {
  return blocks.map((b) => b.flatMap((vals, g) => vals.map((value) => ({ group: g, value }))));
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function covariance(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - mx) * ((y[i] as number) - my);
  return s / (x.length - 1);
}
