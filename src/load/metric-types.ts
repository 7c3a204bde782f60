// k6's four metric types and the serialised (mergeable) form of a metric. Trend series carry their HDR
// histogram encoded, so shard summaries merge into exactly the histogram one process would have recorded.

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

/** What a trend measures: 'time' values are milliseconds and printed as durations. */
export type MetricContains = 'time' | 'default' | 'data';

export type Tags = Readonly<Record<string, string>>;

/** Computed numbers for people and `jq` (metric-values.ts); derived, never merged. */
interface WithValues {
  readonly values?: Readonly<Record<string, number>>;
}

export type SerializedSeries =
  | (WithValues & { readonly type: 'counter'; readonly tags: Tags; readonly value: number })
  | (WithValues & {
      readonly type: 'gauge';
      readonly tags: Tags;
      readonly value: number;
      readonly min: number;
      readonly max: number;
    })
  | (WithValues & {
      readonly type: 'rate';
      readonly tags: Tags;
      readonly trues: number;
      readonly total: number;
    })
  | (WithValues & {
      readonly type: 'trend';
      readonly tags: Tags;
      readonly count: number;
      readonly sum: number;
      readonly min: number;
      readonly max: number;
      /** HdrHistogram compressed base64, values in µs. */
      readonly hdr: string;
    });

export interface SerializedMetric extends WithValues {
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly series: readonly SerializedSeries[];
}

export type SerializedMetrics = Readonly<Record<string, SerializedMetric>>;

/** One metric (or a tag-filtered submetric) folded into the values thresholds and summaries use. */
export interface MetricAggregate {
  readonly type: MetricType;
  readonly contains: MetricContains;
  /** counter: sum; gauge: last value (summed over shards); rate: fraction of true; trend: sample count. */
  readonly value: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  /** rate: number of true samples; others 0. */
  readonly trues: number;
  /** trend only: p in 0..100 → ms. */
  readonly percentile: (p: number) => number;
}
