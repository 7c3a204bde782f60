// The one data format a load run produces: printed (summary-text.ts), rendered (summary-html.ts), merged over
// shards (merge-summaries.ts) and handed to the Allure writer (allure-data.ts). Plain JSON; the histograms
// are HdrHistogram's compressed base64, so merging is exact.
import type { LoadOverrides, ScenarioOptions } from './options.ts';
import type { SerializedMetrics } from './metric-types.ts';
import type { SaturationReport } from './saturation.ts';
import type { Segment } from './segment.ts';
import type { ThresholdResult, ThresholdsConfig } from './thresholds.ts';
import type { TimelineData } from './timeline.ts';

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
}
