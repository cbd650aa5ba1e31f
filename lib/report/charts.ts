import type { Plugin } from 'chart.js';
import type { AxisDistribution, Finding, GroupStat, OutcomeSpec } from '../types.js';
import { chartFontFamily } from './chart-font.js';
import { OKABE_ITO, baseOptions, draw, shorten, type ChartImage, type Style } from './chart-kit.js';
import { distributionChart } from './distribution-chart.js';
import { outcomeScale } from './outcome-scale.js';
import { formatInterval, formatNumber, formatRatio, formatValue } from './format.js';

export type { ChartImage } from './chart-kit.js';

export interface ChartOptions {
  /** Where the dashed line of the impact-ratio chart sits (the policy's four-fifths rule). Default 0.8. */
  minImpactRatio?: number;
  /** Pixels per CSS pixel of the PNG; 2 keeps text crisp on screens and in print. Default 2. */
  devicePixelRatio?: number;
  /** The axis's per-group distribution (numeric outcomes): adds a third chart, the spread of values. */
  distribution?: AxisDistribution;
}

/**
 * The charts of one finding (one audited axis): (1) the favourable-outcome rate or the mean of each
 * group with its 95% interval, (2) each group's impact ratio against the four-fifths line, and for
 * numeric outcomes (3) the spread of each group's values. Bars are sorted by impact ratio, most
 * favoured first, so the rows of every chart line up.
 */
export async function renderCharts(finding: Finding, outcome: OutcomeSpec, options: ChartOptions = {}): Promise<ChartImage[]> {
  const threshold = options.minImpactRatio ?? 0.8;
  const dpr = options.devicePixelRatio ?? 2;
  const style: Style = { dpr, font: chartFontFamily() };
  const groups = [...finding.groups].sort((a, b) => order(b.impactRatio) - order(a.impactRatio));
  const charts = [valueChart(finding, outcome, groups, style), impactChart(finding, groups, threshold, style)];
  const scale = outcomeScale(outcome);
  if (options.distribution && scale) {
    const byGroup = new Map(options.distribution.groups.map((d) => [d.group, d]));
    const rows = groups.flatMap((g) => {
      const d = byGroup.get(g.group);
      return d ? [{ ...d, mean: g.value }] : [];
    });
    if (rows.length > 0) charts.push(distributionChart(finding.axisTitle, scale, rows, style));
  }
  return charts;
}

function valueChart(finding: Finding, outcome: OutcomeSpec, groups: GroupStat[], style: Style): ChartImage {
  const isRate = finding.metric === 'rate';
  const what = isRate ? 'favourable-outcome rate' : meanName(outcome);
  const title = `${what.charAt(0).toUpperCase()}${what.slice(1)} by ${finding.axisTitle}`;
  const show = (x: number): string => formatValue(x, finding.metric, outcome);
  const values = groups.map((g) => g.value);
  const highs = groups.flatMap((g) => [g.value, g.ciHigh]).filter(Number.isFinite);
  const xMin = isRate ? 0 : Math.min(outcomeScale(outcome)?.min ?? 0, ...values.filter(Number.isFinite));

  const png = draw(groups.length, style, {
    type: 'bar',
    data: {
      labels: groups.map((g) => `${shorten(g.group)} (n = ${g.n})`),
      datasets: [{ data: values, backgroundColor: OKABE_ITO.skyBlue, borderColor: OKABE_ITO.blue, borderWidth: 1 }],
    },
    options: {
      ...baseOptions(title, 'Whiskers: 95% confidence interval'),
      scales: {
        x: {
          min: xMin,
          ...(isRate ? { max: 1 } : { suggestedMax: Math.max(xMin, ...highs) }),
          ticks: { callback: (v) => (isRate ? `${Math.round(Number(v) * 100)}%` : formatNumber(Number(v))) },
          title: { display: true, text: what },
        },
        y: { grid: { display: false } },
      },
    },
    plugins: [
      whiskers(groups),
      barLabels(style, groups.map((g) => ({ at: Math.max(g.value, Number.isFinite(g.ciHigh) ? g.ciHigh : g.value), text: show(g.value) }))),
    ],
  });

  const items = groups.map((g) => `${g.group} ${show(g.value)} (95% CI ${formatInterval(g.ciLow, g.ciHigh, finding.metric, outcome)}, n = ${g.n})`);
  const alt = `Bar chart of the ${what} by ${finding.axisTitle}, with 95% confidence intervals, most favoured group first: ${items.join('; ')}.`;
  return { title, alt, png };
}

