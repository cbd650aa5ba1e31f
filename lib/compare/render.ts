import { CORRECTION_LABELS, describeGroup, escapeMarkdown, formatNumber, formatP, formatRatio, formatValue, loadTemplate, outcomeScale, verdictStyle } from '../report/index.js';
import type { AuditResults } from '../types.js';
import { comparisonChart } from './chart.js';
import type { AxisComparison, Comparison, PairChange } from './compare.js';
import { pairSentence } from './sentences.js';

/** Pair rows shown per axis besides every regression and improvement. */
const PAIRS_SHOWN = 6;

/**
 * The sentences of the regressions (then improvements), most significant first. A group that fell
 * behind every other group would otherwise fill the list with one sentence per pair: each group
 * that lost (or gained) ground gets one sentence, its most significant pair, and a count of the rest.
 */
export function changeSentences(c: Comparison, b: Pick<AuditResults, 'probeSet' | 'outcome'>): { regressions: string[]; improvements: string[] } {
  const unit = outcomeScale(b.outcome)?.unit;
  const collect = (pick: 'regression' | 'improvement'): string[] => {
    const byGroup = new Map<string, { axis: AxisComparison; pairs: PairChange[] }>();
    for (const axis of c.axes) {
      for (const p of axis.pairs.filter((x) => x[pick])) {
        const key = `${axis.axis}\u0000${p.low}`;
        const entry = byGroup.get(key) ?? { axis, pairs: [] };
        entry.pairs.push(p);
        byGroup.set(key, entry);
      }
    }
    return [...byGroup.values()]
      .map(({ axis, pairs }) => ({ axis, pairs: pairs.sort((x, y) => x.pAdjusted - y.pAdjusted) }))
      .sort((x, y) => (x.pairs[0] as PairChange).pAdjusted - (y.pairs[0] as PairChange).pAdjusted)
      .map(({ axis, pairs }) => {
        const more = pairs.length - 1;
        const first = pairs[0] as PairChange;
        const who = describeGroup(first.low, { id: axis.axis, title: axis.axisTitle, attribute: attributeOf(b, axis.axis) }, b.probeSet).short;
        const also = more > 0 ? ` The gap between ${who} and ${more} other group${more === 1 ? '' : 's'} ${pick === 'regression' ? 'widened' : 'narrowed'} significantly too.` : '';
        return `${pairSentence(axis, first, b.probeSet, unit)}${also}`;
      });
  };
  return { regressions: collect('regression'), improvements: collect('improvement') };
}

/** The comparison as a self-contained HTML page (templates/compare.html.hbs; same rules as report.html). */
export async function renderComparisonHtml(c: Comparison, b: Pick<AuditResults, 'probeSet' | 'outcome'>): Promise<string> {
  const template = await loadTemplate('compare.html.hbs');
  return template(comparisonView(c, b));
}

