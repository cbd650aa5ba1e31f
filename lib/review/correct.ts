import { seededRng, type Rng } from '../stats/index.js';
import type { CorrectedGroup, CorrectedPair, Policy, Verdict } from '../types.js';

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

/**
 * When the review can support a correction, per group of the finding. The only place these numbers
 * live (docs/review.md §3; measured in bench/correction-coverage.ts, bench/RESULTS.md "Correction
 * coverage"). The interval below keeps coverage at or above 0.9 on those sims whatever the rule;
 * the rule is what makes a given estimate say something (with no rule or 5 per class the pairs'
 * median intervals were 44-106 points wide, at 10 18-41) and keeps Se and Sp measured on more than
 * a handful of replies:
 * - `minPerPeopleClass`: reviewed replies people read as favourable, and as unfavourable answers.
 *   Below it the scorer's sensitivity or specificity for the group rests on a handful of replies.
 * - `minPerScorerClass`: reviewed replies in each of the scorer's readings (favourable, unfavourable,
 *   set aside) that holds at least `minScorerClassShare` of the group's replies. Below it one or two
 *   reviewed replies decide how a large part of the group is corrected (each carries the weight of
 *   hundreds of replies). A reading whose replies were all reviewed meets it whatever its size: its
 *   error is then known for this run, not estimated.
 */
export const ESTIMABILITY = { minPerPeopleClass: 10, minPerScorerClass: 10, minScorerClassShare: 0.05 } as const;

export type EstimabilityRule = { [K in keyof typeof ESTIMABILITY]: number };

export interface CorrectionOptions {
  /** The groups in the finding's order, and its reference (most favoured) group. */
  groups: readonly string[];
  reference: string;
  policy: Pick<Policy, 'maxRateGap' | 'minImpactRatio'>;
  seed: string;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  confidence?: number;
  /** The estimability thresholds; default ESTIMABILITY (other values are for measuring the rule). */
  rule?: EstimabilityRule;
}

export interface CorrectedDisparity {
  groups: CorrectedGroup[];
  pairs: CorrectedPair[];
  correctedGap: { estimate: number | null; ciLow: number | null; ciHigh: number | null };
  correctedVerdict: Verdict;
  /** False when some group's review falls short of the rule (ESTIMABILITY): the verdict is then inconclusive and no gap is given. */
  estimable: boolean;
  /** Why not, one sentence per group short of the rule, saying what would fix it. */
  notEstimable: string[];
  bootstrap: { resamples: number; failed: number; seed: string; confidence: number; method: string };
  uncovered: number;
}

export const BOOTSTRAP_METHOD =
  "bootstrap with a Jeffreys draw: each resample redraws the run's replies within each group (with replacement) and draws, for each of the scorer's readings in the group, the share people read favourable, unfavourable or set aside from its Dirichlet posterior (Jeffreys prior, the reviewed replies' weighted counts at their effective size); percentile intervals; the largest gap's lower end from the two groups furthest apart in the estimate, its upper end from the range";

/** Reading classes: the scorer's and people's reading of a reply on the finding's scale. */
const FAV = 0;
const UNFAV = 1;
const ASIDE = 2;
const CLASS_NAMES = ['favourable', 'unfavourable', 'set aside (refused or unparsed)'] as const;

function classOf(f: ReadFlags): number {
  return !f.answer ? ASIDE : f.favourable ? FAV : UNFAV;
}

/** One group's data: per run reply its scorer class, and per scorer class the reviewed replies' weighted reading. */
interface GroupData {
  name: string;
  /** Per run reply: the scorer's class. */
  unitClass: Uint8Array;
  /** Per scorer class: run replies, reviewed replies, people's weighted shares and the effective size of the review. */
  classes: ClassData[];
  reviewed: number;
  /** Reviewed replies by people's class (unweighted: what the rule counts). */
  people: [number, number, number];
  uncovered: number;
}

interface ClassData {
  runCount: number;
  reviewed: number;
  /** People's reading, weighted by the sampling weight (stratum size / reviewed in stratum), as shares summing to 1; null without a reviewed reply. */
  shares: [number, number, number] | null;
  /** Kish's effective sample size of the weighted review: (Σw)² / Σw². */
  effective: number;
}

