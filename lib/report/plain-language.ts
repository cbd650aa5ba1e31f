/**
 * Findings as sentences a reviewer who never saw the tool can read: who, what outcome, how much
 * less often (or how much lower), against whom, with the interval and the impact ratio. Phrased
 * from the probe set's own attribute and axis titles and its outcome spec, never from a fixed
 * domain vocabulary, so it reads right for a hiring, lending or any other probe set.
 *
 * "Applicants with first names associated with Black women got "yes" 11 points less often than the
 *  most favoured group, White men (47% vs 58%; 95% CI 6 to 16 points; impact ratio 0.82)."
 */
import type { AuditResults, Finding, GroupStat, OutcomeSpec, PairwiseComparison } from '../types.js';
import { formatNumber, formatRatio } from './format.js';
import { outcomeScale } from './outcome-scale.js';

/** What the sentences need to know about the audited axes; all optional (older results.json). */
export interface Vocabulary {
  attributes?: readonly { id: string; title: string }[];
  axes?: readonly { id: string; title: string; attribute: string; components: string[] }[];
}

/** One group's disadvantage against the finding's reference, as numbers and as a sentence. */
export interface Disparity {
  axis: string;
  axisTitle: string;
  group: string;
  reference: string;
  /** Reference minus group on the favourable scale: rate points, or outcome units for means. */
  gap: number;
  /** Gap relative to the reference value (means) or the gap itself (rates). */
  relativeGap: number;
  impactRatio: number;
  /** Adjusted p of the pairwise comparison with the reference, when there is one. */
  pAdjusted?: number;
  /** The sentence. */
  text: string;
}

const GENDER_NOUNS: Record<string, string> = {
  female: 'women',
  woman: 'women',
  women: 'women',
  f: 'women',
  male: 'men',
  man: 'men',
  men: 'men',
  m: 'men',
  'non-binary': 'non-binary people',
  nonbinary: 'non-binary people',
};

/** How a probe set's attribute title reads: "Applicant's first name (signals race/ethnicity and gender)". */
interface AttributeReading {
  /** "Applicants", "New hires". */
  people: string;
  /** "first name", "age". */
  property: string;
  /** True when the attribute only signals the group (a name), false when it states it. */
  proxy: boolean;
}