function comparisonView(c: Comparison, b: Pick<AuditResults, 'probeSet' | 'outcome'>) {
  const unit = outcomeScale(b.outcome)?.unit;
  const sentences = changeSentences(c, b);
  const value = (x: number, metric: 'rate' | 'mean'): string => formatValue(x, metric, b.outcome);
  const gap = (x: number, metric: 'rate' | 'mean'): string => (metric === 'rate' ? points(x) : value(x, metric));
  const pairsTested = c.axes.reduce((s, a) => s + a.pairs.length, 0);
  return {
    pageTitle: `Bias audit comparison: ${c.probeSet.id}, ${c.a.model} vs ${c.b.model} — ${c.regressed ? 'REGRESSION' : 'NO REGRESSION'}`,
    probeSet: c.probeSet,
    verdict: {
      cls: c.regressed ? 'fail' : 'pass',
      label: c.regressed ? 'REGRESSION' : 'NO REGRESSION',
      why: c.regressed
        ? `${c.regressions} disparit${c.regressions === 1 ? 'y' : 'ies'} got significantly worse from A to B (adjusted p < ${formatNumber(c.alpha)}, ${CORRECTION_LABELS[c.correction]} correction across the ${pairsTested} pairs of groups compared).`
        : `No disparity got significantly worse from A to B (adjusted p < ${formatNumber(c.alpha)}, ${CORRECTION_LABELS[c.correction]} correction across the ${pairsTested} pairs of groups compared).`,
    },
    synthetic: c.a.synthetic || c.b.synthetic,
    runs: [
      { label: 'Model', a: c.a.model, b: c.b.model },
      { label: 'Run directory', a: c.a.dir ?? '', b: c.b.dir ?? '' },
      { label: 'Created', a: c.a.createdAt, b: c.b.createdAt },
      { label: 'Seed', a: String(c.a.seed), b: String(c.b.seed) },
      { label: 'Samples per probe', a: String(c.a.samples), b: String(c.b.samples) },
      { label: 'Audit verdict', a: verdictStyle(c.a.verdict).label, b: verdictStyle(c.b.verdict).label },
      { label: 'bias-audit version', a: c.a.toolVersion, b: c.b.toolVersion },
    ],
    regressions: sentences.regressions,
    hasRegressions: sentences.regressions.length > 0,
    improvements: sentences.improvements,
    hasImprovements: sentences.improvements.length > 0,
    axes: c.axes.map((axis, i) => axisView(axis, i, unit, value, gap)),
    onlyInA: c.onlyInA.join(', '),
    hasOnlyInA: c.onlyInA.length > 0,
    onlyInB: c.onlyInB.join(', '),
    hasOnlyInB: c.onlyInB.length > 0,
    method: c.method,
    alpha: formatNumber(c.alpha),
    correction: CORRECTION_LABELS[c.correction],
    pairsTested: String(pairsTested),
  };
}

const STATUS = {
  worse: { label: 'WORSE', cls: 'fail' },
  mixed: { label: 'MIXED', cls: 'inconclusive' },
  better: { label: 'BETTER', cls: 'pass' },
  unchanged: { label: 'NO SIGNIFICANT CHANGE', cls: 'pass' },
} as const;

function axisView(axis: AxisComparison, i: number, unit: string | undefined, value: (x: number, m: 'rate' | 'mean') => string, gap: (x: number, m: 'rate' | 'mean') => string) {
  const chart = comparisonChart(axis, unit);
  const notable = axis.pairs.filter((p) => p.regression || p.improvement);
  const rest = axis.pairs.filter((p) => !p.regression && !p.improvement);
  const shown = [...notable, ...rest.slice(0, Math.max(0, PAIRS_SHOWN - notable.length))];
  return {
    anchor: `axis-${i + 1}`,
    axisTitle: axis.axisTitle,
    axis: axis.axis,
    status: STATUS[axis.status],
    gapA: gap(axis.a.gap, axis.metric),
    gapB: gap(axis.b.gap, axis.metric),
    irA: formatRatio(axis.a.minImpactRatio),
    irB: formatRatio(axis.b.minImpactRatio),
    verdictA: verdictStyle(axis.a.verdict),
    verdictB: verdictStyle(axis.b.verdict),
    chart: { title: chart.title, alt: chart.alt, src: `data:image/png;base64,${chart.png.toString('base64')}` },
    metricHeader: axis.metric === 'rate' ? 'rate' : 'mean',
    groups: axis.groups.map((g) => ({
      group: g.group,
      nA: String(g.a.n),
      valueA: value(g.a.value, axis.metric),
      irA: formatRatio(g.a.impactRatio),
      nB: String(g.b.n),
      valueB: value(g.b.value, axis.metric),
      irB: formatRatio(g.b.impactRatio),
    })),
    pairs: shown.map((p) => ({
      high: p.high,
      low: p.low,
      gapA: gap(p.gapA, axis.metric),
      gapB: gap(p.gapB, axis.metric),
      change: `${p.change > 0 ? '+' : ''}${gap(p.change, axis.metric)}`,
      ci: `${gap(p.ciLow, axis.metric)} to ${gap(p.ciHigh, axis.metric)}`,
      z: formatNumber(p.z),
      p: formatP(p.pValue),
      pAdjusted: formatP(p.pAdjusted),
      cls: p.regression ? 'fail' : p.improvement ? 'pass' : '',
      label: p.regression ? 'WORSE' : p.improvement ? 'BETTER' : '',
      flagged: p.regression || p.improvement,
    })),
    hidden: axis.pairs.length - shown.length,
    hasHidden: axis.pairs.length > shown.length,
    untested: axis.untested.join('; '),
    hasUntested: axis.untested.length > 0,
  };
}

