import { chiSquarePower, normalQuantile, normalUpperTail } from '../stats/index.js';
import type { Correction, Policy, Probe, ProbeSet } from '../types.js';
import { ratioBandLower } from './margin.js';
import { DEFAULT_SENTIMENT_MAX_MEAN_GAP } from './policy.js';
import { familyLevel, minDetectableGap, passProbability, TARGET_POWER } from './power.js';

/** What an audit is planned for: the size of the groups, the margins, the test family. */
export interface PlanAssumptions {
  metric: 'rate' | 'mean';
  /** Groups compared on the axis (k). */
  groups: number;
  /** Rates: the favourable-outcome rate of the groups (their average). */
  baseRate?: number;
  /** Means: the within-block coefficient of variation (sd / mean) of one reply. */
  cv?: number;
  /** Means: which direction is favourable (sets the ratio band). */
  favourable?: 'higher' | 'lower';
  /**
   * Means on the absolute margin (sentiment): the within-block standard deviation of one reply in
   * the outcome's units. With it, `gap` is in those units too and the margin is policy.maxMeanGap
   * (0.1 when unset); without it, means are planned on the ratio band with `cv`.
   */
  sd?: number;
  /**
   * The disparity the audit should catch, between the most and least favoured group: rate points
   * for rates (0.05 = 5 points), relative to the favoured mean for means (0.05 = 5%).
   */
  gap: number;
  power: number;
  /** Axes in the audit: the omnibus and beyond-margin families have this many tests. */
  tests: number;
  policy: Policy;
}

export interface PlanAnswer {
  /** Scored replies per group for the omnibus test to detect `gap` with `power` (a difference is shown). */
  detect: number;
  /** Scored replies per group for alike groups to show equivalence (pass) with `power`. */
  pass: number | null;
  /** Scored replies per group to show `gap` beyond the margin (fail) with `power`; null when `gap` is within the margin. */
  fail: number | null;
  /** The margin in the gap's units (the stricter of the policy's rules at this base rate). */
  margin: number;
  /** Level of the first step of the correction: alpha / tests. */
  level: number;
}

const LIMIT = 1e8;

/** The three probabilities of an axis at n scored replies per group (see planReplies). */
export interface PlanPower {
  /** The omnibus test detects `gap` (least favourable configuration). */
  detect: number;
  /** Alike groups show equivalence (pass). */
  pass: number;
  /** A pair `gap` apart is shown beyond the margin, and the omnibus test rejects too; null when `gap` is within the margin. */
  fail: number | null;
}

/**
 * Replies per group needed by an audit of one axis, before any call is made (docs/statistics.md,
 * "Planning"): the smallest n at which planPower reaches `power` for each question.
 */
export function planReplies(a: PlanAssumptions): PlanAnswer {
  check(a);
  const at = (n: number) => planPower(a, n);
  const first = at(2);
  const detect = smallestN((n) => at(n).detect >= a.power) as number;
  const pass = smallestN((n) => at(n).pass >= a.power);
  const fail = first.fail === null ? null : smallestN((n) => (at(n).fail as number) >= a.power);
  return { detect, pass, fail, margin: marginOf(a), level: familyLevel(a.policy.alpha, a.policy.correction, a.tests) };
}

/** The stricter margin rule at the plan's base rate, in the gap's units. */
function marginOf(a: PlanAssumptions): number {
  if (a.sd !== undefined) return a.policy.maxMeanGap ?? DEFAULT_SENTIMENT_MAX_MEAN_GAP;
  if (a.metric === 'rate') {
    const ratioMargin = a.policy.minImpactRatio > 0 ? -(a.baseRate as number) * Math.log(a.policy.minImpactRatio) : Infinity;
    return Math.min(a.policy.maxRateGap, ratioMargin);
  }
  return 1 - ratioBandLower(a.policy, a.favourable ?? 'higher');
}

