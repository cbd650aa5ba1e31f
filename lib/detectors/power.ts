import { noncentralityForPower, normalQuantile, normalUpperTail, studentizedRangeCdf } from '../stats/index.js';
import type { Correction, PowerAssessment, SamplesNeeded } from '../types.js';
import type { MarginDraft } from './margin.js';

/** The power every planning figure is computed for. */
export const TARGET_POWER = 0.8;
/** Beyond this many times the current sample size, more samples are not a practical answer. */
const MAX_FACTOR = 400;

/** What an axis's data say about its precision, for the power figures. */
export interface PowerInput {
  metric: 'rate' | 'mean';
  /** Scored replies per group. */
  groupSizes: number[];
  /**
   * Variance of one reply around its group's value: p̃(1 − p̃) for rates (Agresti–Caffo pooled rate),
   * the within-block (or within-group) variance for means.
   */
  unitVariance: number;
  /**
   * The margin on the scale of one group's estimate: rate points, log-ratio units for means, or the
   * outcome's own units for means judged on an absolute gap (`absolute`).
   */
  margin: number;
  /** Means: the margin is an absolute gap between means (policy.maxMeanGap), not a ratio band. */
  absolute?: boolean;
  /** For means: the reference mean (to express gaps relatively and to put the margin on the log scale). */
  referenceMean?: number;
}

/** Level of the first step of the correction over `tests` tests: where the smallest p-value must land. */
export function familyLevel(alpha: number, correction: Correction, tests: number): number {
  return correction === 'none' ? alpha : alpha / Math.max(1, tests);
}

/**
 * Smallest best-to-worst gap the omnibus test detects with `power` at `level`, for k groups of
 * (harmonic mean) size n and unit variance σ²: the noncentrality of a k-group comparison with two
 * groups at ±D/2 and the rest at the centre is λ = n·D²/(2σ²) (Cohen 1988, §8.2.2, "minimum
 * variability" pattern), so D = √(2σ²λ′/n) with λ′ the noncentrality giving that power to a
 * chi-square test with k − 1 df (noncentralityForPower).
 */
export function minDetectableGap(k: number, n: number, unitVariance: number, level: number, power = TARGET_POWER): number {
  const lambda = noncentralityForPower(k - 1, level, power);
  return Math.sqrt((2 * unitVariance * lambda) / n);
}

/**
 * Probability that k groups with no true difference pass the equivalence test: every pair's
 * one-sided 1 − α bounds within ±margin, i.e. the range of the k estimates (each with standard
 * error se) below margin − z_{1−α}·√2·se. The range of k normals has the studentized-range law
 * with df = ∞ (studentizedRangeCdf). Wald approximation to the Newcombe and Fieller intervals.
 */
export function passProbability(k: number, se: number, margin: number, alpha: number): number {
  if (!(se > 0)) return margin > 0 ? 1 : 0;
  const room = margin - normalQuantile(1 - alpha) * Math.SQRT2 * se;
  return room > 0 ? studentizedRangeCdf(room / se, k) : 0;
}

/** Probability that a pair whose true gap exceeds the margin by `excess` is shown beyond it at one-sided `level` (Wald). */
export function failProbability(excess: number, sePair: number, level: number): number {
  if (!(sePair > 0)) return excess > 0 ? 1 : 0;
  return normalUpperTail(normalQuantile(1 - level) - excess / sePair);
}

/** The power figures of one axis in the shape of results.json. */
export function assessPower(input: PowerInput, opts: { level: number; alpha: number }): PowerAssessment {
  const k = input.groupSizes.length;
  const n = harmonicMean(input.groupSizes);
  const gap = minDetectableGap(k, n, input.unitVariance, opts.level);
  if (input.metric === 'rate') {
    return {
      power: TARGET_POWER,
      level: opts.level,
      repliesPerGroup: n,
      minDetectableGap: gap,
      passProbabilityIfFair: passProbability(k, Math.sqrt(input.unitVariance / n), input.margin, opts.alpha),
      method: `Noncentral chi-square with ${k - 1} df for the omnibus test at level ${formatLevel(opts.level)} (two groups at the extremes, the rest between), binomial variance at the pooled rate; equivalence by the range of ${k} normal estimates (studentized range, df = ∞).`,
    };
  }
  if (input.absolute) {
    const sd = Math.sqrt(input.unitVariance);
    return {
      power: TARGET_POWER,
      level: opts.level,
      repliesPerGroup: n,
      minDetectableGap: gap,
      passProbabilityIfFair: passProbability(k, sd / Math.sqrt(n), input.margin, opts.alpha),
      method: `Noncentral chi-square with ${k - 1} df for the omnibus test at level ${formatLevel(opts.level)} (two groups at the extremes, the rest between), with the within-block standard deviation; equivalence within ±${input.margin} by the range of ${k} normal means (studentized range, df = ∞), observed standard deviation ${sd.toFixed(3)} per reply.`,
    };
  }
  const ref = Math.abs(input.referenceMean ?? NaN);
  const cv = Number.isFinite(ref) && ref > 0 ? Math.sqrt(input.unitVariance) / ref : NaN;
  return {
    power: TARGET_POWER,
    level: opts.level,
    repliesPerGroup: n,
    minDetectableGap: gap,
    ...(Number.isFinite(cv) ? { minDetectableRelativeGap: gap / ref } : {}),
    passProbabilityIfFair: Number.isFinite(cv) ? passProbability(k, cv / Math.sqrt(n), input.margin, opts.alpha) : 0,
    method: `Noncentral chi-square with ${k - 1} df for the omnibus test at level ${formatLevel(opts.level)} (two groups at the extremes, the rest between), with the within-block standard deviation; equivalence by the range of ${k} log-means (studentized range, df = ∞), coefficient of variation ${Number.isFinite(cv) ? cv.toFixed(3) : 'unknown'}.`,
  };
}

