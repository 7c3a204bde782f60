// Allure side of the reports (issue 6): the one writer of Allure results (from the run's results), the
// load writer, and the offline report generator.
export { harnessAllureConfig, type HarnessAllureConfigOptions } from './allure-config.ts';
export { ATTACHMENT_NAMES, propertyEvidence, type Evidence } from './attachments.ts';
export { callStepResult, callStepResults } from './call-step-result.ts';
export { ALLURE2_CATEGORIES, HARNESS_CATEGORIES, MESSAGE_PREFIXES } from './categories.ts';
export { environmentInfo, writeEnvironmentProperties } from './environment.ts';
export { deviationNote, failureMessage, messagePrefix, violationDetails } from './failure-text.ts';
export {
  REPORT_DEFAULTS,
  generateReport,
  type GenerateReportOptions,
  type GenerateReportResult,
  type ReportStats,
} from './generate-report.ts';
export { installIteratorToArray } from './iterator-to-array.ts';
export { LABEL_NAMES, propertyLabels } from './labels.ts';
export { renderLatencyChart } from './latency-chart.ts';
export { LOAD_PERFORMANCE, scenarioMetrics } from './load-metrics.ts';
export { LOAD_EPIC, loadHistoryId, writeLoadResults, type LoadResultsWritten } from './load-results.ts';
export { writePropertyResults, writeRunResultsToAllure } from './property-results-writer.ts';
export {
  QUALITY_GATE_IDS,
  exitCodeFromQualityGate,
  harnessQualityGate,
  type QualityGateOptions,
} from './quality-gate.ts';
export { REPORT_CSP, findThirdPartyUrls, stripThirdParty, type StripResult } from './third-party.ts';