/**
 * A rate finding corrected for the scorer's measured misclassification, per group:
 *
 * 1. The double-sampling estimator (Tenenbein 1970): the group's replies split by the scorer's
 *    reading c (favourable, unfavourable, set aside); in each, the share q_c people read favourable
 *    (or as an answer) over the reviewed replies, each weighted by its sampling stratum's size / its
 *    reviewed replies (the sample is stratified by all of the reply's groups x scorer label with
 *    unequal shares); the true favourable share is Σ_c (N_c/N) q_c. The corrected rate is
 *    favourable / answers, the finding's scale. This equals Rogan-Gladen (rogan-gladen.ts) with the
 *    weighted sensitivity and specificity reported per group (test/review/correct-small.test.ts
 *    checks the identity), without its division by Se + Sp − 1: an estimated Se + Sp − 1 near 0 is
 *    no instability here, since q_c are estimated directly.
 * 2. The rule (ESTIMABILITY): every group needs enough reviewed replies people read favourable and
 *    unfavourable, and enough in each of the scorer's readings that holds a sizeable share of the
 *    group. Short of it the finding is "not estimable": inconclusive, with the reason and the fix.
 * 3. The interval. Resampling the reviewed replies within their strata (the earlier method) gives a
 *    stratum reviewed once, or reviewed a few times with people all agreeing, no variance at all: on
 *    a 120-reply review of hiring-screen 85-100% of every group's replies sat in such strata, so
 *    the intervals carried only the run's sampling error (coverage 22.5% with one reviewed reply
 *    per stratum: bench/RESULTS.md, "Correction coverage: the earlier method").
 *    Now each resample draws q_c for every scorer class from its Dirichlet posterior under the
 *    Jeffreys prior (½ per people's class), with the weighted counts scaled to the review's
 *    effective size: a class reviewed once or all alike keeps the uncertainty its few replies
 *    leave, and an unreviewed class is drawn from the prior alone. The run's replies are redrawn
 *    within each group as before. The strata are pooled to the scorer's reading within the group:
 *    the correction needs nothing finer, and pooling (collapsed strata) errs towards wider intervals.
 *    Coverage with this interval and rule: bench/correction-coverage.ts. A Beta/Dirichlet draw
 *    rather than pooling strata reviewed once and resampling: resampling a pooled class whose
 *    reviewed replies all agree still gives it no variance, however few they are.
 */
export function correctDisparity(units: readonly CorrectionUnit[], opts: CorrectionOptions): CorrectedDisparity {
  const B = opts.resamples ?? 2000;
  const confidence = opts.confidence ?? 0.95;
  const rule = opts.rule ?? ESTIMABILITY;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`resamples must be a whole number of at least 1; got ${B}`);
  const ref = opts.groups.indexOf(opts.reference);
  if (ref < 0) throw new RangeError(`reference group ${JSON.stringify(opts.reference)} is not one of ${opts.groups.join(', ')}`);
  const data = opts.groups.map((g) => groupData(g, units.filter((u) => u.group === g)));
  const uncovered = data.reduce((n, g) => n + g.uncovered, 0);
  const notEstimable = data.flatMap((g) => shortOfRule(g, rule));
  const estimable = notEstimable.length === 0;

  const point = data.map((g) => pointEstimate(g));
  const rng = seededRng(`correct/${opts.seed}`);
  const k = data.length;
  const reps: number[][] = data.map(() => []);
  let failed = 0;
  for (let b = 0; b < B; b++) {
    const rates = data.map((g) => drawRate(g, rng));
    if (rates.some((r) => r === null)) {
      failed++;
      continue;
    }
    for (let i = 0; i < k; i++) (reps[i] as number[]).push(rates[i] as number);
  }
  const ok = B - failed;
  const alpha = 1 - confidence;
  const interval = (xs: number[]): [number | null, number | null] => (xs.length === 0 ? [null, null] : [quantile(xs, alpha / 2), quantile(xs, 1 - alpha / 2)]);
  const groupOk = data.map((g) => shortOfRule(g, rule).length === 0);

  const groups: CorrectedGroup[] = data.map((g, i) => {
    const p = point[i] as Estimate;
    const [lo, hi] = groupOk[i] ? interval(reps[i] as number[]) : [null, null];
    return {
      group: g.name,
      replies: g.unitClass.length,
      reviewed: g.reviewed,
      observedRate: p.observed,
      correctedRate: groupOk[i] ? p.rate : null,
      ciLow: lo,
      ciHigh: hi,
      sensitivity: p.se,
      specificity: p.sp,
      peopleFavourable: g.people[FAV],
      peopleUnfavourable: g.people[UNFAV],
      estimable: groupOk[i] as boolean,
    };
  });
  const refRate = groupOk[ref] ? (point[ref]?.rate ?? null) : null;
  const pairs: CorrectedPair[] = [];
  for (let i = 0; i < k; i++) {
    if (i === ref) continue;
    const both = groupOk[i] && groupOk[ref];
    const diffs: number[] = [];
    const ratios: number[] = [];
    if (both) {
      for (let b = 0; b < ok; b++) {
        const x = (reps[i] as number[])[b] as number;
        const r = (reps[ref] as number[])[b] as number;
        diffs.push(x - r);
        if (r > 0) ratios.push(x / r);
      }
    }
    const [dLo, dHi] = interval(diffs);
    const [rLo, rHi] = interval(ratios);
    const rate = groupOk[i] ? (point[i]?.rate ?? null) : null;
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
  const bootstrap = { resamples: B, failed, seed: opts.seed, confidence, method: BOOTSTRAP_METHOD };
  if (!estimable) {
    // A verdict needs every group: the largest gap and the policy are not applied to part of the axis.
    return { groups, pairs, correctedGap: { estimate: null, ciLow: null, ciHigh: null }, correctedVerdict: 'inconclusive', estimable, notEstimable, bootstrap, uncovered };
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
  // Upper end: the range's own bootstrap (every pair within it: what a pass rests on). Lower end: the
  // two groups furthest apart in the point estimate, held fixed across resamples. The range's lower
  // percentile re-picks the widest pair in every resample and so sits above the true gap when groups
  // are close (two-sided coverage 43% on a 100-reply review of hiring-screen; bench/RESULTS.md).
  const top = rates.indexOf(Math.max(...rates.map((r) => r ?? -Infinity)));
  const bottom = rates.indexOf(Math.min(...rates.map((r) => r ?? Infinity)));
  const spread: number[] = [];
  for (let b = 0; b < ok; b++) spread.push(((reps[top] as number[])[b] as number) - ((reps[bottom] as number[])[b] as number));
  const gLo = gapEstimate === null ? null : Math.max(0, interval(spread)[0] ?? 0);
  const gHi = interval(ranges)[1];
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
    estimable,
    notEstimable,
    bootstrap,
    uncovered,
  };
}

