import { createCanvas } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  SubTitle,
  Title,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
} from 'chart.js';

/**
 * What every chart of the report shares: the canvas, the palette, the title block, and a white
 * background (a transparent PNG prints grey in some PDF viewers). chart.js draws on
 * @napi-rs/canvas, so charts are rendered at report time and embedded as PNG data: URIs.
 */
Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Title, SubTitle);

/** One chart as a PNG, with the title and text alternative to show next to it. */
export interface ChartImage {
  title: string;
  alt: string;
  png: Buffer;
}

/** Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export interface Style {
  /** Pixels per CSS pixel of the PNG. */
  dpr: number;
  /** CSS font family for every text of the chart (see chart-font.ts). */
  font: string;
}

const WIDTH = 760;
const LABEL_CHARS = 30;

/** A horizontal chart with one row per group, as a PNG; its height grows with the rows. */
export function draw<T extends ChartType, D>(bars: number, style: Style, config: ChartConfiguration<T, D, string>): Buffer {
  const height = Math.max(180, 96 + 34 * bars);
  const canvas = createCanvas(WIDTH, height);
  config.options = {
    ...config.options,
    indexAxis: 'y',
    responsive: false,
    animation: false,
    devicePixelRatio: style.dpr,
    font: { family: style.font, size: 13 },
  } as typeof config.options;
  config.plugins = [whiteBackground as Plugin<T>, ...(config.plugins ?? [])];
  // chart.js only needs a 2D context with a `canvas`; @napi-rs/canvas provides both.
  const chart = new Chart(canvas.getContext('2d') as never, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

export function baseOptions(title: string, subtitle: string): NonNullable<ChartConfiguration<'bar'>['options']> {
  return {
    layout: { padding: { top: 4, right: 72, bottom: 4, left: 4 } },
    plugins: {
      legend: { display: false },
      title: { display: true, text: title, color: OKABE_ITO.black, font: { size: 15, weight: 'bold' } },
      subtitle: { display: true, text: subtitle, color: '#444444', padding: { bottom: 8 } },
    },
  };
}

const whiteBackground: Plugin = {
  id: 'biasAuditBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** A group label that fits the chart's left margin. */
export function shorten(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}