/**
 * The probabilities an axis with n scored replies per group has, under the plan's assumptions
 * (the same approximations as a finding's power figures):
 * - detect: noncentral chi-square with k − 1 df at alpha/tests, two groups at ±gap/2 and the rest
 *   between (Cohen 1988 §8.2), λ = n·gap²/(2σ²);
 * - pass: the range of k alike estimates below margin − z_{1−α}·√2·se (studentized range, df = ∞);
 * - fail: a pair at the extremes shown beyond the margin, one-sided at alpha/(tests · pair tests),
 *   Wald standard errors at the two groups' rates (for rates, the better of the difference and the
 *   impact-ratio rule), and the omnibus test significant as well (the smaller of the two).
 */
export function planPower(a: PlanAssumptions, n: number): PlanPower {
  check(a);
  const { policy, groups: k, gap } = a;
  const level = familyLevel(policy.alpha, policy.correction, a.tests);
  const pairTests = ((k * (k - 1)) / 2) * (a.metric === 'rate' && policy.minImpactRatio > 0 ? 2 : 1);
  const zFail = normalQuantile(1 - level / pairTests);
  if (a.metric === 'rate') {
    const p = a.baseRate as number;
    const unit = p * (1 - p);
    const detect = chiSquarePower((n * gap * gap) / (2 * unit), k - 1, level);
    const pass = passProbability(k, Math.sqrt(unit / n), marginOf(a), policy.alpha);
    const hi = Math.min(1, p + gap / 2);
    const lo = Math.max(0, p - gap / 2);
    const beyondDifference = gap > policy.maxRateGap;
    const beyondRatio = policy.minImpactRatio > 0 && hi > 0 && lo / hi < policy.minImpactRatio;
    if (!beyondDifference && !beyondRatio) return { detect, pass, fail: null };
    const seD = Math.sqrt((hi * (1 - hi) + lo * (1 - lo)) / n);
    const byDifference = beyondDifference ? normalUpperTail(zFail - (gap - policy.maxRateGap) / seD) : 0;
    const seLog = lo > 0 ? Math.sqrt((1 - lo) / (n * lo) + (1 - hi) / (n * hi)) : 0;
    const byRatio = beyondRatio ? (seLog > 0 ? normalUpperTail(zFail - (Math.log(policy.minImpactRatio) - Math.log(lo / hi)) / seLog) : 1) : 0;
    return { detect, pass, fail: Math.min(Math.max(byDifference, byRatio), detect) };
  }
  if (a.sd !== undefined) {
    // Absolute margin: the gap and the margin in the outcome's units, σ per reply.
    const margin = marginOf(a);
    const detect = chiSquarePower((n * gap * gap) / (2 * a.sd * a.sd), k - 1, level);
    const pass = passProbability(k, a.sd / Math.sqrt(n), margin, policy.alpha);
    if (!(gap > margin)) return { detect, pass, fail: null };
    const se = a.sd * Math.sqrt(2 / n);
    return { detect, pass, fail: Math.min(normalUpperTail(zFail - (gap - margin) / se), detect) };
  }
  const cv = a.cv as number;
  const lower = ratioBandLower(policy, a.favourable ?? 'higher');
  // Gaps are relative to the favoured mean: unit variance cv² on that scale.
  const detect = chiSquarePower((n * gap * gap) / (2 * cv * cv), k - 1, level);
  const pass = passProbability(k, cv / Math.sqrt(n), -Math.log(lower), policy.alpha);
  const ratio = 1 - gap;
  if (!(ratio < lower)) return { detect, pass, fail: null };
  const se = cv * Math.sqrt((1 + ratio * ratio) / n);
  return { detect, pass, fail: Math.min(normalUpperTail(zFail - (lower - ratio) / se), detect) };
}

