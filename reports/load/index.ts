// Load summary writers: JSON (mergeable) and self-contained HTML with charts.
export { renderSummaryHtml } from './summary-html.ts';
export type { ChartSeries, LineChartOptions } from './svg-line-chart.ts';
export { writeLoadSummary } from './write-summary.ts';
export type { WrittenSummary } from './write-summary.ts';
