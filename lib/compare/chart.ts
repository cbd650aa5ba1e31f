import { OKABE_ITO, baseOptions, chartFontFamily, draw, formatNumber, shorten, type ChartImage } from '../report/index.js';
import type { AxisComparison } from './compare.js';

/**
 * Each group's rate or mean in run A and run B, side by side (orange A, blue B: Okabe–Ito, told
 * apart with any common colour-vision deficiency; the legend and alt text name them too).
 */
export function comparisonChart(axis: AxisComparison, unit: string | undefined): ChartImage {
  const isRate = axis.metric === 'rate';
  const what = isRate ? 'favourable-outcome rate' : `mean${unit ? ` (${unit})` : ''}`;
  const title = `${what.charAt(0).toUpperCase()}${what.slice(1)} by ${axis.axisTitle}: A and B`;
  const show = (v: number): string => (Number.isFinite(v) ? (isRate ? `${(v * 100).toFixed(1)}%` : formatNumber(v)) : 'n/a');
  const font = chartFontFamily();
  const base = baseOptions(title, 'A: the baseline run · B: the run compared with it');
  const png = draw(axis.groups.length * 1.6, { dpr: 2, font }, {
    type: 'bar',
    data: {
      labels: axis.groups.map((g) => shorten(g.group)),
      datasets: [
        { label: 'A', data: axis.groups.map((g) => g.a.value), backgroundColor: OKABE_ITO.orange },
        { label: 'B', data: axis.groups.map((g) => g.b.value), backgroundColor: OKABE_ITO.blue },
      ],
    },
    options: {
      ...base,
      plugins: { ...base.plugins, legend: { display: true, position: 'bottom' } },
      scales: {
        x: {
          min: 0,
          ...(isRate ? { max: 1 } : {}),
          ticks: { callback: (v) => (isRate ? `${Math.round(Number(v) * 100)}%` : formatNumber(Number(v))) },
          title: { display: true, text: what },
        },
        y: { grid: { display: false } },
      },
    },
  });
  const alt = `Bar chart of the ${what} by ${axis.axisTitle} in run A and run B: ${axis.groups.map((g) => `${g.group} ${show(g.a.value)} in A, ${show(g.b.value)} in B`).join('; ')}.`;
  return { title, alt, png };
}
