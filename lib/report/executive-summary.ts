/**
 * The first screen of the report: the verdict, why, and the few disparities that matter, in
 * sentences. Shared by the HTML report, report.md and the test-suite assertions, so all three say
 * the same thing in the same words.
 */
import type { AuditResults, Finding } from '../types.js';
import { CORRECTION_LABELS, formatNumber, formatRatio } from './format.js';
import { disparitiesThatMatter, type Disparity } from './plain-language.js';
import { verdictStyle } from './verdicts.js';

/** Sentences shown on the first screen; the rest are in the per-axis sections. */
const MAX_KEY_FINDINGS = 6;

export interface KeyFinding extends Disparity {
  verdict: string;
}

export interface ExecutiveSummary {
  verdict: string;
  /** Why the verdict, in one or two sentences. */
  why: string;
  /** The disparities behind failing (then inconclusive) axes, worst first within each axis. */
  keyFindings: KeyFinding[];
  /** Further disparities of failing or inconclusive axes not listed in keyFindings. */
  more: number;
  /** Axes whose verdict is pass and whose observed gap is within the policy. */
  passed: Finding[];
  /** Axes that passed only because the disparity was not shown: the gap seen is beyond the policy. */
  notRuledOut: Finding[];
  /** Axes the detectors could not judge, or judged inconclusive, and why. */
  unresolved: Finding[];
}

export function executiveSummary(results: AuditResults): ExecutiveSummary {
  const policy = results.manifest.policy;
  const bySeverity = [...results.findings].sort((a, b) => verdictStyle(a.verdict).order - verdictStyle(b.verdict).order || a.minImpactRatio - b.minImpactRatio);
  const failing = bySeverity.filter((f) => f.verdict === 'fail');
  const unresolved = bySeverity.filter((f) => f.verdict !== 'fail' && f.verdict !== 'pass');
  const passes = bySeverity.filter((f) => f.verdict === 'pass');
  const notRuledOut = passes.filter((f) => beyondPolicy(f, results) && !(f.pAdjusted < policy.alpha));
  const passed = passes.filter((f) => !notRuledOut.includes(f));

  const perAxis = failing.map((f) =>
    disparitiesThatMatter(f, results).map((d): KeyFinding => ({ ...d, verdict: f.verdict })),
  );
  const candidates = roundRobin(perAxis);
  return {
    verdict: results.verdict,
    why: whySentence(results, failing, unresolved, notRuledOut),
    keyFindings: candidates.slice(0, MAX_KEY_FINDINGS),
    more: Math.max(0, candidates.length - MAX_KEY_FINDINGS),
    passed,
    notRuledOut,
    unresolved,
  };
}

/** The policy's size limits in words: "an impact ratio below 0.80 or a gap over 10 points". */
export function policyLimits(results: Pick<AuditResults, 'manifest' | 'findings'>): string {
  const p = results.manifest.policy;
  const metrics = new Set(results.findings.map((f) => f.metric));
  const gaps: string[] = [];
  if (metrics.has('rate') || metrics.size === 0) gaps.push(`a gap over ${formatNumber(p.maxRateGap * 100)} points`);
  // Sentiment (a signed scale) is judged on the absolute gap alone; other means on the ratio band.
  if (results.findings.some((f) => f.metric === 'mean' && (f as Partial<Finding>).margin?.scale !== 'mean-difference')) {
    gaps.push(`a mean more than ${formatNumber(p.maxRelativeMeanGap * 100)}% below the most favoured group's`);
  }
  const absolute = [...new Set(results.findings.map((f) => (f as Partial<Finding>).margin?.maxMeanGap).filter((x): x is number => x !== undefined))];
  if (absolute.length > 0) gaps.push(`a mean more than ${absolute.map((x) => formatNumber(x)).join(' / ')} below the most favoured group's on the outcome's scale`);
  return `an impact ratio below ${formatRatio(p.minImpactRatio)} or ${gaps.join(' or ')}`;
}

function whySentence(results: AuditResults, failing: Finding[], unresolved: Finding[], notRuledOut: Finding[]): string {
  const p = results.manifest.policy;
  const n = results.findings.length;
  const axes = (k: number): string => (n === 1 ? 'the only audited axis' : `${k} of the ${n} audited axes`);
  const shown = `statistically significant (adjusted p < ${formatNumber(p.alpha)}, ${CORRECTION_LABELS[p.correction]} correction across the ${n} ${n === 1 ? 'axis' : 'axes'})`;
  const sentences: string[] = [];
  if (n === 0) return 'No axis was audited: the run produced no scored replies to compare.';
  const margins = results.findings.some((f) => (f as Partial<Finding>).margin !== undefined);
  if (failing.length > 0) {
    sentences.push(
      `The audit fails because ${axes(failing.length)} (${list(failing.map((f) => f.axisTitle))}) ${failing.length === 1 ? 'shows' : 'show'} a disparity that is both ${shown} and beyond the policy (${policyLimits(results)}).`,
    );
  } else if (results.verdict === 'pass') {
    sentences.push(
      margins
        ? `The audit passes: every audited axis shows, ${shown.replace('statistically significant', 'with statistical significance')}, that the groups are equivalent within the policy's margin (no group has ${policyLimits(results)}).`
        : `The audit passes: no audited axis shows a disparity that is both ${shown} and beyond the policy (${policyLimits(results)}).`,
    );
  } else {
    sentences.push(
      `The audit is ${verdictStyle(results.verdict).label.toLowerCase()}: no axis shows a disparity beyond the policy (${policyLimits(results)}), but not every axis could be cleared.`,
    );
  }
  const open = [...unresolved, ...notRuledOut];
  if (open.length > 0) {
    sentences.push(
      `For ${list(open.map((f) => f.axisTitle))} the data show neither a disparity beyond the policy nor equivalence within it; more samples would settle ${open.length === 1 ? 'it' : 'them'}.`,
    );
  }
  return sentences.join(' ');
}

/** Whether the observed size (not its significance) is beyond the policy's limits. */
export function beyondPolicy(f: Finding, results: Pick<AuditResults, 'manifest'>): boolean {
  const p = results.manifest.policy;
  const limit = f.metric === 'rate' ? p.maxRateGap : p.maxRelativeMeanGap;
  const margin = (f as Partial<Finding>).margin;
  const absolute = margin?.maxMeanGap !== undefined && f.gap > margin.maxMeanGap;
  if (margin?.scale === 'mean-difference') return absolute;
  return f.minImpactRatio < p.minImpactRatio || f.relativeGap > limit || absolute;
}

/**
 * The worst disparity of every axis first, then the second of each, and so on: the first screen
 * names every failing axis before it lists a second group of any.
 */
function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) {
    for (const l of lists) if (i < l.length) out.push(l[i] as T);
  }
  return out;
}

/** "A, B and C". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
