// k6's four metric types and their serialised (mergeable) form: part of the load result format, which
// lives in src/results (issue 13 §5); re-exported here for the engine's modules.
export type {
  MetricAggregate,
  MetricContains,
  MetricType,
  SerializedMetric,
  SerializedMetrics,
  SerializedSeries,
  Tags,
} from '../results/load-summary.ts';
