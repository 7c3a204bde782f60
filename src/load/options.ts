// Scenario options with k6's names, defaults and semantics (k6 docs: "Scenarios", "Executors").
import type { ThresholdsConfig } from './thresholds.ts';

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
