export { renderCharts, type ChartImage, type ChartOptions } from './charts.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderJunit } from './junit.js';
export { writeReports } from './write-reports.js';
export { packageRoot } from './package-root.js';
