/**
 * Number formatting shared by every report, so HTML, Markdown and JUnit say the same thing.
 * Finding fields are plain numbers; NaN or ±Infinity (a test that could not be computed) read "n/a".
 */
import type { Finding, OutcomeSpec, TestName } from '../types.js';
import { outcomeScale } from './outcome-scale.js';
import { VERDICTS, type AnyVerdict } from './verdicts.js';

const NA = 'n/a';

/**
 * A p-value as a reader expects it: two significant digits (`0.012`, `0.31`), scientific notation
 * below 0.001 (`3.2e-30`), `0` only when it is exactly zero. Never a floor such as `< 1e-16`.
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return NA;
  if (p === 0) return '0';
  if (p < 0.001) return p.toExponential(1);
  return String(Number(p.toPrecision(2)));
}

/** A test statistic: two decimals, or three significant digits when that would show 0.00. */
export function formatStatistic(x: number): string {
  if (!Number.isFinite(x)) return NA;
  if (x !== 0 && Math.abs(x) < 0.01) return x.toPrecision(3);
  return x.toFixed(2);
}

/** A proportion as a percentage with one decimal: 0.4204 -> `42.0%`. */
export function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : NA;
}

/** An impact ratio: two decimals, `0.66`. */
export function formatRatio(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : NA;
}

/** A mean or other value on the outcome's own scale: four significant digits, grouped thousands. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return NA;
  const rounded = Number(x.toPrecision(4));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** A rate (as a percentage) or a mean (with its unit), as the finding's metric says. */
export function formatValue(x: number, metric: Finding['metric'], outcome: OutcomeSpec): string {
  if (metric === 'rate') return formatPercent(x);
  const scaleUnit = outcomeScale(outcome)?.unit;
  const unit = scaleUnit ? ` ${scaleUnit}` : '';
  return `${formatNumber(x)}${unit}`;
}

/** An interval `[low, high]` on the metric's scale. */
export function formatInterval(low: number, high: number, metric: Finding['metric'], outcome: OutcomeSpec): string {
  return `${formatValue(low, metric, outcome)} – ${formatValue(high, metric, outcome)}`;
}

/** A difference with its sign: `−21.3 pp` for rates (percentage points), `−4,200 USD` for means. */
export function formatDifference(x: number, metric: Finding['metric'], outcome: OutcomeSpec): string {
  if (!Number.isFinite(x)) return NA;
  const sign = x > 0 ? '+' : x < 0 ? '−' : '';
  if (metric === 'rate') return `${sign}${(Math.abs(x) * 100).toFixed(1)} pp`;
  return `${sign}${formatValue(Math.abs(x), metric, outcome)}`;
}

/** The gap between the most and least favoured groups, with the relative gap for means. */
export function formatGap(finding: Finding, outcome: OutcomeSpec): string {
  if (finding.metric === 'rate') return formatDifference(finding.gap, 'rate', outcome).replace(/^\+/, '');
  const abs = formatValue(finding.gap, 'mean', outcome);
  return Number.isFinite(finding.relativeGap) ? `${abs} (${formatPercent(finding.relativeGap)})` : abs;
}

/** Display names of the tests, in the words of DESIGN.md's statistics vocabulary. */
export const TEST_LABELS: Record<TestName, { title: string; description: string }> = {
  'chi-square': { title: 'Pearson chi-square test', description: 'Pearson chi-square test of independence, no continuity correction.' },
  'fisher-exact': { title: "Fisher's exact test", description: "Fisher's exact test, two-sided (2 groups x 2 outcomes)." },
  'mcnemar-exact': { title: "McNemar's exact test", description: "McNemar's test, exact binomial on discordant pairs, two-sided (paired, 2 groups, binary)." },
  'cochran-q': { title: "Cochran's Q test", description: "Cochran's Q (paired, 3 or more groups, binary)." },
  'welch-t': { title: "Welch's t-test", description: "Welch's unequal-variance t-test, two-sided." },
  'mann-whitney-u': { title: 'Mann-Whitney U test', description: 'Mann-Whitney U, two-sided, tie-corrected normal approximation with continuity correction (exact when n is small and there are no ties).' },
  'kruskal-wallis': { title: 'Kruskal-Wallis H test', description: 'Kruskal-Wallis H with tie correction.' },
  'wilcoxon-signed-rank': { title: 'Wilcoxon signed-rank test', description: 'Wilcoxon signed-rank, two-sided, zero differences dropped (paired, 2 groups, numeric).' },
  friedman: { title: 'Friedman test', description: 'Friedman chi-square with tie correction (paired, 3 or more groups, numeric).' },
  cmh: { title: 'Cochran-Mantel-Haenszel test', description: 'Cochran-Mantel-Haenszel chi-square stratified by block, no continuity correction; generalised CMH for 3 or more groups.' },
  permutation: { title: 'Permutation test', description: 'A permutation test of the difference between groups.' },
};

export const CORRECTION_LABELS = {
  holm: 'Holm step-down',
  bh: 'Benjamini-Hochberg (false discovery rate)',
  bonferroni: 'Bonferroni',
  none: 'none',
} as const;

/** The printed verdicts (see verdicts.ts for their order, colours and icons). */
export const VERDICT_LABELS: Record<AnyVerdict, string> = {
  pass: VERDICTS.pass.label,
  fail: VERDICTS.fail.label,
  inconclusive: VERDICTS.inconclusive.label,
  'insufficient-data': VERDICTS['insufficient-data'].label,
};
