export { renderCharts, type ChartImage, type ChartOptions } from './charts.js';
export { renderHtml } from './html.js';
export { renderMarkdown, escapeMarkdown } from './markdown.js';
export { renderJunit } from './junit.js';
export { renderFindingsCsv } from './csv.js';
export { writeReports, type ReportFiles } from './write-reports.js';
export { packageRoot } from './package-root.js';
export { summariseDistributions } from './distributions.js';
export { outcomeScale, type OutcomeScale } from './outcome-scale.js';
export { executiveSummary, type ExecutiveSummary, type KeyFinding } from './executive-summary.js';
export { describeGroup, disparities, disparitiesThatMatter, type Disparity, type Vocabulary } from './plain-language.js';
export { VERDICTS, verdictStyle, type AnyVerdict, type VerdictStyle } from './verdicts.js';
export {
  formatP,
  formatStatistic,
  formatPercent,
  formatRatio,
  formatNumber,
  formatValue,
  formatInterval,
  formatDifference,
  formatGap,
  TEST_LABELS,
  CORRECTION_LABELS,
  VERDICT_LABELS,
} from './format.js';
// For other report-like pages (lib/compare): the chart kit and the template loader.
export { OKABE_ITO, baseOptions, draw, shorten, type Style } from './chart-kit.js';
export { chartFontFamily } from './chart-font.js';
export { loadTemplate } from './template.js';
