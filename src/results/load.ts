// DEVIATION (interface first): the load engine (src/load, issue 7) hands the reports a summary of each run.
// It did not exist when reports were written, so this is the shape the Allure load writer needs; the load
// engine's `LoadSummary` should be assignable to `LoadReport` (or converted with a small adapter there).
// Vocabulary follows k6's end-of-test summary: scenarios, executors, thresholds, checks.

/** Latency distribution in milliseconds, from an HDR histogram (open-model: from the intended start). */
export interface LatencyStats {
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** One k6-style threshold after evaluation: `http_req_duration: p(95)<200`. */
export interface LoadThresholdResult {
  readonly metric: string;
  readonly expression: string;
  readonly ok: boolean;
  /** The value the expression was evaluated on, when it has one. */
  readonly actual?: number;
  readonly abortOnFail?: boolean;
  /** Nothing was measured to judge: the threshold failed as "no data". */
  readonly noData?: boolean;
}

export interface LoadCheckResult {
  readonly name: string;
  readonly passes: number;
  readonly fails: number;
}

/** Per (method, outcome) figures, one HDR histogram each (issue 7 §1). */
export interface LoadMethodStats {
  readonly method: string;
  /** "success", an XAPI error code, or "transport". */
  readonly outcome: string;
  readonly count: number;
  readonly latencyMs: LatencyStats;
}

/** One point of the time series the charts draw; `t` is milliseconds since the scenario start. */
export interface LoadSeriesPoint {
  readonly t: number;
  readonly rps: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly vus?: number;
}

export interface LoadScenarioResult {
  readonly name: string;
  /** k6 executor name: constant-vus, ramping-arrival-rate, ... */
  readonly executor: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly iterations: {
    readonly completed: number;
    readonly dropped: number;
    readonly interrupted?: number;
  };
  readonly vus?: { readonly min?: number; readonly max: number };
  readonly requests: { readonly count: number; readonly failed: number; readonly rps: number };
  readonly latencyMs: LatencyStats;
  readonly methods?: readonly LoadMethodStats[];
  readonly thresholds: readonly LoadThresholdResult[];
  readonly checks?: readonly LoadCheckResult[];
  readonly series?: readonly LoadSeriesPoint[];
  /** Session figures for session-storm (issue 7 §2). */
  readonly sessions?: {
    readonly logins: number;
    readonly evicted: number;
    readonly sessionInvalid: number;
    readonly relogins: number;
  };
}

export interface LoadReport {
  /** The load definition's name, e.g. "event-fanout". */
  readonly name?: string;
  /** The scenario file the run came from, e.g. "scenarios/event-fanout.scenario.ts". */
  readonly file?: string;
  /** Where the run's self-contained HTML summary was written. */
  readonly summaryHtml?: string;
  readonly target: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** False when the generator saturated (event-loop delay, CPU): the figures then describe the generator. */
  readonly valid: boolean;
  readonly invalidReason?: string;
  /**
   * A smoke check (or --allow-saturated): it asks whether the path works, not how fast, so a saturated
   * generator is shown as a warning instead of making the run broken (`npm start` on a busy 2-core machine).
   */
  readonly saturationAccepted?: boolean;
  /** "i/n" when this summary is one shard. */
  readonly shard?: string;
  readonly scenarios: readonly LoadScenarioResult[];
}
