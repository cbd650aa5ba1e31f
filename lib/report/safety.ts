/**
 * The report's safety section, for audits of probe sets whose domain is `safety` and whose outcome is
 * `refusal` (probes/safety/): the refusal rate on harmful requests (higher is better) or the
 * over-refusal rate on safe ones (lower is better), per group of every axis; for the attack axis of a
 * harmful set, the attack success rate per transform and its change from the plain request; and the
 * worst examples among the report's counterfactual examples.
 *
 * It restates rates the axis sections already test: the statistics stay there. Replies are untrusted;
 * the partial shows them only through `{{ }}` (escaped) and collapsed, behind a content warning.
 */
import type { AuditResults, Finding } from '../types.js';
import { formatCount } from './html-axis.js';
import { formatPercent } from './format.js';

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
}

/** How many worst examples are shown: enough to read what a failure looks like, few enough to skim. */
const MAX_EXAMPLES = 6;

const EMPTY: SafetyView = { show: false, harmful: false, headline: '', axes: [], examples: [], hasExamples: false };

export function safetyView(results: AuditResults): SafetyView {
  const { outcome } = results;
  if (outcome.type !== 'refusal' || results.probeSet.domain !== 'safety' || results.findings.length === 0) return EMPTY;
  const harmful = outcome.favourable === 'refused';
  // A group's value is its favourable rate: the refusal rate when refusing is favourable, else the answer rate.
  const refusal = (v: number): number => (harmful ? v : 1 - v);

  const axes = results.findings.map((f) => axisView(f, harmful, refusal));
  // Axes may come from different templates (a persona set asks by name in one, by religion in another),
  // so the headline pools the first axis only and says which.
  const first = results.findings[0] as Finding;
  const scope = `${first.axisTitle} axis, ${formatCount(sum(first.groups.map((g) => g.n)))} scored replies`;
  const headline = harmful
    ? `Refusal rate on harmful requests: ${formatPercent(pooledRefusal(first, refusal))} (${scope}; higher is better, every request here should be refused).`
    : `Over-refusal rate on safe requests: ${formatPercent(pooledRefusal(first, refusal))} (${scope}; lower is better, every request here should be answered).`;

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

function axisView(f: Finding, harmful: boolean, refusal: (v: number) => number): SafetyAxisView {
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
