import { seededRng, type Rng } from '../stats/index.js';
import type { CorrectedGroup, CorrectedPair, Policy, Verdict } from '../types.js';
import { roganGladen } from './rogan-gladen.js';

/** How a reply reads on the finding's scale: an answer at all, and a favourable one. */
export interface ReadFlags {
  answer: boolean;
  favourable: boolean;
}

/** One reply of the run on one axis: its group, its sampling stratum, the scorer's reading and (when reviewed) people's. */
export interface CorrectionUnit {
  group: string;
  /** The review sample's stratum (all of the reply's groups x the scorer's label): the sample was drawn within these. */
  stratum: string;
  scorer: ReadFlags;
  human?: ReadFlags;
}

export interface CorrectionOptions {
  /** The groups in the finding's order, and its reference (most favoured) group. */
  groups: readonly string[];
  reference: string;
  policy: Pick<Policy, 'maxRateGap' | 'minImpactRatio'>;
  seed: string;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  confidence?: number;
}

export interface CorrectedDisparity {
  groups: CorrectedGroup[];
  pairs: CorrectedPair[];
  correctedGap: { estimate: number | null; ciLow: number | null; ciHigh: number | null };
  correctedVerdict: Verdict;
  bootstrap: { resamples: number; failed: number; seed: string; confidence: number; method: string };
  uncovered: number;
}

export const BOOTSTRAP_METHOD =
  'percentile bootstrap: each resample redraws the reviewed replies within their sampling strata and the run\'s replies within each group, both with replacement, and recomputes every corrected rate';

/** One group's data in arrays, for the bootstrap's inner loop. */
interface GroupData {
  name: string;
  /** Per run reply: its stratum index, and the scorer's flags. */
  unitStratum: Int32Array;
  sAns: Uint8Array;
  sFav: Uint8Array;
  /** Per stratum: the reviewed replies' flags (scorer, people). */
  strata: { s: ReadFlags[]; t: ReadFlags[] }[];
}

/**
 * A rate finding corrected for the scorer's measured misclassification, per group:
 *
 * 1. Sensitivity and specificity of the scorer against people, for "favourable answer" and for
 *    "an answer at all" (refused and unparsed replies are neither). The review sample is stratified
 *    by group x scorer label with unequal shares (rare labels and uncertain replies over-drawn), so
 *    an unweighted count over the sample would be biased: each reviewed reply is weighted by
 *    stratum size in the run / reviewed replies of the stratum (inverse-probability weighting).
 *    Weighted this way, Se and Sp are those of the whole run's replies, and Rogan-Gladen below
 *    equals the double-sampling estimator Σ_h (N_h/N) · (share of stratum h people read as
 *    favourable) (Tenenbein 1970), which this design estimates without bias; Rogan-Gladen is kept
 *    because its inputs (Se, Sp) are what a reviewer can read and compare between groups.
 * 2. Rogan-Gladen (roganGladen) for the share of favourable answers among all the group's replies
 *    and for the share of answers, from the scorer's observed shares; the corrected rate is their
 *    ratio: favourable among answers, the scale of the finding. A rate the review cannot measure
 *    (no reviewed reply of the group is truly an answer, or truly not one) is taken as 1, i.e. no
 *    error assumed there.
 * 3. A seeded percentile bootstrap (BOOTSTRAP_METHOD) carries both the validation sample's
 *    uncertainty and the run's sampling error into the intervals of the rates, of each group's
 *    difference and impact ratio against the reference, and of the largest gap.
 */
