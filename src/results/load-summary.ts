// The load engine's result format (ARCHITECTURE.md: results/ is the one data format between running and
// reporting): the summary a load run produces, printed, rendered as HTML, merged over shards and turned into
// the Allure view (load.ts). Plain JSON data, no code: src/load fills it, reports/load reads it from here
// (issue 13 §5). Trend series carry their HDR histogram (compressed base64), so shard summaries merge into
// exactly the histogram one process would have recorded, and computed `values` for people and `jq`.

// --- metrics (k6's four types) ---

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
  /**
   * The computed numbers of each scenario's submetric (`metric{scenario:name}`), for metrics whose samples
   * carry the scenario tag: what a per-scenario report shows (a trend's percentiles over all its methods
   * cannot be summed from the series' values). Derived like `values`, never merged.
   */
  readonly byScenario?: Readonly<Record<string, Readonly<Record<string, number>>>>;
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

// --- scenario options (k6's names) ---

export type DurationInput = string | number;

export interface Stage {
  readonly duration: DurationInput;
  readonly target: number;
}

interface CommonOptions {
  /** Delay from the test start before this scenario begins. Default 0s. */
  readonly startTime?: DurationInput;
  /** Time running iterations get to finish once the scenario ends, before they are interrupted. Default 30s. */
  readonly gracefulStop?: DurationInput;
  /** Name of the VU function in the definition's `functions`. Default "default". */
  readonly exec?: string;
  /** Added to every sample of this scenario (besides the automatic `scenario` tag). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Environment values visible to the VU function as ctx.env. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface SharedIterationsOptions extends CommonOptions {
  readonly executor: 'shared-iterations';
  readonly vus?: number;
  readonly iterations?: number;
  readonly maxDuration?: DurationInput;
}

export interface PerVuIterationsOptions extends CommonOptions {
  readonly executor: 'per-vu-iterations';
  readonly vus?: number;
  readonly iterations?: number;
  readonly maxDuration?: DurationInput;
}

export interface ConstantVusOptions extends CommonOptions {
  readonly executor: 'constant-vus';
  readonly vus?: number;
  readonly duration: DurationInput;
}

export interface RampingVusOptions extends CommonOptions {
  readonly executor: 'ramping-vus';
  readonly startVUs?: number;
  readonly stages: readonly Stage[];
  readonly gracefulRampDown?: DurationInput;
}

export interface ConstantArrivalRateOptions extends CommonOptions {
  readonly executor: 'constant-arrival-rate';
  readonly rate: number;
  readonly timeUnit?: DurationInput;
  readonly duration: DurationInput;
  readonly preAllocatedVUs: number;
  readonly maxVUs?: number;
}

export interface RampingArrivalRateOptions extends CommonOptions {
  readonly executor: 'ramping-arrival-rate';
  readonly startRate?: number;
  readonly timeUnit?: DurationInput;
  readonly stages: readonly Stage[];
  readonly preAllocatedVUs: number;
  readonly maxVUs?: number;
}

export type ScenarioOptions =
  | SharedIterationsOptions
  | PerVuIterationsOptions
  | ConstantVusOptions
  | RampingVusOptions
  | ConstantArrivalRateOptions
  | RampingArrivalRateOptions;

export type ExecutorName = ScenarioOptions['executor'];

export interface SaturationLimits {
  /** Event-loop delay p90 (ms) in any generator thread above which the run is invalid. Default 30. */
  readonly maxEventLoopDelayP90Ms?: number;
  /** Mean CPU use of the generator process as a fraction of all cores above which the run is invalid. Default 0.95. */
  readonly maxCpuFraction?: number;
}

export interface LoadOptions {
  readonly scenarios: Readonly<Record<string, ScenarioOptions>>;
  readonly thresholds?: ThresholdsConfig;
  /** Trend stats shown in the console summary (k6 summaryTrendStats). */
  readonly summaryTrendStats?: readonly string[];
  readonly saturation?: SaturationLimits;
}

/** Run-time overrides from the CLI (k6 --duration / --vus / --rate style). */
export interface LoadOverrides {
  /** Rescales the whole test timeline (startTimes, durations, stages, maxDurations) to this length. */
  readonly durationMs?: number;
  /** Replaces vus (closed model) / preAllocatedVUs (open model; maxVUs is raised to at least it). */
  readonly vus?: number;
  /** Replaces `rate` of constant-arrival-rate and rescales ramping-arrival-rate rates so the peak equals it. */
  readonly rate?: number;
}

// --- thresholds, timeline, saturation, segments ---

export interface ThresholdObject {
  readonly threshold: string;
  readonly abortOnFail?: boolean;
  readonly delayAbortEval?: string | number;
}

export type ThresholdSpec = string | ThresholdObject;

export type ThresholdsConfig = Readonly<Record<string, readonly ThresholdSpec[]>>;

