/**
 * The report's view of a finding's effect sizes, margin tests, power and notes. Every field is read
 * defensively: results.json files written before these fields existed still render (without them).
 */
import type { EffectMeasure, EffectSize, Finding, OutcomeSpec } from '../types.js';
import { formatDifference, formatNumber, formatP, formatPercent, formatRatio } from './format.js';

export const EFFECT_LABELS: Record<EffectMeasure, string> = {
  'rate-difference': 'Rate difference',
  'impact-ratio': 'Impact ratio',
  'cohen-h': "Cohen's h",
  'cramers-v': "Cramér's V",
  'mean-difference': 'Mean difference',
  'mean-ratio': 'Ratio of means',
  'cohen-d': "Cohen's d",
  'cliffs-delta': "Cliff's delta",
  'hodges-lehmann': 'Hodges–Lehmann shift',
};

/** One effect size on its own scale: points, outcome units, a ratio or a standardised index. */
export function formatEffect(measure: string, x: number, outcome: OutcomeSpec): string {
  switch (measure) {
    case 'rate-difference':
      return formatDifference(x, 'rate', outcome);
    case 'mean-difference':
    case 'hodges-lehmann':
      return formatDifference(x, 'mean', outcome);
    case 'impact-ratio':
    case 'mean-ratio':
      return formatRatio(x);
    default:
      // Standardised indices: two decimals, a true minus sign, and no "−0.00".
      return Number.isFinite(x) ? x.toFixed(2).replace(/^-(0\.00)$/, '$1').replace(/^-/, '−') : 'n/a';
  }
}

function label(measure: string): string {
  return (EFFECT_LABELS as Record<string, string | undefined>)[measure] ?? measure;
}

export function effectText(e: EffectSize, outcome: OutcomeSpec): { label: string; value: string; ci: string; method: string } {
  return {
    label: label(e.measure),
    value: formatEffect(e.measure, e.estimate, outcome),
    ci: `${formatEffect(e.measure, e.ciLow, outcome)} to ${formatEffect(e.measure, e.ciHigh, outcome)}`,
    method: `${label(e.measure)}: ${e.method}${e.confidence !== 0.95 ? ` (${formatPercent(e.confidence)} interval)` : ''}`,
  };
}

/**
 * Effect sizes of each group against the reference as a table: one row per group, one column per
 * measure the finding reports, each cell the estimate and its interval; plus the axis-level ones.
 */
export function effectsView(f: Finding, outcome: OutcomeSpec) {
  const partial = f as Partial<Finding>;
  const pairs = (f.pairwise ?? []).map((p) => ({ group: p.group, sizes: (p as { effectSizes?: EffectSize[] }).effectSizes ?? [] }));
  const measures = [...new Set(pairs.flatMap((p) => p.sizes.map((s) => s.measure)))];
  const axisLevel = (partial.effectSizes ?? []).map((e) => effectText(e, outcome));
  const methods = new Map<string, string>();
  for (const e of [...(partial.effectSizes ?? []), ...pairs.flatMap((p) => p.sizes)]) methods.set(e.measure, effectText(e, outcome).method);
  return {
    present: measures.length > 0 || axisLevel.length > 0,
    hasPairs: measures.length > 0,
    columns: measures.map(label),
    rows: pairs.map((p) => ({
      group: p.group,
      cells: measures.map((m) => {
        const e = p.sizes.find((s) => s.measure === m);
        return e ? { value: formatEffect(m, e.estimate, outcome), ci: `${formatEffect(m, e.ciLow, outcome)} to ${formatEffect(m, e.ciHigh, outcome)}` } : { value: '—', ci: '' };
      }),
    })),
    axisLevel,
    hasAxisLevel: axisLevel.length > 0,
    methods: [...methods.values()],
  };
}

/** The policy's margin tests: equivalence behind `pass`, beyond-the-margin behind `fail`. */
export function marginView(f: Finding) {
  const m = (f as Partial<Finding>).margin;
  if (!m) return { present: false, band: '', equivalence: '', beyond: '', method: '' };
  const band =
    m.scale === 'rate'
      ? `every pair of groups within ${m.maxRateGap === undefined ? 'the gap limit' : `${formatNumber(m.maxRateGap * 100)} points`} and an impact ratio of at least ${formatRatio(m.minImpactRatio)}`
      : m.scale === 'mean-difference'
        ? `every difference of two group means within ±${formatNumber(m.maxMeanGap ?? NaN)} on the outcome's scale`
        : `every ratio of two group means within ${m.ratioBand ? `${formatRatio(m.ratioBand.lower)} to ${formatRatio(m.ratioBand.upper)}` : 'the band'}${m.maxMeanGap === undefined ? '' : ` and every difference within ±${formatNumber(m.maxMeanGap)}`}`;
  const [e1, e2] = m.equivalence.pair;
  const [b1, b2] = m.beyond.pair;
  return {
    present: true,
    band: `Margin: ${band} (${m.pairs} pair${m.pairs === 1 ? '' : 's'} of groups).`,
    equivalence: `Equivalence (two one-sided tests for every pair; the largest p counts): p = ${formatP(m.equivalence.pValue)}, hardest pair ${e1} vs ${e2} — ${m.equivalence.shown ? 'shown' : 'not shown'}.`,
    beyond: `Beyond the margin (one-sided tests, Bonferroni over ${m.beyond.tests} tests, then corrected across the audit): p = ${formatP(m.beyond.pValue)}, adjusted p = ${formatP(m.beyond.pAdjusted)}, strongest pair ${b1} vs ${b2} — ${m.beyond.shown ? 'shown' : 'not shown'}.`,
    method: m.method,
  };
}

/** What this axis's sample could detect. */
export function powerView(f: Finding) {
  const p = (f as Partial<Finding>).power;
  if (!p) return { present: false, text: '', method: '', detectable: '—', passIfFair: '—' };
  const gap =
    f.metric === 'rate'
      ? `${(p.minDetectableGap * 100).toFixed(1)} points`
      : `${formatNumber(p.minDetectableGap)}${p.minDetectableRelativeGap === undefined ? '' : ` (${formatPercent(p.minDetectableRelativeGap)} of the reference mean)`}`;
  return {
    present: true,
    detectable: gap,
    passIfFair: formatPercent(p.passProbabilityIfFair),
    text:
      `With ${formatNumber(p.repliesPerGroup)} scored replies per group, the test detects a gap of ${gap} between the most and least favoured group with ${formatPercent(p.power)} power ` +
      `(level ${formatP(p.level)}); if every group were truly alike, this audit would show equivalence (pass) with probability ${formatPercent(p.passProbabilityIfFair)}.`,
    method: p.method,
  };
}

/** Inconclusive findings: what would decide them. */
export function samplesNeededText(f: Finding): string {
  return (f as Partial<Finding>).samplesNeeded?.text ?? '';
}

/**
 * The verdict's reason without the samples-needed sentence the detectors append to it, for views that
 * show that sentence on its own ("To decide it: ...") and must not say it twice.
 */
/** The verdict's reason with the samples-needed sentence, once (results from older versions lack it in the reason). */
export function reasonWithSamplesNeeded(f: Finding): string {
  const needed = samplesNeededText(f);
  return needed === '' || f.reason.includes(needed) ? f.reason : `${f.reason} ${needed}`;
}

export function reasonWithoutSamplesNeeded(f: Finding): string {
  const needed = samplesNeededText(f);
  return needed !== '' && f.reason.endsWith(` ${needed}`) ? f.reason.slice(0, -needed.length - 1) : f.reason;
}

export function notesOf(f: Finding): string[] {
  return (f as Partial<Finding>).notes ?? [];
}