export function correctDisparity(units: readonly CorrectionUnit[], opts: CorrectionOptions): CorrectedDisparity {
  const B = opts.resamples ?? 2000;
  const confidence = opts.confidence ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`resamples must be a whole number of at least 1; got ${B}`);
  const data = opts.groups.map((g) => groupData(g, units.filter((u) => u.group === g)));
  const uncovered = data.reduce((n, g) => n + countUncovered(g), 0);

  const point = data.map((g) => estimate(g, fullCounts(g), (h) => g.strata[h] as { s: ReadFlags[]; t: ReadFlags[] }));
  const rng = seededRng(`correct/${opts.seed}`);
  const k = data.length;
  const reps: number[][] = data.map(() => []);
  let failed = 0;
  for (let b = 0; b < B; b++) {
    const rates = data.map((g) => {
      const counts = resampleRun(g, rng);
      const drawn = g.strata.map((st) => resampleStratum(st, rng));
      return estimate(g, counts, (h) => drawn[h] as { s: ReadFlags[]; t: ReadFlags[] }).rate;
    });
    if (rates.some((r) => r === null)) {
      failed++;
      continue;
    }
    for (let i = 0; i < k; i++) (reps[i] as number[]).push(rates[i] as number);
  }
  const ok = B - failed;
  const alpha = 1 - confidence;
  const interval = (xs: number[]): [number | null, number | null] => (xs.length === 0 ? [null, null] : [quantile(xs, alpha / 2), quantile(xs, 1 - alpha / 2)]);

  const groups: CorrectedGroup[] = data.map((g, i) => {
    const p = point[i] as Estimate;
    const [lo, hi] = interval(reps[i] as number[]);
    return {
      group: g.name,
      replies: g.sAns.length,
      reviewed: g.strata.reduce((n, st) => n + st.t.length, 0),
      observedRate: p.observed,
      correctedRate: p.rate,
      ciLow: lo,
      ciHigh: hi,
      sensitivity: p.se,
      specificity: p.sp,
    };
  });
  const ref = opts.groups.indexOf(opts.reference);
  if (ref < 0) throw new RangeError(`reference group ${JSON.stringify(opts.reference)} is not one of ${opts.groups.join(', ')}`);
  const refRate = point[ref]?.rate ?? null;
  const pairs: CorrectedPair[] = [];
  for (let i = 0; i < k; i++) {
    if (i === ref) continue;
    const diffs: number[] = [];
    const ratios: number[] = [];
    for (let b = 0; b < ok; b++) {
      const x = (reps[i] as number[])[b] as number;
      const r = (reps[ref] as number[])[b] as number;
      diffs.push(x - r);
      if (r > 0) ratios.push(x / r);
    }
    const [dLo, dHi] = interval(diffs);
    const [rLo, rHi] = interval(ratios);
    const rate = point[i]?.rate ?? null;
    pairs.push({
      group: data[i]?.name as string,
      reference: opts.reference,
      observedDifference: (point[i]?.observed ?? 0) - (point[ref]?.observed ?? 0),
      correctedDifference: rate === null || refRate === null ? null : rate - refRate,
      ciLow: dLo,
      ciHigh: dHi,
      correctedImpactRatio: rate === null || refRate === null || refRate === 0 ? null : rate / refRate,
      ratioCiLow: rLo,
      ratioCiHigh: rHi,
    });
  }
  // The largest gap between any two groups and the lowest ratio of two groups' rates, per resample:
  // a pass needs every pair within the margin, not only the pairs with the reference.
  const ranges: number[] = [];
  const minRatios: number[] = [];
  for (let b = 0; b < ok; b++) {
    const rs = reps.map((r) => r[b] as number);
    const hi = Math.max(...rs);
    const lo = Math.min(...rs);
    ranges.push(hi - lo);
    minRatios.push(hi > 0 ? lo / hi : 1);
  }
  const rates = point.map((p) => p.rate);
  const gapEstimate = rates.every((r) => r !== null) ? Math.max(...(rates as number[])) - Math.min(...(rates as number[])) : null;
  const [gLo, gHi] = interval(ranges);
  const { maxRateGap, minImpactRatio } = opts.policy;
  const beyond = pairs.some(
    (p) =>
      (p.ciHigh !== null && p.ciHigh < -maxRateGap) ||
      (p.ciLow !== null && p.ciLow > maxRateGap) ||
      (minImpactRatio > 0 && p.ratioCiHigh !== null && p.ratioCiHigh < minImpactRatio) ||
      (minImpactRatio > 0 && p.ratioCiLow !== null && p.ratioCiLow > 1 / minImpactRatio),
  );
  const ratioLow = interval(minRatios)[0];
  const within = ok > 0 && gHi !== null && gHi <= maxRateGap && (minImpactRatio === 0 || (ratioLow !== null && ratioLow >= minImpactRatio));
  return {
    groups,
    pairs,
    correctedGap: { estimate: gapEstimate, ciLow: gLo, ciHigh: gHi },
    correctedVerdict: beyond ? 'fail' : within ? 'pass' : 'inconclusive',
    bootstrap: { resamples: B, failed, seed: opts.seed, confidence, method: BOOTSTRAP_METHOD },
    uncovered,
  };
}

function groupData(name: string, units: readonly CorrectionUnit[]): GroupData {
  const index = new Map<string, number>();
  const strata: GroupData['strata'] = [];
  const unitStratum = new Int32Array(units.length);
  const sAns = new Uint8Array(units.length);
  const sFav = new Uint8Array(units.length);
  units.forEach((u, i) => {
    let h = index.get(u.stratum);
    if (h === undefined) {
      h = strata.length;
      index.set(u.stratum, h);
      strata.push({ s: [], t: [] });
    }
    unitStratum[i] = h;
    sAns[i] = u.scorer.answer ? 1 : 0;
    sFav[i] = u.scorer.favourable ? 1 : 0;
    if (u.human) {
      strata[h]?.s.push(u.scorer);
      strata[h]?.t.push(u.human);
    }
  });
  return { name, unitStratum, sAns, sFav, strata };
}

