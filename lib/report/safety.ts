/**
 * The report's safety section, for audits of probe sets whose domain is `safety` and whose outcome is
 * `refusal` (probes/safety/): the refusal rate on harmful requests (higher is better) or the
 * over-refusal rate on safe ones (lower is better), per group of every axis; for the attack axis of a
 * harmful set, the attack success rate per transform and its change from the plain request; and the
 * worst examples among the report's counterfactual examples.
 *
 * Each axis has a chart (safety-charts.ts) and, in words, its group gaps: the groups the axis's verdict
 * rests on, each against the most favoured group (or an attack transform against the plain request),
 * with the pairwise interval and adjusted p of the axis section.
 *
 * It restates rates the axis sections already test: the statistics stay there. Replies are untrusted;
 * the partial shows them only through `{{ }}` (escaped) and collapsed, behind a content warning.
 */
import type { AuditResults, Finding } from '../types.js';
import { formatCount } from './html-axis.js';
import { formatP, formatPercent } from './format.js';
import { describeGroup, disparitiesThatMatter } from './plain-language.js';
import { isAttack, safetyChart, safetyChartText } from './safety-charts.js';

export interface SafetyView {
  show: boolean;
  /** `harmful`: every request should be refused; `safe`: every request should be answered. */
  harmful: boolean;
  headline: string;
  axes: SafetyAxisView[];
  /** `backTranslation`: for a reply to a translated prompt, the English that was scored (lib/transforms). */
  examples: { axisTitle: string; group: string; prompt: string; response: string; backTranslation?: string }[];
  hasExamples: boolean;
}

interface SafetyAxisView {
  axisTitle: string;
  overall: string;
  rows: { group: string; n: string; rate: string; ci: string; attackSuccess: string; change: string }[];
  /** Attack success and change columns: the harmful set's attack axis, which has a "plain" control. */
  attack: boolean;
  chart: { src: string; alt: string; title: string; caption: string };
  /** The axis's group gaps in sentences. */
  gaps: string[];
  hasGaps: boolean;
}

/** How many worst examples are shown: enough to read what a failure looks like, few enough to skim. */
const MAX_EXAMPLES = 6;

const EMPTY: SafetyView = { show: false, harmful: false, headline: '', axes: [], examples: [], hasExamples: false };

export function safetyView(results: AuditResults): SafetyView {
  const kind = safetyKind(results);
  if (kind === undefined) return EMPTY;
  const { harmful, refusal } = kind;

  const alpha = results.manifest.policy.alpha;
  const axes = results.findings.map((f) => {
    const chart = safetyChart(f, harmful, alpha);
    const gaps = gapSentences(f, results, harmful);
    return {
      ...axisView(f, harmful, refusal),
      chart: { src: `data:image/png;base64,${chart.png.toString('base64')}`, alt: chart.alt, title: chart.title, caption: chart.caption },
      gaps,
      hasGaps: gaps.length > 0,
    };
  });
  const headline = headlineOf(results, harmful, refusal);

  // Worst examples: a harmful request answered, or a safe one refused.
  const bad = harmful ? 'answered' : 'refused';
  const titleOf = new Map(results.findings.map((f) => [f.axis, f.axisTitle]));
  const examples = results.examples
    .flatMap((e) =>
      e.rows
        .filter((r) => r.label === bad && r.response !== null)
        .map((r) => ({ axisTitle: titleOf.get(e.axis) ?? e.axis, group: r.group, prompt: r.prompt, response: r.response ?? '', ...(r.backTranslation ? { backTranslation: r.backTranslation } : {}) })),
    )
    .slice(0, MAX_EXAMPLES);
  return { show: true, harmful, headline, axes, examples, hasExamples: examples.length > 0 };
}

/**
 * Whether the results get a safety section, and which kind: a harmful set (a refusal is favourable)
 * or a safe one. A group's value is its favourable rate, so `refusal` turns it into a refusal rate.
 */
function safetyKind(results: AuditResults): { harmful: boolean; refusal: (v: number) => number } | undefined {
  const { outcome } = results;
  if (outcome.type !== 'refusal' || results.probeSet.domain !== 'safety' || results.findings.length === 0) return undefined;
  const harmful = outcome.favourable === 'refused';
  return { harmful, refusal: (v) => (harmful ? v : 1 - v) };
}

/** The section's first sentence: the pooled refusal (or over-refusal) rate of the first axis. */
function headlineOf(results: AuditResults, harmful: boolean, refusal: (v: number) => number): string {
  // Axes may come from different templates (a persona set asks by name in one, by religion in another),
  // so the headline pools the first axis only and says which.
  const first = results.findings[0] as Finding;
  const scope = `${first.axisTitle} axis, ${formatCount(sum(first.groups.map((g) => g.n)))} scored replies`;
  return harmful
    ? `Refusal rate on harmful requests: ${formatPercent(pooledRefusal(first, refusal))} (${scope}; higher is better, every request here should be refused).`
    : `Over-refusal rate on safe requests: ${formatPercent(pooledRefusal(first, refusal))} (${scope}; lower is better, every request here should be answered).`;
}

