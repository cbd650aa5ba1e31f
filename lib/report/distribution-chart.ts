import type { Plugin } from 'chart.js';
import type { GroupDistribution } from '../types.js';
import { OKABE_ITO, baseOptions, draw, shorten, type ChartImage, type Style } from './chart-kit.js';
import { formatNumber } from './format.js';
import type { OutcomeScale } from './outcome-scale.js';

/** A group's distribution with its mean (from the finding), one row of the chart. */
export type DistributionRow = GroupDistribution & { mean: number };

/**
 * How each group's numeric answers spread, as a horizontal box plot: box from the 25th to the 75th
 * percentile, whiskers from the 10th to the 90th (robust to the few extreme replies a model gives),
 * a thick line at the median and a diamond at the mean. A gap in means that comes from a few
 * outliers looks different here from one where the whole distribution moved.
 */
export function distributionChart(axisTitle: string, scale: OutcomeScale, rows: DistributionRow[], style: Style): ChartImage {
  const unit = scale.unit ? ` (${scale.unit})` : '';
  const title = `Distribution of answers${unit} by ${axisTitle}`;
  const lo = Math.min(...rows.map((r) => r.p10));
  const hi = Math.max(...rows.map((r) => r.p90));
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1;

  const png = draw(rows.length, style, {
    type: 'bar',
    data: {
      labels: rows.map((r) => `${shorten(r.group)} (n = ${r.n})`),
      // Floating bars: each bar spans [p25, p75].
      datasets: [{ data: rows.map((r) => [r.p25, r.p75] as [number, number]), backgroundColor: OKABE_ITO.skyBlue, borderColor: OKABE_ITO.blue, borderWidth: 1, barPercentage: 0.6 }],
    },
    options: {
      ...baseOptions(title, 'Box: 25th–75th percentile · whiskers: 10th–90th · bar: median · ◆ mean'),
      scales: {
        x: {
          // Suggested, not fixed: chart.js then ends the axis on a round tick.
          suggestedMin: Math.max(scale.min ?? -Infinity, lo - pad),
          suggestedMax: Math.min(scale.max ?? Infinity, hi + pad),
          ...(scale.min === undefined ? {} : { min: Math.max(scale.min, Math.min(lo - pad, scale.min + (hi - lo) * 10)) }),
          ticks: { callback: (v) => formatNumber(Number(v)) },
          title: { display: true, text: `answer${unit}` },
        },
        y: { grid: { display: false } },
      },
    },
    plugins: [boxMarks(rows)],
  });

  const u = scale.unit ? ` ${scale.unit}` : '';
  const items = rows.map(
    (r) =>
      `${r.group}: median ${formatNumber(r.median)}${u}, middle half ${formatNumber(r.p25)} to ${formatNumber(r.p75)}, 10th to 90th percentile ${formatNumber(r.p10)} to ${formatNumber(r.p90)}, mean ${formatNumber(r.mean)} (n = ${r.n})`,
  );
  const alt = `Box plot of the answers by ${axisTitle}, most favoured group first: ${items.join('; ')}.`;
  return { title, alt, png };
}

/** Whiskers, median and mean drawn over the boxes (chart.js has no box plot of its own). */
function boxMarks(rows: DistributionRow[]): Plugin<'bar'> {
  return {
    id: 'biasAuditBoxMarks',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const x = chart.scales['x'];
      const bars = chart.getDatasetMeta(0).data;
      if (x === undefined) return;
      const at = (v: number): number => Math.min(Math.max(x.getPixelForValue(v), x.left), x.right);
      ctx.save();
      ctx.strokeStyle = OKABE_ITO.black;
      ctx.fillStyle = OKABE_ITO.black;
      rows.forEach((r, i) => {
        const bar = bars[i];
        if (bar === undefined) return;
        const y = bar.y;
        const half = ((bar as unknown as { height?: number }).height ?? 20) / 2;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(at(r.p10), y);
        ctx.lineTo(at(r.p25), y);
        ctx.moveTo(at(r.p75), y);
        ctx.lineTo(at(r.p90), y);
        for (const end of [r.p10, r.p90]) {
          ctx.moveTo(at(end), y - half / 2);
          ctx.lineTo(at(end), y + half / 2);
        }
        ctx.stroke();
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(at(r.median), y - half);
        ctx.lineTo(at(r.median), y + half);
        ctx.stroke();
        const m = at(r.mean);
        ctx.beginPath();
        ctx.moveTo(m, y - 6);
        ctx.lineTo(m + 6, y);
        ctx.lineTo(m, y + 6);
        ctx.lineTo(m - 6, y);
        ctx.closePath();
        ctx.fillStyle = OKABE_ITO.orange;
        ctx.fill();
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}
