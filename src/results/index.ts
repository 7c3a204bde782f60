// The one data format between running and reporting (ARCHITECTURE.md: results/).
export type { CallOutcome, CallStep, ExpectedOutcome } from './call-step.ts';
export { classifyError } from './classify-error.ts';
export {
  counterexampleLength,
  counterexampleLengthText,
  medianCalls,
  type CounterexampleLength,
} from './counterexample-length.ts';
export {
  ContractViolation,
  SetupError,
  UnexpectedPass,
  type ViolationDetails,
} from './contract-violation.ts';
export {
  EXIT_CODES,
  EXIT_MEANINGS,
  exitCodeForStatuses,
  type ExitCode,
  type StatusEntry,
} from './exit-code.ts';
export {
  judgeCompleteness,
  minimumCases,
  runsText,
  type CaseCounts,
  type Inconclusive,
  type InconclusiveCause,
} from './inconclusive.ts';
export { firstDifference, type FirstDifference } from './first-difference.ts';
export { formatValue, toJsonText } from './format-value.ts';
export { runOutcomeFromDetails, type RunOutcome } from './from-run-details.ts';
export { formatDuration, formatSegment } from './load-format.ts';
export type {
  CheckSummary,
  ErrorSummary,
  LoadSummary,
  MetricType,
  SerializedMetric,
  SerializedMetrics,
  SerializedSeries,
  Tags,
  ThresholdResult,
  TimelineData,
  TimelinePoint,
  WarmupReport,
} from './load-summary.ts';
export {
  scenarioLatencyMetric,
  scenarioThresholds,
  scenarioValues,
  seriesMatching,
} from './load-scenario.ts';
export { MASK, maskSecrets, maskStepParams } from './mask-secrets.ts';
export {
  replayCommand,
  type Counterexample,
  type KnownDeviation,
  type PropertyResult,
  type PropertyStats,
} from './property-result.ts';
export { environmentEntries, redactUrl, type RunEnvironment } from './run-environment.ts';
export {
  RESULTS_FORMAT,
  ResultsFormatError,
  exitCodeForRun,
  parseRunResults,
  readRunResults,
  writeRunResults,
  type RunResults,
} from './run-results.ts';
export { STATUS_OF_KIND, type FailureKind, type PropertyStatus } from './status.ts';
export { formatExpected, formatOutcome, formatTraceText, type TraceTextHeader } from './trace-text.ts';
export { coveragePercent, coverageText } from './transition-coverage-table.ts';
export type { TransitionCoverageTable } from './transition-coverage-table.ts';