function axisView(f: Finding, harmful: boolean, refusal: (v: number) => number): Omit<SafetyAxisView, 'chart' | 'gaps' | 'hasGaps'> {
  const plain = harmful ? f.groups.find((g) => g.group === 'plain') : undefined;
  const rows = f.groups.map((g) => {
    const rate = refusal(g.value);
    const [lo, hi] = harmful ? [g.ciLow, g.ciHigh] : [1 - g.ciHigh, 1 - g.ciLow];
    const change = plain && g !== plain ? (rate - refusal(plain.value)) * 100 : undefined;
    return {
      group: g.group,
      n: formatCount(g.n),
      rate: formatPercent(rate),
      ci: `${formatPercent(lo)} to ${formatPercent(hi)}`,
      attackSuccess: formatPercent(1 - rate),
      change: change === undefined ? '—' : `${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(1)} points`,
    };
  });
  return { axisTitle: f.axisTitle, overall: formatPercent(pooledRefusal(f, refusal)), rows, attack: plain !== undefined };
}

/** Refusal rate over every scored reply of the axis (groups weighted by their replies). */
function pooledRefusal(f: Finding, refusal: (v: number) => number): number {
  const n = sum(f.groups.map((g) => g.n));
  return n === 0 ? Number.NaN : sum(f.groups.map((g) => g.n * refusal(g.value))) / n;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

/**
 * The gaps an axis's verdict rests on, in words (plain-language.ts picks the groups: those beyond the
 * policy with a significant comparison, else the least favoured one). "Askers with first names
 * associated with Black people were refused 31.0% of the time on safe requests, against 4.2% for the
 * most favoured group, Hispanic people (gap 26.8 points, 95% CI 15.1 to 38.0 points; adjusted p = 0.0012)."
 */
export function gapSentences(f: Finding, results: Pick<AuditResults, 'outcome' | 'manifest' | 'probeSet'>, harmful: boolean): string[] {
  const ref = f.groups.find((g) => g.group === f.reference);
  if (!ref) return [];
  const refusal = (v: number): number => (harmful ? v : 1 - v);
  const axis = { id: f.axis, title: f.axisTitle, attribute: f.attribute };
  const attack = isAttack(f, harmful);
  const requests = harmful ? 'harmful requests' : 'safe requests';
  return disparitiesThatMatter(f, results).flatMap((d) => {
    const g = f.groups.find((x) => x.group === d.group);
    if (!g) return [];
    const pair = f.pairwise.find((p) => p.group === g.group);
    // The pair's difference is group − reference on the favourable scale; the gap is the reference's advantage.
    const gap = ref.value - g.value;
    const ci = pair && Number.isFinite(pair.ciLow) && Number.isFinite(pair.ciHigh) ? `, 95% CI ${points(-pair.ciHigh)} to ${points(-pair.ciLow)} points` : '';
    const p = pair ? `; adjusted p = ${formatP(pair.pAdjusted)}` : '';
    const stats = `(gap ${points(gap)} points${ci}${p})`;
    if (attack) {
      const change = `(refusal ${gap >= 0 ? 'down' : 'up'} ${points(Math.abs(gap))} points${ci}${p})`;
      const against = ref.group === 'plain' ? 'sent plain' : `with the ${ref.group} transform, the one refused most often`;
      return [
        `With the ${g.group} transform, harmful requests were refused ${formatPercent(g.value)} of the time, against ${formatPercent(ref.value)} ${against}: ` +
          `an attack success rate of ${formatPercent(1 - g.value)} ${change}.`,
      ];
    }
    const who = describeGroup(g.group, axis, results.probeSet);
    // describeGroup reads an attribute title such as "Asker's first name"; other titles get a neutral subject.
    const subject = who.subject.startsWith('The group ') ? `Requests of the group “${g.group}” (${f.axisTitle})` : who.subject;
    const best = describeGroup(f.reference, axis, results.probeSet).short;
    return [
      `${subject} were refused ${formatPercent(refusal(g.value))} of the time on ${requests}, against ${formatPercent(refusal(ref.value))} for the ` +
        `most favoured group, ${best} ${stats}.`,
    ];
  });
}

/**
 * The safety section for the Markdown report, which has no images: the headline, and per axis the
 * chart's text alternative (every rate with its interval) and the group gaps. Empty for other sets.
 */
export function safetyMarkdown(results: AuditResults, escape: (text: string) => string): string[] {
  const kind = safetyKind(results);
  if (kind === undefined) return [];
  const { harmful, refusal } = kind;
  const alpha = results.manifest.policy.alpha;
  const lines = [`**Safety.** ${escape(headlineOf(results, harmful, refusal))}`, ''];
  for (const f of results.findings) {
    lines.push(`- **${escape(f.axisTitle)}**: ${escape(safetyChartText(f, harmful, alpha).alt)}`);
    for (const gap of gapSentences(f, results, harmful)) lines.push(`  - ${escape(gap)}`);
  }
  return lines;
}

/** Rate points with one decimal and a true minus sign. */
function points(x: number): string {
  const s = (x * 100).toFixed(1);
  return s === '-0.0' ? '0.0' : s.replace(/^-/, '−');
}
