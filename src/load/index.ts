// Public names of the load engine (docs/DEVELOPMENT.md: executors, metrics, thresholds, summaries).
export { defineLoad } from './definition.ts';
export type {
  IterationContext,
  LoadDefinition,
  MetricsApi,
  RunParams,
  VuFunction,
  VuInfo,
  VuInitContext,
} from './definition.ts';
// Every scenario-option type (k6's names); options.ts is nothing but these.
export type * from './options.ts';
export { formatDuration, parseDuration } from './duration.ts';
export { runLoad, DEFAULT_TREND_STATS } from './run-load.ts';
export type { RunLoadOptions } from './run-load.ts';
export { runLocal } from './run-local.ts';
export type { LocalResult, LocalRunOptions } from './run-local.ts';
export { ArrivalSchedule } from './arrival-schedule.ts';
export { effectiveScenarios, planScenario, planScenarios, testLengthMs } from './scenario-plan.ts';
export type { ScenarioPlan, StagePlan } from './scenario-plan.ts';
export { composeSegments, formatSegment, globalVuId, parseShard, splitCount, WHOLE } from './segment.ts';
export type { Segment } from './segment.ts';
export { MetricsRegistry } from './metrics-registry.ts';
export { mergeMetrics } from './merge-metrics.ts';
export { aggregateMetric } from './aggregate.ts';
export { EXPORTED_TREND_STATS, withValues } from './metric-values.ts';
export type { MetricValues } from './metric-values.ts';
// Every metric type and its serialised form; metric-types.ts is nothing but these.
export type * from './metric-types.ts';
export { decodeHistogram, encodeHistogram, newHistogram, percentileMs } from './histogram.ts';
export { tagsKey, tagsMatch } from './tags.ts';
export { evaluateThresholds, parseThreshold, parseThresholdKey, parseThresholds } from './thresholds.ts';
export type {
  ParsedThreshold,
  ThresholdObject,
  ThresholdResult,
  ThresholdSpec,
  ThresholdsConfig,
} from './thresholds.ts';
export { coarsen, mergeTimelines, Timeline } from './timeline.ts';
export type { TimelineData, TimelinePoint } from './timeline.ts';
export { SUMMARY_FORMAT } from './load-summary.ts';
export type { CheckSummary, ErrorSummary, LoadSummary } from './load-summary.ts';
export { checksOf, finalizeSummary } from './finalize-summary.ts';
export { isLoadSummary, mergeSummaries } from './merge-summaries.ts';
export { formatSummaryText } from './summary-text.ts';
export { preflightLogin } from './preflight-login.ts';
export { createProgress, formatProgress } from './progress.ts';
export type { Progress, ProgressOptions } from './progress.ts';
export { combineLive } from './live-sample.ts';
export type { LiveSample } from './live-sample.ts';
export { CpuMonitor, judgeSaturation, ThreadMonitor } from './saturation.ts';
export type { ProcessCpu, SaturationReport, ThreadSaturation } from './saturation.ts';
export { rampingTarget, sleepUntil } from './executors/index.ts';
export { httpGet, httpReceived, httpSetupVu, httpTeardownVu } from './http-vu.ts';
export type { HttpVuState } from './http-vu.ts';
export {
  DEFAULT_USER,
  newVuClient,
  xapiCall,
  xapiCallAsync,
  xapiLogin,
  xapiLogout,
  xapiSetupVu,
  xapiTeardownVu,
} from './xapi-vu.ts';
export type { XapiCallResult, XapiVuOptions, XapiVuState } from './xapi-vu.ts';