/**
 * Scored replies per group at which k alike groups pass the equivalence test with `power`
 * (passProbability rises with n; found by bisection), or undefined when even 1e7 would not do.
 */
export function repliesToPass(input: PowerInput, alpha: number, power = TARGET_POWER): number | undefined {
  const k = input.groupSizes.length;
  // Rates and absolute mean gaps are on the estimate's own scale; a ratio band on the log scale (sd/mean).
  const perReply = input.metric === 'rate' || input.absolute ? Math.sqrt(input.unitVariance) : Math.sqrt(input.unitVariance) / Math.abs(input.referenceMean ?? NaN);
  if (!Number.isFinite(perReply) || !(input.margin > 0)) return undefined;
  const ok = (n: number): boolean => passProbability(k, perReply / Math.sqrt(n), input.margin, alpha) >= power;
  let hi = 2;
  while (!ok(hi)) {
    hi *= 2;
    if (hi > 1e7) return undefined;
  }
  let lo = hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * How many replies per group (and samples per probe) would decide an inconclusive axis with
 * TARGET_POWER. If the observed gaps stayed as they are: standard errors shrink as 1/√n, so a pair
 * criterion at distance d from the margin with standard error se needs n·((z_a + z_β)·se/|d|)²
 * replies, z_a the one-sided quantile of the test that would decide it (alpha for equivalence, the
 * beyond-margin level for a fail); equivalence needs every pair and criterion, a fail one. If the
 * groups were in fact alike: repliesToPass. Undefined only when neither reading gives a practical
 * number (at most 400 times the current size).
 */
export function samplesNeeded(
  draft: MarginDraft,
  input: PowerInput,
  opts: { repliesPerGroup: number; minGroupSize: number; smallestGroup: number; samplesPerProbe?: number; alpha: number; failLevel: number },
): SamplesNeeded | undefined {
  const zBeta = normalQuantile(TARGET_POWER);
  const zPass = normalQuantile(1 - opts.alpha);
  const zFail = normalQuantile(1 - opts.failLevel);
  let passFactor = 0;
  let failFactor = Infinity;
  for (const { criteria } of draft.distances) {
    for (const c of criteria) {
      if (!(c.se > 0)) continue;
      if (c.distance > 0) passFactor = Math.max(passFactor, (((zPass + zBeta) * c.se) / c.distance) ** 2);
      else if (c.distance < 0) failFactor = Math.min(failFactor, (((zFail + zBeta) * c.se) / -c.distance) ** 2);
      else passFactor = Infinity;
    }
  }
  const beyond = draft.distances.some((d) => d.criteria.some((c) => c.distance < 0));
  const floor = opts.smallestGroup > 0 ? opts.minGroupSize / opts.smallestGroup : Infinity;
  const scale = (factor: number): { repliesPerGroup: number; samplesPerProbe?: number } => ({
    repliesPerGroup: Math.ceil(opts.repliesPerGroup * factor),
    ...(opts.samplesPerProbe === undefined ? {} : { samplesPerProbe: Math.ceil(opts.samplesPerProbe * factor) }),
  });
  const observedFactor = Math.max(beyond ? failFactor : passFactor, floor, 1);
  const asObserved = Number.isFinite(observedFactor) && observedFactor <= MAX_FACTOR ? scale(observedFactor) : undefined;
  const alikeReplies = repliesToPass(input, opts.alpha);
  const alikeFactor = alikeReplies === undefined ? Infinity : Math.max(alikeReplies / opts.repliesPerGroup, floor, 1);
  const alike = Number.isFinite(alikeFactor) && alikeFactor <= MAX_FACTOR ? scale(alikeFactor) : undefined;
  if (!asObserved && !alike) return undefined;
  const describe = (s: { repliesPerGroup: number; samplesPerProbe?: number }): string =>
    `about ${s.repliesPerGroup.toLocaleString('en-US')} scored replies per group${s.samplesPerProbe === undefined ? '' : ` (${s.samplesPerProbe} samples per probe instead of ${opts.samplesPerProbe})`}`;
  const pct = `${Math.round(TARGET_POWER * 100)}%`;
  const parts: string[] = [];
  const toReach: 'pass' | 'fail' = asObserved ? (beyond ? 'fail' : 'pass') : 'pass';
  if (asObserved) {
    parts.push(`If the gaps stay as observed, ${describe(asObserved)} would ${toReach === 'pass' ? 'show equivalence within the margin (pass)' : 'show the disparity beyond the margin (fail)'} with ${pct} probability.`);
  } else {
    parts.push('The observed gap sits too close to the margin for any practical number of samples to decide it as it stands.');
  }
  if (alike && (toReach === 'fail' || !asObserved)) {
    parts.push(
      alike.repliesPerGroup <= opts.repliesPerGroup
        ? `If the groups are in fact alike, an audit of this size shows equivalence (pass) with at least ${pct} probability.`
        : `If the groups are in fact alike, ${describe(alike)} would show equivalence (pass) with ${pct} probability.`,
    );
  }
  const main = asObserved ?? (alike as { repliesPerGroup: number; samplesPerProbe?: number });
  return {
    toReach,
    ...main,
    ...(alike ? { ifNoDisparity: alike } : {}),
    text: parts.join(' '),
  };
}

export function harmonicMean(values: readonly number[]): number {
  return values.length / values.reduce((s, v) => s + 1 / v, 0);
}

function formatLevel(level: number): string {
  return level >= 0.001 ? String(Number(level.toPrecision(3))) : level.toExponential(2);
}
