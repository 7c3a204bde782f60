// Public names of the load engine (docs/DEVELOPMENT.md: executors, metrics, thresholds, summaries), as the
// CLI and the reports' fixtures use them. A scenario imports what it defines with from the leaf files
// (definition.ts, xapi-vu.ts, http-vu.ts; scenarios/README.md).
export type {
  IterationContext,
  LoadDefinition,
  MetricsApi,
  RunParams,
  VuFunction,
  VuInfo,
  VuInitContext,
  VuStep,
  StepDone,
} from './definition.ts';
// Every scenario-option type (k6's names); options.ts is nothing but these.
export type * from './options.ts';
export { parseDuration } from './duration.ts';
export { runLoad } from './run-load.ts';
export type { RunLoadOptions } from './run-load.ts';
export type { LocalResult, LocalRunOptions } from './run-local.ts';
export { testLengthMs } from './scenario-plan.ts';
export type { ScenarioPlan, StagePlan } from './scenario-plan.ts';
export { parseShard, WHOLE } from './segment.ts';
export type { Segment } from './segment.ts';
export { MetricsRegistry } from './metrics-registry.ts';
export type { MetricValues } from './metric-values.ts';
// Every metric type and its serialised form; metric-types.ts is nothing but these.
export type * from './metric-types.ts';
export type {
  ParsedThreshold,
  ThresholdObject,
  ThresholdResult,
  ThresholdSpec,
  ThresholdsConfig,
} from './thresholds.ts';
export { Timeline } from './timeline.ts';
export type { TimelineData, TimelinePoint } from './timeline.ts';
export { SUMMARY_FORMAT } from './load-summary.ts';
export type { CheckSummary, ErrorSummary, LoadSummary } from './load-summary.ts';
export { finalizeSummary } from './finalize-summary.ts';
export { isLoadSummary, mergeSummaries } from './merge-summaries.ts';
export { formatSummaryText } from './summary-text.ts';
export { preflightLogin } from './preflight-login.ts';
export { createProgress, formatProgress } from './progress.ts';
export type { Progress, ProgressOptions } from './progress.ts';
export type { LiveSample } from './live-sample.ts';
export type { ProcessCpu, SaturationReport, ThreadSaturation } from './saturation.ts';
export type { HttpVuState } from './http-vu.ts';
export type { XapiCallResult, XapiVuOptions, XapiVuState } from './xapi-vu.ts';