export interface ThresholdResult {
  readonly key: string;
  readonly source: string;
  readonly ok: boolean;
  /** The aggregate value compared, or undefined when the metric has no samples. */
  readonly actual: number | undefined;
  readonly abortOnFail: boolean;
  /** Why the threshold could not be judged (e.g. p(95) on a rate metric): it then fails. */
  readonly error?: string;
  /** The metric (or submetric) had no samples to judge: the threshold fails, shown as "no data". */
  readonly noData?: true;
}

export interface TimelinePoint {
  /** Bucket start, epoch ms. */
  readonly t: number;
  readonly requests: number;
  readonly failures: number;
  readonly iterations: number;
  readonly dropped: number;
  /** Active VUs sampled at the end of the bucket (summed over shards). */
  readonly vus: number;
  /** Headline latency histogram (µs), compressed base64; "" when empty. */
  readonly hdr: string;
  /** Computed when the summary is finalised (ms; absent on an empty bucket): what the charts draw. */
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly max?: number;
}

export interface TimelineData {
  readonly bucketMs: number;
  readonly points: readonly TimelinePoint[];
}

export interface ThreadSaturation {
  readonly thread: string;
  readonly eventLoopDelayP50Ms: number;
  /** Judged: a saturated loop is late most of the time, while a lone GC pause or scheduler blip only moves the max. */
  readonly eventLoopDelayP90Ms: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** Event-loop utilisation over the run, 0..1. */
  readonly utilization: number;
  /** The engine's warm-up in this thread before the test (LoadDefinition.warmup): not part of the figures. */
  readonly warmup?: WarmupReport;
}

export interface WarmupReport {
  /** The stand-in target, e.g. "an HTTP sink on loopback in a thread of its own". */
  readonly target: string;
  readonly durationMs: number;
  readonly iterations: number;
  /** Failed requests and iterations against the stand-in (a fault of the kit or the stand-in, not the target's). */
  readonly failures: number;
}

export interface ProcessCpu {
  /** e.g. "shard 1/2". */
  readonly label: string;
  /** Mean CPU time of the generator process over the run, as a fraction of all its cores (0..1). */
  readonly cpuFraction: number;
  readonly cores: number;
  /** The generator process's CPU seconds from the test start to the end of its scenarios (absent in older results). */
  readonly cpuSeconds?: number;
  /** True when the figure includes an in-process target (then it is reported, not judged). */
  readonly includesTarget: boolean;
}

export interface SaturationReport {
  readonly threads: readonly ThreadSaturation[];
  readonly processes: readonly ProcessCpu[];
  readonly valid: boolean;
  readonly reasons: readonly string[];
}

export interface Segment {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

// --- the summary ---

export const SUMMARY_FORMAT = 'xapi-harness/load-summary@1';

export interface CheckSummary {
  readonly name: string;
  readonly passes: number;
  readonly fails: number;
}

export interface ErrorSummary {
  readonly scenario: string;
  readonly message: string;
  readonly count: number;
}

export interface LoadSummary {
  readonly format: typeof SUMMARY_FORMAT;
  /** The definition's name, e.g. "dispatch-path". */
  readonly name: string;
  readonly description?: string;
  /** Where the load went, e.g. "http://127.0.0.1:41234" or "emulator (in-process)". */
  readonly target: string;
  /** ISO timestamps of the test start (after VU set-up) and end (after tear-down). */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  /** The segments this summary covers: one shard, or all shards after a merge. */
  readonly shards: readonly Segment[];
  readonly scenarios: Readonly<Record<string, ScenarioOptions>>;
  readonly overrides: LoadOverrides;
  readonly thresholds: ThresholdsConfig;
  readonly summaryTrendStats: readonly string[];
  readonly requestMetric: string;
  readonly metrics: SerializedMetrics;
  readonly timeline: TimelineData;
  readonly thresholdResults: readonly ThresholdResult[];
  readonly checks: readonly CheckSummary[];
  readonly errors: readonly ErrorSummary[];
  readonly saturation: SaturationReport;
  /** Set when the test ended early: an abortOnFail threshold, or a signal. */
  readonly aborted?: string;
  /** Why the run failed besides its thresholds (e.g. no iteration completed: issue 12 §1). */
  readonly failure?: string;
  /** All thresholds passed and the run did something (no `failure`). */
  readonly passed: boolean;
  /** The generator was not saturated (see saturation.reasons otherwise). */
  readonly valid: boolean;
  /**
   * A smoke check (or --allow-saturated): it asks whether the path works, not how fast, so a saturated
   * generator is shown as a warning instead of making the run broken (`npm start` on a busy 2-core machine).
   */
  readonly saturationAccepted?: true;
  /** The scenario file the run came from, e.g. "scenarios/event-fanout.scenario.ts" (set by the CLI). */
  readonly scenarioFile?: string;
  /** Where the run's self-contained HTML summary was written (set when it is written). */
  readonly summaryHtml?: string;
}