/** The smallest whole n >= 2 with ok(n) (ok must be monotone), or null beyond 1e8. */
function smallestN(ok: (n: number) => boolean): number | null {
  let hi = 2;
  while (!ok(hi)) {
    hi *= 2;
    if (hi > LIMIT) return null;
  }
  let lo = Math.max(1, hi / 2);
  if (hi === 2) return 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function check(a: PlanAssumptions): void {
  const bad = (what: string) => {
    throw new RangeError(what);
  };
  if (!Number.isInteger(a.groups) || a.groups < 2) bad(`groups must be a whole number of at least 2; got ${a.groups}`);
  if (!(a.power > 0 && a.power < 1)) bad(`power must lie strictly between 0 and 1; got ${a.power}`);
  if (!Number.isInteger(a.tests) || a.tests < 1) bad(`tests must be a whole number of at least 1; got ${a.tests}`);
  if (a.sd !== undefined) {
    if (!(a.metric === 'mean' && a.sd > 0 && Number.isFinite(a.sd))) bad(`sd (standard deviation of one reply) must be positive, for means; got ${a.sd}`);
    if (!(a.gap > 0 && Number.isFinite(a.gap))) bad(`gap must be above 0 (in the outcome's units); got ${a.gap}`);
    return;
  }
  if (!(a.gap > 0 && a.gap < 1)) bad(`gap must lie strictly between 0 and 1 (rate points, or relative for means); got ${a.gap}`);
  if (a.metric === 'rate' && !(a.baseRate !== undefined && a.baseRate > 0 && a.baseRate < 1)) bad(`base rate must lie strictly between 0 and 1; got ${a.baseRate}`);
  if (a.metric === 'rate' && a.baseRate !== undefined && (a.baseRate + a.gap / 2 > 1 || a.baseRate - a.gap / 2 < 0)) bad(`a gap of ${a.gap} around a base rate of ${a.baseRate} leaves [0, 1]`);
  if (a.metric === 'mean' && !(a.cv !== undefined && a.cv > 0)) bad(`cv (coefficient of variation) must be positive; got ${a.cv}`);
}

/** One audited axis of a probe set as the plan sees it: groups, blocks, and probes per group. */
export interface AxisLayout {
  axis: string;
  title: string;
  groups: number;
  blocks: number;
  /** The fewest probes any group has on this axis (its replies per sample). */
  probesPerGroup: number;
}

/** The layout of every axis of an expanded probe set. */
export function axisLayouts(probeSet: Pick<ProbeSet, 'axes'>, probes: readonly Probe[]): AxisLayout[] {
  return probeSet.axes.map((axis) => {
    const perGroup = new Map<string, number>();
    const blocks = new Set<string>();
    for (const p of probes) {
      const g = p.groups[axis.id];
      const b = p.blocks[axis.attribute];
      if (g === undefined || b === undefined) continue;
      perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
      blocks.add(b);
    }
    return { axis: axis.id, title: axis.title, groups: perGroup.size, blocks: blocks.size, probesPerGroup: Math.min(...perGroup.values()) };
  });
}

export interface AxisPlan extends AxisLayout {
  /** Scored replies per group at the probe set's samples (after the expected loss). */
  repliesPerGroup: number;
  /** Smallest best-to-worst gap the omnibus test detects with `power` at these samples. */
  minDetectableGap: number;
  /** Probability that alike groups pass at these samples. */
  passProbabilityIfFair: number;
  /** Samples per probe for: the omnibus test to detect `gap`; alike groups to pass; `gap` to fail. */
  samplesToDetect: number;
  samplesToPass: number | null;
  samplesToFail: number | null;
}

export interface ProbeSetPlan {
  samples: number;
  assumptions: { metric: 'rate' | 'mean'; baseRate?: number; cv?: number; sd?: number; gap: number; power: number; loss: number; tests: number; alpha: number; correction: Correction };
  axes: AxisPlan[];
  /** Samples per probe that make every axis conclusive with `power`: pass if alike, fail at `gap`. */
  samplesForConclusive: number | null;
  /** Calls at the probe set's samples, and at samplesForConclusive. */
  calls: number;
  callsForConclusive: number | null;
}

/**
 * Plan a probe set: for each axis, what its current `samples` can detect, the chance that a fair
 * model passes, and the samples per probe needed to pass if alike and to fail at `gap`.
 */
export function planProbeSet(
  probeSet: Pick<ProbeSet, 'axes' | 'samples' | 'outcome'>,
  probes: readonly Probe[],
  opts: { policy: Policy; gap: number; power: number; baseRate?: number; cv?: number; sd?: number; loss: number; samples?: number },
): ProbeSetPlan {
  const metric: 'rate' | 'mean' = ['numeric', 'sentiment', 'length'].includes(probeSet.outcome.type) ? 'mean' : 'rate';
  // Sentiment is judged on the absolute margin (policy.ts meanMarginRules): planned with σ, not cv.
  const absolute = probeSet.outcome.type === 'sentiment';
  if (absolute && opts.sd === undefined) throw new RangeError('a sentiment probe set is planned on the absolute margin: give sd, the standard deviation of one reply');
  const favourable = 'favourable' in probeSet.outcome && probeSet.outcome.favourable === 'lower' ? 'lower' : 'higher';
  const samples = opts.samples ?? probeSet.samples;
  const layouts = axisLayouts(probeSet, probes).filter((l) => l.groups >= 2);
  const tests = layouts.length;
  const level = familyLevel(opts.policy.alpha, opts.policy.correction, tests);
  const axes = layouts.map((l): AxisPlan => {
    const perSample = l.probesPerGroup * (1 - opts.loss);
    const n = perSample * samples;
    const scale: Pick<PlanAssumptions, 'baseRate' | 'cv' | 'sd' | 'favourable'> =
      metric === 'rate' ? { baseRate: opts.baseRate as number } : absolute ? { sd: opts.sd as number, favourable } : { cv: opts.cv as number, favourable };
    const answer = planReplies({ metric, groups: l.groups, ...scale, gap: opts.gap, power: opts.power, tests, policy: opts.policy });
    const unit = metric === 'rate' ? (opts.baseRate as number) * (1 - (opts.baseRate as number)) : absolute ? (opts.sd as number) ** 2 : (opts.cv as number) ** 2;
    const perReply = Math.sqrt(unit);
    const marginOnScale = metric === 'rate' || absolute ? answer.margin : -Math.log(1 - answer.margin);
    const toSamples = (replies: number | null) => (replies === null ? null : Math.ceil(replies / perSample));
    return {
      ...l,
      repliesPerGroup: n,
      minDetectableGap: minDetectableGap(l.groups, n, unit, level, opts.power),
      passProbabilityIfFair: passProbability(l.groups, perReply / Math.sqrt(n), marginOnScale, opts.policy.alpha),
      samplesToDetect: Math.ceil(answer.detect / perSample),
      samplesToPass: toSamples(answer.pass),
      samplesToFail: toSamples(answer.fail),
    };
  });
  const needs = axes.flatMap((a) => [a.samplesToPass, ...(a.samplesToFail === null ? [] : [a.samplesToFail])]);
  const samplesForConclusive = needs.some((x) => x === null) ? null : Math.max(1, ...(needs as number[]));
  const calls = probes.length * samples;
  return {
    samples,
    assumptions: {
      metric,
      ...(metric === 'rate' ? { baseRate: opts.baseRate as number } : absolute ? { sd: opts.sd as number } : { cv: opts.cv as number }),
      gap: opts.gap,
      power: opts.power,
      loss: opts.loss,
      tests,
      alpha: opts.policy.alpha,
      correction: opts.policy.correction,
    },
    axes,
    samplesForConclusive,
    calls,
    callsForConclusive: samplesForConclusive === null ? null : probes.length * samplesForConclusive,
  };
}

export { TARGET_POWER };
