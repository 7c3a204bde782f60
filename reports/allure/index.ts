// Allure side of the reports (issue 6): the one writer of Allure results (from the run's results), the
// load writer, and the offline report generator.
export { ATTACHMENT_NAMES, propertyEvidence } from './attachments.ts';
export {
  REPORT_DEFAULTS,
  generateReport,
  type GenerateReportOptions,
  type GenerateReportResult,
} from './generate-report.ts';
export { renderLatencyChart } from './latency-chart.ts';
export { scenarioMetrics } from './load-metrics.ts';
export { writeLoadResults } from './load-results.ts';
export { writePropertyResults, writeRunResultsToAllure } from './property-results-writer.ts';
export { REPORT_CSP, findThirdPartyUrls, stripThirdParty } from './third-party.ts';