/** The rule's shortfalls for one group, each a sentence naming the group, the counts and the fix. */
function shortOfRule(g: GroupData, rule: EstimabilityRule): string[] {
  const out: string[] = [];
  // One size for the whole run rather than a guess per finding: the plan sizes a review that aims at every axis at once (sample.ts).
  const fix = `review more replies: bias-audit review DIR --plan says how many the correction needs on every axis, and bias-audit review DIR --sample auto draws them; then import the labels again.`;
  const [fav, unfav] = g.people;
  if (fav < rule.minPerPeopleClass || unfav < rule.minPerPeopleClass) {
    out.push(`too few reviewed replies in group ${g.name}: ${g.reviewed} reviewed, ${fav} read favourable and ${unfav} unfavourable by people; at least ${rule.minPerPeopleClass} of each are needed to measure the scorer's sensitivity and specificity there — ${fix}`);
  }
  const total = g.unitClass.length;
  g.classes.forEach((c, i) => {
    // A reading with every reply reviewed is known exactly for this run, however few replies it holds.
    const needed = Math.min(rule.minPerScorerClass, c.runCount);
    if (!sizeable(c, total, rule) || c.reviewed >= needed) return;
    out.push(`in group ${g.name}, the ${c.runCount} replies (${Math.round((100 * c.runCount) / total)}%) the scorer read ${CLASS_NAMES[i]} rest on ${c.reviewed} reviewed; at least ${needed} are needed — ${fix}`);
  });
  return out;
}

function sizeable(c: ClassData, total: number, rule: EstimabilityRule): boolean {
  return total > 0 && c.runCount / total >= rule.minScorerClassShare;
}