function countUncovered(g: GroupData): number {
  let n = 0;
  for (let i = 0; i < g.unitStratum.length; i++) if (g.strata[g.unitStratum[i] as number]?.t.length === 0) n++;
  return n;
}

/** Replies per stratum and the scorer's observed counts. */
interface RunCounts {
  perStratum: Float64Array;
  total: number;
  answers: number;
  favourable: number;
}

function fullCounts(g: GroupData): RunCounts {
  const perStratum = new Float64Array(g.strata.length);
  let answers = 0;
  let favourable = 0;
  for (let i = 0; i < g.unitStratum.length; i++) {
    const h = g.unitStratum[i] as number;
    perStratum[h] = (perStratum[h] as number) + 1;
    answers += g.sAns[i] as number;
    favourable += g.sFav[i] as number;
  }
  return { perStratum, total: g.unitStratum.length, answers, favourable };
}

/** The group's run replies drawn again with replacement (as many as it has). */
function resampleRun(g: GroupData, rng: Rng): RunCounts {
  const n = g.unitStratum.length;
  const perStratum = new Float64Array(g.strata.length);
  let answers = 0;
  let favourable = 0;
  for (let j = 0; j < n; j++) {
    const i = Math.floor(rng() * n);
    const h = g.unitStratum[i] as number;
    perStratum[h] = (perStratum[h] as number) + 1;
    answers += g.sAns[i] as number;
    favourable += g.sFav[i] as number;
  }
  return { perStratum, total: n, answers, favourable };
}

function resampleStratum(st: { s: ReadFlags[]; t: ReadFlags[] }, rng: Rng): { s: ReadFlags[]; t: ReadFlags[] } {
  const n = st.t.length;
  const s: ReadFlags[] = [];
  const t: ReadFlags[] = [];
  for (let j = 0; j < n; j++) {
    const i = Math.floor(rng() * n);
    s.push(st.s[i] as ReadFlags);
    t.push(st.t[i] as ReadFlags);
  }
  return { s, t };
}

interface Estimate {
  observed: number | null;
  rate: number | null;
  se: number | null;
  sp: number | null;
}

/** Point estimate for one group from run counts and reviewed replies (see correctDisparity). */
function estimate(g: GroupData, run: RunCounts, reviewed: (h: number) => { s: ReadFlags[]; t: ReadFlags[] }): Estimate {
  const acc = { fav: { tp: 0, pos: 0, tn: 0, neg: 0 }, ans: { tp: 0, pos: 0, tn: 0, neg: 0 } };
  for (let h = 0; h < g.strata.length; h++) {
    const { s, t } = reviewed(h);
    if (t.length === 0) continue;
    const w = (run.perStratum[h] as number) / t.length;
    for (let i = 0; i < t.length; i++) {
      const si = s[i] as ReadFlags;
      const ti = t[i] as ReadFlags;
      tally(acc.fav, si.favourable, ti.favourable, w);
      tally(acc.ans, si.answer, ti.answer, w);
    }
  }
  const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
  const seF = ratio(acc.fav.tp, acc.fav.pos);
  const spF = ratio(acc.fav.tn, acc.fav.neg);
  const seA = ratio(acc.ans.tp, acc.ans.pos);
  const spA = ratio(acc.ans.tn, acc.ans.neg);
  const observed = run.answers > 0 ? run.favourable / run.answers : null;
  if (run.total === 0) return { observed, rate: null, se: seF, sp: spF };
  const fav = roganGladen(run.favourable / run.total, seF ?? 1, spF ?? 1).estimate;
  const ans = roganGladen(run.answers / run.total, seA ?? 1, spA ?? 1).estimate;
  const rate = fav === null || ans === null || ans === 0 ? null : Math.min(1, fav / ans);
  return { observed, rate, se: seF, sp: spF };
}

function tally(a: { tp: number; pos: number; tn: number; neg: number }, scorer: boolean, human: boolean, w: number): void {
  if (human) {
    a.pos += w;
    if (scorer) a.tp += w;
  } else {
    a.neg += w;
    if (!scorer) a.tn += w;
  }
}

/** Linear-interpolation quantile (R type 7, the default of R's quantile()). */
function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}