/** The comparison in short, for a PR comment or GITHUB_STEP_SUMMARY. */
export function renderComparisonMarkdown(c: Comparison, b: Pick<AuditResults, 'probeSet' | 'outcome'>): string {
  const s = changeSentences(c, b);
  const gap = (x: number, m: 'rate' | 'mean'): string => (m === 'rate' ? points(x) : formatValue(x, m, b.outcome));
  const lines = [
    `## ${c.regressed ? '❌ bias-audit compare: REGRESSION' : '✅ bias-audit compare: NO REGRESSION'}`,
    '',
    escapeMarkdown(`${c.probeSet.id} ${c.probeSet.version}: A = ${c.a.model} (${c.a.createdAt}), B = ${c.b.model} (${c.b.createdAt}).`),
    '',
    escapeMarkdown(
      c.regressed
        ? `${c.regressions} disparit${c.regressions === 1 ? 'y' : 'ies'} got significantly worse from A to B (adjusted p < ${formatNumber(c.alpha)}, ${c.correction}).`
        : `No disparity got significantly worse from A to B (adjusted p < ${formatNumber(c.alpha)}, ${c.correction}).`,
    ),
  ];
  if (s.regressions.length > 0) lines.push('', '**Got worse**', '', ...s.regressions.map((t) => `- ❌ ${escapeMarkdown(t)}`));
  if (s.improvements.length > 0) lines.push('', '**Got better**', '', ...s.improvements.map((t) => `- ✅ ${escapeMarkdown(t)}`));
  if (c.axes.length > 0) {
    lines.push(
      '',
      '| Axis | Gap A | Gap B | Min impact ratio A | Min impact ratio B | Verdict A | Verdict B | Change |',
      '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
      ...c.axes.map(
        (a) =>
          `| ${[a.axisTitle, gap(a.a.gap, a.metric), gap(a.b.gap, a.metric), formatRatio(a.a.minImpactRatio), formatRatio(a.b.minImpactRatio), verdictStyle(a.a.verdict).label, verdictStyle(a.b.verdict).label, STATUS[a.status].label]
            .map(escapeMarkdown)
            .join(' | ')} |`,
      ),
    );
  }
  if (c.onlyInA.length + c.onlyInB.length > 0) lines.push('', escapeMarkdown(`Not compared: only in A: ${c.onlyInA.join(', ') || 'none'}; only in B: ${c.onlyInB.join(', ') || 'none'}.`));
  return `${lines.join('\n')}\n`;
}

/** The comparison as plain text: what `bias-audit compare` prints and what a failing assertion says. */
export function summariseComparison(c: Comparison, b: Pick<AuditResults, 'probeSet' | 'outcome'>, htmlPath?: string): string {
  const s = changeSentences(c, b);
  const pairs = c.axes.reduce((n, a) => n + a.pairs.length, 0);
  const lines = [
    `${c.regressed ? 'REGRESSION' : 'NO REGRESSION'}: ${c.probeSet.id}, A = ${c.a.model}, B = ${c.b.model} — ` +
      `${c.regressions} of ${pairs} gaps between groups got significantly worse (adjusted p < ${formatNumber(c.alpha)}, ${c.correction})`,
    ...s.regressions.map((t) => `  ✗ ${t}`),
    ...s.improvements.map((t) => `  ✓ ${t}`),
  ];
  if (c.onlyInA.length + c.onlyInB.length > 0) lines.push(`  not compared: only in A: ${c.onlyInA.join(', ') || 'none'}; only in B: ${c.onlyInB.join(', ') || 'none'}`);
  if (htmlPath) lines.push(`Report: ${htmlPath}`);
  return lines.join('\n');
}

function attributeOf(b: Pick<AuditResults, 'probeSet'>, axis: string): string {
  return b.probeSet.axes?.find((a) => a.id === axis)?.attribute ?? '';
}

/** Rate points with one decimal and a true minus sign: `27.5 pp`, `−2.3 pp`. */
function points(x: number): string {
  return Number.isFinite(x) ? `${x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)} pp` : 'n/a';
}