function groupData(name: string, units: readonly CorrectionUnit[]): GroupData {
  // Sampling weights: replies of the stratum in the run / reviewed replies of the stratum.
  const size = new Map<string, number>();
  const reviewedIn = new Map<string, number>();
  for (const u of units) {
    size.set(u.stratum, (size.get(u.stratum) ?? 0) + 1);
    if (u.human) reviewedIn.set(u.stratum, (reviewedIn.get(u.stratum) ?? 0) + 1);
  }
  const unitClass = new Uint8Array(units.length);
  const acc = [0, 1, 2].map(() => ({ runCount: 0, reviewed: 0, w: [0, 0, 0], sw: 0, sw2: 0 }));
  const people: [number, number, number] = [0, 0, 0];
  let uncovered = 0;
  units.forEach((u, i) => {
    const c = classOf(u.scorer);
    unitClass[i] = c;
    const a = acc[c] as (typeof acc)[number];
    a.runCount++;
    if (!reviewedIn.has(u.stratum)) uncovered++;
    if (!u.human) return;
    const w = (size.get(u.stratum) as number) / (reviewedIn.get(u.stratum) as number);
    const t = classOf(u.human);
    a.reviewed++;
    a.w[t] = (a.w[t] as number) + w;
    a.sw += w;
    a.sw2 += w * w;
    people[t] = (people[t] as number) + 1;
  });
  const classes: ClassData[] = acc.map((a) => ({
    runCount: a.runCount,
    reviewed: a.reviewed,
    shares: a.sw > 0 ? [(a.w[0] as number) / a.sw, (a.w[1] as number) / a.sw, (a.w[2] as number) / a.sw] : null,
    effective: a.sw2 > 0 ? (a.sw * a.sw) / a.sw2 : 0,
  }));
  return { name, unitClass, classes, reviewed: acc.reduce((n, a) => n + a.reviewed, 0), people, uncovered };
}

interface Estimate {
  observed: number | null;
  rate: number | null;
  se: number | null;
  sp: number | null;
}

/**
 * The point estimate: Σ_c N_c q_c over the scorer's classes. A class no reviewed reply came from
 * is taken as the scorer read it (its share is then named by the rule when it matters).
 */
function pointEstimate(g: GroupData): Estimate {
  const counts = g.classes.map((c) => c.runCount);
  const shares = g.classes.map((c, i) => c.shares ?? (i === FAV ? [1, 0, 0] : i === UNFAV ? [0, 1, 0] : [0, 0, 1]));
  const total = counts.reduce((a, b) => a + b, 0);
  const answers = (counts[FAV] as number) + (counts[UNFAV] as number);
  const observed = answers > 0 ? (counts[FAV] as number) / answers : null;
  const rate = corrected(counts, shares);
  // Weighted sensitivity and specificity for "favourable answer": what a reviewer compares between groups.
  let truePos = 0;
  let trueNeg = 0;
  let pos = 0;
  for (let c = 0; c < 3; c++) {
    const n = counts[c] as number;
    const q = (shares[c] as number[])[FAV] as number;
    pos += n * q;
    if (c === FAV) truePos += n * q;
    else trueNeg += n * (1 - q);
  }
  const neg = total - pos;
  return { observed, rate, se: pos > 1e-12 ? truePos / pos : null, sp: neg > 1e-12 ? trueNeg / neg : null };
}

/** Favourable among answers from class counts and people's shares per class; null with no answer. */
function corrected(counts: readonly number[], shares: readonly (readonly number[])[]): number | null {
  let fav = 0;
  let ans = 0;
  for (let c = 0; c < 3; c++) {
    const n = counts[c] as number;
    const q = shares[c] as readonly number[];
    fav += n * (q[FAV] as number);
    ans += n * ((q[FAV] as number) + (q[UNFAV] as number));
  }
  return ans > 1e-12 ? Math.min(1, fav / ans) : null;
}

/** One bootstrap replicate of a group's corrected rate (see correctDisparity, 3). */
function drawRate(g: GroupData, rng: Rng): number | null {
  const n = g.unitClass.length;
  if (n === 0) return null;
  const counts = [0, 0, 0];
  for (let j = 0; j < n; j++) {
    const c = g.unitClass[Math.floor(rng() * n)] as number;
    counts[c] = (counts[c] as number) + 1;
  }
  const shares = g.classes.map((c) => dirichlet(c.shares ? c.shares.map((s) => s * c.effective + 0.5) : [0.5, 0.5, 0.5], rng));
  return corrected(counts, shares);
}

/** A Dirichlet draw: independent gammas, normalised. */
function dirichlet(alpha: readonly number[], rng: Rng): number[] {
  const x = alpha.map((a) => gammaDraw(a, rng));
  const s = x.reduce((a, b) => a + b, 0);
  return s > 0 ? x.map((v) => v / s) : alpha.map(() => 1 / alpha.length);
}

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), ACM TOMS 26:363-372; for shape < 1 the
 * usual boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
 */
export function gammaDraw(shape: number, rng: Rng): number {
  if (shape < 1) return gammaDraw(shape + 1, rng) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A standard normal draw (Box-Muller). */
function normalDraw(rng: Rng): number {
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Linear-interpolation quantile (R type 7, the default of R's quantile()). */
function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}
