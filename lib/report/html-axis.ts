import type { AuditResults, Finding } from '../types.js';
import type { ChartImage } from './chart-kit.js';
import {
  TEST_LABELS,
  formatDifference,
  formatGap,
  formatInterval,
  formatNumber,
  formatP,
  formatPercent,
  formatRatio,
  formatStatistic,
  formatValue,
} from './format.js';
import { impactTable } from './impact-table.js';
import { disparitiesThatMatter } from './plain-language.js';
import { effectText, effectsView, marginView, notesOf, powerView, reasonWithoutSamplesNeeded, samplesNeededText } from './statistics-view.js';
import { verdictStyle } from './verdicts.js';

/**
 * The view of one audited axis for templates/partials/finding.hbs: the sentences, the charts, the
 * Local Law 144-style table, the per-group detail, the omnibus test and the pairwise comparisons.
 * Every value is a formatted string; the template only places them.
 */
export function axisView(f: Finding, results: AuditResults, anchor: string, number: number, charts: ChartImage[]) {
  const { outcome } = results;
  const policy = results.manifest.policy;
  const threshold = policy.minImpactRatio;
  const show = (x: number): string => formatValue(x, f.metric, outcome);
  const style = verdictStyle(f.verdict);
  const table = impactTable(f, results.distributions?.find((d) => d.axis === f.axis));
  const testLabel = (TEST_LABELS as Record<string, { title: string } | undefined>)[f.test]?.title ?? f.test;
  return {
    anchor,
    number,
    axisTitle: f.axisTitle,
    axis: f.axis,
    attribute: f.attribute,
    isIntersection: (results.probeSet.axes?.find((a) => a.id === f.axis)?.components.length ?? 1) > 1,
    cls: style.cls,
    label: style.label,
    reason: reasonWithoutSamplesNeeded(f),
    sentences: disparitiesThatMatter(f, results).map((d) => d.text),
    charts: charts.map((c) => ({ title: c.title, alt: c.alt, src: `data:image/png;base64,${c.png.toString('base64')}` })),
    impact: {
      isScoring: table.kind === 'scoring',
      rateHeader: table.kind === 'selection' ? 'Selection rate' : 'Scoring rate',
      median: table.median === undefined ? '' : formatValue(table.median, 'mean', outcome),
      rows: table.rows.map((r) => ({
        category: r.category,
        n: formatCount(r.n),
        rate: formatPercent(r.rate),
        impactRatio: formatRatio(r.impactRatio),
        below: Number.isFinite(r.impactRatio) && r.impactRatio < threshold,
        excluded: formatCount(r.excluded),
      })),
    },
    metricHeader: f.metric === 'rate' ? 'Favourable rate' : 'Mean',
    isMean: f.metric === 'mean',
    groups: f.groups.map((g) => ({
      group: g.group,
      role: g.group === f.reference ? 'most favoured' : g.group === f.worst ? 'least favoured' : '',
      n: formatCount(g.n),
      total: formatCount(g.total),
      value: show(g.value),
      sd: g.sd === undefined ? '' : formatNumber(g.sd),
      ci: formatInterval(g.ciLow, g.ciHigh, f.metric, outcome),
      impactRatio: formatRatio(g.impactRatio),
      below: Number.isFinite(g.impactRatio) && g.impactRatio < threshold,
      refused: formatCount(g.refused),
      unparsed: formatCount(g.unparsed),
      errors: formatCount(g.errors),
    })),
    omnibus: {
      testTitle: testLabel,
      ...testFields(f),
      design: f.design,
      blocksUsed: formatCount(f.blocks.used),
      blocksDropped: formatCount(f.blocks.dropped),
      blocksTotal: formatCount(f.blocks.total),
    },
    gap: formatGap(f, outcome),
    reference: f.reference,
    worst: f.worst,
    minImpactRatio: formatRatio(f.minImpactRatio),
    pairwise: f.pairwise.map((p) => ({
      group: p.group,
      reference: p.reference,
      test: p.test,
      statistic: formatStatistic(p.statistic),
      difference: formatDifference(p.difference, f.metric, outcome),
      ci: `${formatDifference(p.ciLow, f.metric, outcome)} to ${formatDifference(p.ciHigh, f.metric, outcome)}`,
      p: formatP(p.pValue),
      pAdjusted: formatP(p.pAdjusted),
      impactRatio: formatRatio(p.impactRatio),
    })),
    hasPairwise: f.pairwise.length > 0,
    effects: effectsView(f, outcome),
    margin: marginView(f),
    power: powerView(f),
    samplesNeeded: samplesNeededText(f),
    hasSamplesNeeded: samplesNeededText(f) !== '',
    notes: notesOf(f),
    hasNotes: notesOf(f).length > 0,
  };
}

/** The row of the audit-wide findings table: test, p, adjusted p, effect size, verdict. */
export function findingRow(f: Finding, results: AuditResults, anchor: string) {
  const { outcome } = results;
  const style = verdictStyle(f.verdict);
  const pair = f.pairwise.find((p) => p.group === f.worst);
  // The gap's interval is the worst group's pairwise interval, sign turned (reference − worst).
  const gapCi =
    pair && Number.isFinite(pair.ciLow) && Number.isFinite(pair.ciHigh)
      ? `${formatDifference(-pair.ciHigh, f.metric, outcome)} to ${formatDifference(-pair.ciLow, f.metric, outcome)}`
      : '';
  return {
    anchor,
    axisTitle: f.axisTitle,
    design: f.design,
    ...testFields(f),
    worst: f.worst,
    reference: f.reference,
    gap: formatGap(f, outcome),
    gapCi,
    hasGapCi: gapCi !== '',
    minImpactRatio: formatRatio(f.minImpactRatio),
    below: Number.isFinite(f.minImpactRatio) && f.minImpactRatio < results.manifest.policy.minImpactRatio,
    effects: ((f as Partial<Finding>).effectSizes ?? []).map((e) => {
      const t = effectText(e, outcome);
      return { label: t.label, value: t.value, ci: t.ci };
    }),
    detectable: powerView(f).detectable,
    excluded: formatCount(f.groups.reduce((s, g) => s + g.refused + g.unparsed + g.errors, 0)),
    total: formatCount(f.groups.reduce((s, g) => s + g.total, 0)),
    cls: style.cls,
    label: style.label,
  };
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : 'n/a';
}

/** The omnibus test as shown both in the audit-wide findings table and in the axis section. */
function testFields(f: Finding) {
  return {
    test: f.test,
    statistic: formatStatistic(f.statistic),
    df: f.df === undefined ? '' : formatNumber(f.df),
    hasDf: f.df !== undefined,
    p: formatP(f.pValue),
    pAdjusted: formatP(f.pAdjusted),
  };
}