function impactChart(finding: Finding, groups: GroupStat[], threshold: number, style: Style): ChartImage {
  const title = `Impact ratio by ${finding.axisTitle} (reference: ${finding.reference})`;
  const ratios = groups.map((g) => g.impactRatio);
  const xMax = Math.ceil(Math.max(1, threshold, ...ratios.filter(Number.isFinite)) * 10 + 1) / 10;
  const below = (r: number): boolean => Number.isFinite(r) && r < threshold;

  const png = draw(groups.length, style, {
    type: 'bar',
    data: {
      labels: groups.map((g) => shorten(g.group)),
      datasets: [
        {
          data: ratios,
          backgroundColor: ratios.map((r) => (below(r) ? OKABE_ITO.vermillion : OKABE_ITO.blue)),
        },
      ],
    },
    options: {
      ...baseOptions(title, `Dashed line: ${formatRatio(threshold)} (four-fifths rule); bars below it in vermillion`),
      scales: {
        x: { min: 0, max: xMax, ticks: { stepSize: 0.1 }, title: { display: true, text: `rate relative to ${shorten(finding.reference)}` } },
        y: { grid: { display: false } },
      },
    },
    plugins: [
      thresholdLine(threshold),
      barLabels(style, groups.map((g) => ({ at: g.impactRatio, text: formatRatio(g.impactRatio) + (below(g.impactRatio) ? ' ▼' : '') }))),
    ],
  });

  const items = groups.map((g) => `${g.group} ${formatRatio(g.impactRatio)}${below(g.impactRatio) ? ` (below ${formatRatio(threshold)})` : ''}`);
  const alt = `Bar chart of each ${finding.axisTitle} group's impact ratio to ${finding.reference}, the most favoured group, against the ${formatRatio(threshold)} threshold: ${items.join('; ')}.`;
  return { title, alt, png };
}

/** chart.js has no error bars: draw each group's interval as a whisker with end caps. */
export function whiskers(groups: GroupStat[]): Plugin<'bar'> {
  return {
    id: 'biasAuditWhiskers',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const x = chart.scales['x'];
      const bars = chart.getDatasetMeta(0).data;
      if (x === undefined) return;
      ctx.save();
      ctx.strokeStyle = OKABE_ITO.black;
      ctx.lineWidth = 1.5;
      groups.forEach((g, i) => {
        const bar = bars[i];
        if (bar === undefined || !Number.isFinite(g.ciLow) || !Number.isFinite(g.ciHigh)) return;
        const left = x.getPixelForValue(g.ciLow);
        const right = x.getPixelForValue(g.ciHigh);
        const y = bar.y;
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(right, y);
        for (const end of [left, right]) {
          ctx.moveTo(end, y - 6);
          ctx.lineTo(end, y + 6);
        }
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}

/** Write each bar's value to its right, so the chart can be read without telling colours apart. */
export function barLabels(style: Style, labels: { at: number; text: string }[]): Plugin<'bar'> {
  return {
    id: 'biasAuditBarLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const x = chart.scales['x'];
      const bars = chart.getDatasetMeta(0).data;
      if (x === undefined) return;
      ctx.save();
      ctx.fillStyle = OKABE_ITO.black;
      ctx.font = `12px ${style.font}`;
      ctx.textBaseline = 'middle';
      labels.forEach((label, i) => {
        const bar = bars[i];
        if (bar === undefined || !Number.isFinite(label.at)) return;
        ctx.fillText(label.text, Math.min(x.getPixelForValue(label.at), x.right) + 6, bar.y);
      });
      ctx.restore();
    },
  };
}

/** The dashed vertical line of the four-fifths rule. */
export function thresholdLine(threshold: number): Plugin<'bar'> {
  return {
    id: 'biasAuditThreshold',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const x = chart.scales['x'];
      if (x === undefined) return;
      const at = x.getPixelForValue(threshold);
      ctx.save();
      ctx.strokeStyle = OKABE_ITO.black;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(at, chartArea.top);
      ctx.lineTo(at, chartArea.bottom);
      ctx.stroke();
      ctx.restore();
    },
  };
}

function meanName(outcome: OutcomeSpec): string {
  const unit = outcomeScale(outcome)?.unit;
  return unit ? `mean (${unit})` : 'mean';
}

/** Sort key that puts groups without a ratio last. */
function order(x: number): number {
  return Number.isFinite(x) ? x : -Infinity;
}
