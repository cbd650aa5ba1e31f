/**
 * The safety section's charts (lib/report/safety.ts): one per audited axis of a refusal-scored safety
 * set, drawn with the report's chart kit (chart-kit.ts) and the finding chart's whiskers and labels
 * (charts.ts), so they look like the rest of the report.
 *
 * - Attack axis of a harmful set: the refusal rate of each transform, the plain request (the control)
 *   first and marked. Refusal, not attack success, is drawn so that the whole section reads one way,
 *   "higher is safer", like its headline; the caption and the alt text give attack success as well.
 * - Any other axis: the rate a reader has to judge, with the most favoured group marked: over-refusal
 *   of safe requests (lower is better) or refusal of harmful ones (higher is safer). For a persona set
 *   this is the group gap; for XSTest's prompt types, which kinds of safe request are over-refused.
 *
 * Bars whose comparison with the marked group is significant (the finding's pairwise test, adjusted)
 * and go the wrong way are vermillion with a ▼, so colour is never the only signal.
 * `safetyChartText` gives the words without drawing, for the Markdown report.
 */
import type { Plugin } from 'chart.js';
import type { Finding, GroupStat } from '../types.js';
import { chartFontFamily } from './chart-font.js';
import { OKABE_ITO, baseOptions, draw, shorten, type ChartImage, type Style } from './chart-kit.js';
import { barLabels, thresholdLine, whiskers } from './charts.js';
import { formatP, formatPercent } from './format.js';

/** A chart with the sentence shown under it (the title is drawn in the image). */
export interface SafetyChart extends ChartImage {
  caption: string;
}

/** One bar: a group's refusal or over-refusal rate with its 95% interval, on the drawn scale. */
interface Bar {
  group: string;
  n: number;
  rate: number;
  low: number;
  high: number;
  /** The control (plain) or the most favoured group. */
  marked: boolean;
  /** Significantly worse than the marked group (adjusted pairwise p below alpha). */
  worse: boolean;
  /** Adjusted p of the comparison with the marked group, when there is one. */
  p?: number;
}

interface ChartText {
  title: string;
  subtitle: string;
  axisLabel: string;
  caption: string;
  alt: string;
  bars: Bar[];
  /** Where the x axis ends: 100% for refusal of harmful requests, near the data for over-refusal. */
  max: number;
}

/**
 * The chart of one finding of a refusal-scored safety set. `harmful`: a refusal is favourable (every
 * request should be refused); otherwise an answer is, and the drawn rate is the over-refusal rate.
 */
export function safetyChart(f: Finding, harmful: boolean, alpha: number, devicePixelRatio = 2): SafetyChart {
  const text = safetyChartText(f, harmful, alpha);
  const style: Style = { dpr: devicePixelRatio, font: chartFontFamily() };
  const { bars } = text;
  const marker = (b: Bar): string => (b.marked ? (isAttack(f, harmful) ? 'control, ' : 'most favoured, ') : '');
  const labels = bars.map((b) => ({ at: Number.isFinite(b.high) ? Math.max(b.rate, b.high) : b.rate, text: formatPercent(b.rate) + (b.worse ? ' ▼' : '') }));
  const png = draw(bars.length, style, {
    type: 'bar',
    data: {
      labels: bars.map((b) => `${shorten(b.group)} (${marker(b)}n = ${b.n})`),
      datasets: [
        {
          data: bars.map((b) => b.rate),
          backgroundColor: bars.map((b) => (b.marked ? OKABE_ITO.blue : b.worse ? OKABE_ITO.vermillion : OKABE_ITO.skyBlue)),
          borderColor: OKABE_ITO.blue,
          borderWidth: 1,
        },
      ],
    },
    options: {
      ...baseOptions(text.title, text.subtitle),
      scales: {
        x: {
          min: 0,
          max: text.max,
          ticks: { callback: (v) => `${Math.round(Number(v) * 100)}%` },
          title: { display: true, text: text.axisLabel },
        },
        y: { grid: { display: false } },
      },
    },
    plugins: [
      whiskers(bars.map(asStat)),
      ...(bars.some((b) => b.marked) ? [thresholdLine((bars.find((b) => b.marked) as Bar).rate)] : []),
      labelBacking(style, labels),
      barLabels(style, labels),
    ],
  });
  return { title: text.title, alt: text.alt, caption: text.caption, png };
}

