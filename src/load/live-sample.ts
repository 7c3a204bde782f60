import type { SerializedMetrics } from './metric-types.ts';

// What a generator thread reports every second for the progress line and live threshold checks.

export interface LiveSample {
  /** ms since the local test start. */
  readonly elapsedMs: number;
  /** Headline requests and failed ones during the last interval. */
  readonly requests: number;
  readonly failures: number;
  /** Headline latency p99 over the last interval (ms). */
  readonly p99Ms: number;
  readonly intervalMs: number;
  readonly activeVus: number;
  readonly allocatedVus: number;
  /** Cumulative snapshot of the metrics abortOnFail thresholds read (only when asked for). */
  readonly metrics?: SerializedMetrics;
}

/** Sums samples from several threads; p99 is the worst thread's (a live approximation only). */
export function combineLive(samples: readonly LiveSample[]): LiveSample {
  let requests = 0;
  let failures = 0;
  let p99Ms = 0;
  let activeVus = 0;
  let allocatedVus = 0;
  let elapsedMs = 0;
  let intervalMs = 0;
  for (const s of samples) {
    requests += s.requests;
    failures += s.failures;
    p99Ms = Math.max(p99Ms, s.p99Ms);
    activeVus += s.activeVus;
    allocatedVus += s.allocatedVus;
    elapsedMs = Math.max(elapsedMs, s.elapsedMs);
    intervalMs = Math.max(intervalMs, s.intervalMs);
  }
  return { elapsedMs, requests, failures, p99Ms, intervalMs, activeVus, allocatedVus };
}