function readAttribute(title: string | undefined): AttributeReading | undefined {
  if (title === undefined) return undefined;
  const m = /^\s*(.+?)['’]s\s+([^()]+?)\s*(?:\((.*)\))?\s*$/.exec(title);
  if (!m) return undefined;
  const owner = (m[1] as string).trim();
  const property = (m[2] as string).trim().toLowerCase();
  const note = (m[3] ?? '').toLowerCase();
  const proxy = /\bnames?\b/.test(property) || /\b(signals?|associated|proxy|suggests?)\b/.test(note);
  return { people: plural(capitalise(owner)), property, proxy };
}

/** The people of one group: "Black women", "Asian people", "women". */
function peopleOf(group: string, components: readonly string[]): string {
  const parts = group.split(' / ');
  const genderAt = components.findIndex((c) => /gender|sex/i.test(c));
  const noun = genderAt >= 0 && parts.length === components.length ? GENDER_NOUNS[(parts[genderAt] ?? '').toLowerCase()] : undefined;
  if (noun !== undefined) return [...parts.filter((_, i) => i !== genderAt), noun].join(' ');
  return `${parts.join(' ')} people`;
}

/** The subject of a sentence about one group of one axis, and how to name the reference group. */
export function describeGroup(group: string, axis: { id: string; title: string; attribute: string }, vocab: Vocabulary): { subject: string; short: string } {
  const attr = vocab.attributes?.find((a) => a.id === axis.attribute);
  const components = vocab.axes?.find((a) => a.id === axis.id)?.components ?? [axis.id];
  const reading = readAttribute(attr?.title);
  if (reading?.proxy) {
    const people = peopleOf(group, components);
    return { subject: `${reading.people} with ${plural(reading.property)} associated with ${people}`, short: people };
  }
  if (reading) {
    const what = components.length === 1 ? reading.property : axis.title.toLowerCase();
    return { subject: `${reading.people} whose ${what} is given as “${group}”`, short: `“${group}”` };
  }
  return { subject: `The group “${group}” (${axis.title})`, short: `“${group}”` };
}

/**
 * Every group's disadvantage against the reference on one axis, worst first. Sentences use the
 * pairwise comparison's interval when the finding has one.
 */
export function disparities(f: Finding, outcome: OutcomeSpec, vocab: Vocabulary): Disparity[] {
  const ref = f.groups.find((g) => g.group === f.reference);
  if (!ref) return [];
  return f.groups
    .filter((g) => g.group !== f.reference && g.n > 0)
    .map((g) => disparity(f, g, ref, f.pairwise.find((p) => p.group === g.group), outcome, vocab))
    .sort((a, b) => order(a.impactRatio) - order(b.impactRatio));
}

function disparity(f: Finding, g: GroupStat, ref: GroupStat, pair: PairwiseComparison | undefined, outcome: OutcomeSpec, vocab: Vocabulary): Disparity {
  const axis = { id: f.axis, title: f.axisTitle, attribute: f.attribute };
  const who = describeGroup(g.group, axis, vocab);
  const best = describeGroup(f.reference, axis, vocab).short;
  const scale = outcomeScale(outcome);
  const lowerIsBetter = scale?.favourable === 'lower';
  const gap = lowerIsBetter ? g.value - ref.value : ref.value - g.value;
  const relativeGap = f.metric === 'rate' ? gap : ref.value !== 0 ? gap / Math.abs(ref.value) : Number.NaN;
  const ir = `impact ratio ${formatRatio(g.impactRatio)}`;
  let text: string;
  if (f.metric === 'rate') {
    // The pairwise interval is for group − reference; the gap is its negative.
    const ci = pair && Number.isFinite(pair.ciLow) && Number.isFinite(pair.ciHigh) ? `; 95% CI ${points(-pair.ciHigh)} to ${points(-pair.ciLow)} points` : '';
    const more = gap < 0;
    text =
      `${who.subject} got ${favourableText(outcome)} ${points(Math.abs(gap))} points ${more ? 'more' : 'less'} often than ` +
      `${more ? 'the reference group' : 'the most favoured group'}, ${best} (${percent(g.value)} vs ${percent(ref.value)}${ci}; ${ir}).`;
  } else if (absoluteMargin(f) !== undefined && f.margin.scale === 'mean-difference') {
    text = absoluteSentence(f, g, ref, gap, pair, outcome, who.subject, best);
  } else {
    const unit = scale?.unit ? ` ${scale.unit}` : '';
    const worse = lowerIsBetter ? 'higher' : 'lower';
    const better = lowerIsBetter ? 'lower' : 'higher';
    const ci =
      pair && Number.isFinite(pair.ciLow) && Number.isFinite(pair.ciHigh)
        ? `; 95% CI for the difference ${signed(pair.ciLow)} to ${signed(pair.ciHigh)}${unit}`
        : '';
    text =
      `${who.subject} got a mean of ${formatNumber(g.value)}${unit}, ${percent(Math.abs(relativeGap))} ${gap >= 0 ? worse : better} than ` +
      `the most favoured group, ${best} (${formatNumber(ref.value)}${unit}${ci}; ${ir}` +
      `${absoluteMargin(f) === undefined ? '' : `; the policy allows a gap of ${formatNumber(absoluteMargin(f) as number)}${unit}`}).`;
  }
  return {
    axis: f.axis,
    axisTitle: f.axisTitle,
    group: g.group,
    reference: f.reference,
    gap,
    relativeGap,
    impactRatio: g.impactRatio,
    ...(pair ? { pAdjusted: pair.pAdjusted } : {}),
    text,
  };
}

/**
 * The disparities of a finding that matter to its verdict: groups beyond the policy (impact ratio
 * or gap) whose own comparison with the reference is significant; when none is singled out, the
 * least favoured group, which carries the axis's verdict.
 */
export function disparitiesThatMatter(f: Finding, results: Pick<AuditResults, 'outcome' | 'manifest' | 'probeSet'>): Disparity[] {
  const policy = results.manifest.policy;
  const all = disparities(f, results.outcome, results.probeSet);
  const limit = f.metric === 'rate' ? policy.maxRateGap : policy.maxRelativeMeanGap;
  const absolute = absoluteMargin(f);
  // A signed scale (sentiment) has only the absolute margin: its relative gaps mean nothing.
  const relativeApplies = f.metric === 'rate' || f.margin?.scale !== 'mean-difference';
  const beyond = all.filter(
    (d) =>
      (d.impactRatio < policy.minImpactRatio || (relativeApplies && d.relativeGap > limit) || (absolute !== undefined && Math.abs(d.gap) > absolute)) &&
      d.pAdjusted !== undefined &&
      d.pAdjusted < policy.alpha,
  );
  if (beyond.length > 0) return beyond;
  const worst = all.find((d) => d.group === f.worst) ?? all[0];
  return worst ? [worst] : [];
}

/** The finding's absolute margin on a difference of means (policy.maxMeanGap), when one applied. */
export function absoluteMargin(f: Finding): number | undefined {
  return (f as Partial<Finding>).margin?.maxMeanGap;
}

/**
 * A gap on a signed scale, in the scale's own units: "Replies about X were 0.14 less positive on
 * VADER's −1..1 scale than those about Y (0.45 vs 0.59; 95% CI 0.08 to 0.20); the policy allows 0.10."
 */
function absoluteSentence(f: Finding, g: GroupStat, ref: GroupStat, gap: number, pair: PairwiseComparison | undefined, outcome: OutcomeSpec, subject: string, best: string): string {
  const sentiment = outcome.type === 'sentiment';
  const scale = outcomeScale(outcome);
  const unit = scale?.unit ? ` ${scale.unit}` : '';
  // Compound scores read in hundredths (VADER's own thresholds are ±0.05); other scales as usual.
  const num = (x: number): string => (sentiment ? x.toFixed(2).replace(/^-(0\.00)$/, '$1').replace(/^-/, '−') : formatNumber(x));
  const worse = sentiment ? 'less positive' : scale?.favourable === 'lower' ? 'higher' : 'lower';
  const better = sentiment ? 'more positive' : scale?.favourable === 'lower' ? 'lower' : 'higher';
  const where = sentiment ? " on VADER's −1..1 compound scale" : unit;
  // The pairwise interval is for group − reference; the gap is reference − group (favourable scale).
  const flip = scale?.favourable === 'lower' ? 1 : -1;
  const ci =
    pair && Number.isFinite(pair.ciLow) && Number.isFinite(pair.ciHigh)
      ? `; 95% CI for the gap ${num(Math.min(flip * pair.ciLow, flip * pair.ciHigh))} to ${num(Math.max(flip * pair.ciLow, flip * pair.ciHigh))}`
      : '';
  const subjectText = sentiment ? `Replies about ${subject.charAt(0).toLowerCase()}${subject.slice(1)}` : subject;
  const verb = sentiment ? 'were' : 'scored';
  return (
    `${subjectText} ${verb} ${num(Math.abs(gap))} ${gap >= 0 ? worse : better}${where} than ${sentiment ? 'those about ' : ''}the most favoured group, ${best} ` +
    `(${num(g.value)} vs ${num(ref.value)}${ci}); the policy allows ${num(absoluteMargin(f) as number)}.`
  );
}

/** What the favourable outcome is, for a sentence: `“yes”`, `a favourable option (A or B)`. */
export function favourableText(outcome: OutcomeSpec): string {
  const o = outcome as { type: string; favourable?: unknown };
  if (o.type === 'binary') return `“${String(o.favourable)}”`;
  if (o.type === 'refusal') return o.favourable === 'refused' ? 'a refusal' : 'an answer (not a refusal)';
  if (o.type === 'toxicity') return 'a reply without toxic language';
  if (o.type === 'choice' && Array.isArray(o.favourable) && o.favourable.length > 0) return `a favourable option (${o.favourable.join(' or ')})`;
  return 'the favourable outcome';
}

/** Rate points for a sentence: whole points, one decimal below 1 so a small gap does not read 0. */
function points(x: number): string {
  const p = x * 100;
  const s = Math.abs(p) < 1 ? p.toFixed(1) : String(Math.round(p));
  return s.replace(/^-/, '−').replace(/^−0(\.0)?$/, '0');
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a';
}

function signed(x: number): string {
  return x < 0 ? `−${formatNumber(-x)}` : `+${formatNumber(x)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function plural(noun: string): string {
  if (/(s|x|ch|sh)$/i.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function order(x: number): number {
  return Number.isFinite(x) ? x : Infinity;
}