/** The chart's title, caption, alt text and bars, without drawing it. */
export function safetyChartText(f: Finding, harmful: boolean, alpha: number): ChartText {
  const attack = isAttack(f, harmful);
  const marked = attack ? 'plain' : f.reference;
  // The drawn rate: refusal of harmful requests, over-refusal (refusal) of safe ones. A group's value
  // is its favourable rate, so for safe sets the rate and its interval are flipped.
  const bars: Bar[] = f.groups.map((g) => {
    const rate = harmful ? g.value : 1 - g.value;
    const [low, high] = harmful ? [g.ciLow, g.ciHigh] : [1 - g.ciHigh, 1 - g.ciLow];
    const pair = f.pairwise.find((p) => p.group === g.group && p.reference === marked);
    // The pair's difference is group − marked on the favourable scale: negative is worse either way.
    const worse = pair !== undefined && pair.pAdjusted < alpha && pair.difference < 0;
    return { group: g.group, n: g.n, rate, low, high, marked: g.group === marked, worse, ...(pair ? { p: pair.pAdjusted } : {}) };
  });
  // The marked group first, then best to worst (highest refusal of harmful, lowest over-refusal of safe).
  const rank = (b: Bar): number => (b.marked ? -Infinity : Number.isFinite(b.rate) ? (harmful ? -b.rate : b.rate) : Infinity);
  bars.sort((a, b) => rank(a) - rank(b));

  const show = (b: Bar): string =>
    `${b.group}${b.marked ? (attack ? ' (control)' : ' (most favoured)') : ''} ${formatPercent(b.rate)} (95% CI ${formatPercent(b.low)} – ${formatPercent(b.high)}, n = ${b.n}` +
    `${attack ? `; attack success ${formatPercent(1 - b.rate)}` : ''}${b.worse ? `; significantly ${attack ? 'below' : 'worse than'} ${marked}, adjusted p = ${formatP(b.p ?? Number.NaN)}` : ''})`;
  const items = bars.map(show).join('; ');
  // The subtitle must fit the chart's width on one line (chart.js squeezes a longer one).
  const worseNote = bars.some((b) => b.worse) ? ` · vermillion ▼: significantly ${harmful ? 'lower' : 'higher'} (adjusted p < ${alpha})` : '';

  if (attack) {
    return {
      title: 'Refusal rate on harmful requests by attack transform',
      subtitle: `Whiskers: 95% confidence interval · dashed line: the plain request (control)${worseNote}`,
      axisLabel: 'refusal rate — higher is safer (attack success rate = 100% − refusal rate)',
      caption:
        'The share of harmful requests the model refused, sent plain (the control, dark blue and dashed line) and wrapped in each ' +
        'attack transform. Higher is safer. A bar shorter than the plain request’s is an attack that works: its attack success ' +
        'rate is 100% minus the bar.',
      alt: `Bar chart of the refusal rate on harmful requests by attack transform, higher is safer, with 95% confidence intervals, the plain request (the control) first: ${items}.`,
      bars,
      max: 1,
    };
  }
  const highs = bars.flatMap((b) => [b.rate, b.high]).filter(Number.isFinite);
  if (harmful) {
    return {
      title: `Refusal rate on harmful requests by ${f.axisTitle}`,
      subtitle: `Whiskers: 95% confidence interval · dashed line: the most favoured group${worseNote}`,
      axisLabel: 'refusal rate — higher is safer',
      caption: `The share of harmful requests the model refused, by ${f.axisTitle}. Higher is safer; the dashed line is the group refused most often, ${marked}.`,
      alt: `Bar chart of the refusal rate on harmful requests by ${f.axisTitle}, higher is safer, with 95% confidence intervals, the most favoured group first: ${items}.`,
      bars,
      max: 1,
    };
  }
  return {
    title: `Over-refusal of safe requests by ${f.axisTitle}`,
    subtitle: `Whiskers: 95% confidence interval · dashed line: the most favoured group${worseNote}`,
    axisLabel: 'share of safe requests refused — lower is better',
    caption:
      `The share of safe requests the model refused, by ${f.axisTitle}. Lower is better: every request here should be answered. ` +
      `The dashed line is the group refused least often, ${marked}; a bar’s distance from it is that group’s gap.`,
    alt: `Bar chart of the over-refusal rate (safe requests refused) by ${f.axisTitle}, lower is better, with 95% confidence intervals, the most favoured group first: ${items}.`,
    bars,
    // Over-refusal is usually far below 100%: end the axis near the data (whole tens) so gaps are visible.
    max: Math.min(1, Math.ceil((Math.max(0.1, ...highs) + 0.02) * 10) / 10),
  };
}

/** The attack axis of a harmful set: the one with the "plain" control. */
export function isAttack(f: Finding, harmful: boolean): boolean {
  return harmful && f.groups.some((g) => g.group === 'plain');
}

/**
 * A white box under each value label, drawn between the dashed control line and the labels (charts.ts's
 * barLabels, same placement and font), so a line that crosses a label does not cut through its digits.
 */
function labelBacking(style: Style, labels: { at: number; text: string }[]): Plugin<'bar'> {
  return {
    id: 'biasAuditLabelBacking',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const x = chart.scales['x'];
      const bars = chart.getDatasetMeta(0).data;
      if (x === undefined) return;
      ctx.save();
      ctx.font = `12px ${style.font}`;
      ctx.fillStyle = '#ffffff';
      labels.forEach((label, i) => {
        const bar = bars[i];
        if (bar === undefined || !Number.isFinite(label.at)) return;
        const left = Math.min(x.getPixelForValue(label.at), x.right) + 6;
        ctx.fillRect(left - 2, bar.y - 8, ctx.measureText(label.text).width + 4, 16);
      });
      ctx.restore();
    },
  };
}

/** A bar as the finding chart's whiskers read a group: its interval on the drawn scale. */
function asStat(b: Bar): GroupStat {
  return { group: b.group, n: b.n, value: b.rate, ciLow: b.low, ciHigh: b.high, impactRatio: Number.NaN, refused: 0, unparsed: 0, errors: 0, total: b.n };
}
