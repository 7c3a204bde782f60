// Load figures as Allure 3 performance metrics (`<uuid>-perf.json` in the results directory, read by
// @allurereport/reader allure2 reader → store.visitMetrics; each sample may carry title, unit, group and
// which direction is better). History keeps them per run, so the report shows their trend.
import { randomUUID } from 'node:crypto';
import type { PerformanceConfig } from '@allurereport/core-api';
import type { LoadScenarioResult } from '../../src/results/index.ts';

export const LOAD_PERFORMANCE: PerformanceConfig = {
  groups: {
    latency: { title: 'Latency' },
    throughput: { title: 'Throughput' },
    errors: { title: 'Errors' },
  },
};

export interface MetricSampleOut {
  readonly id: string;
  readonly key: string;
  readonly value: number;
  readonly start: number;
  readonly stop: number;
  readonly title: string;
  readonly unit: string;
  readonly group: string;
  readonly better: 'lower' | 'higher';
}

/** Metric keys are `load.<scenario>.<figure>`: stable across runs so history lines up. */
export function scenarioMetrics(s: LoadScenarioResult): MetricSampleOut[] {
  const start = s.startedAt;
  const stop = s.startedAt + s.durationMs;
  const base = `load.${s.name}`;
  const sample = (
    figure: string,
    value: number,
    title: string,
    unit: string,
    group: string,
    better: 'lower' | 'higher',
  ): MetricSampleOut => ({
    id: randomUUID(),
    key: `${base}.${figure}`,
    value,
    start,
    stop,
    title: `${s.name}: ${title}`,
    unit,
    group,
    better,
  });
  const errorRate = s.requests.count === 0 ? 0 : s.requests.failed / s.requests.count;
  const out = [
    sample('p50_ms', s.latencyMs.p50, 'p50 latency', 'ms', 'latency', 'lower'),
    sample('p95_ms', s.latencyMs.p95, 'p95 latency', 'ms', 'latency', 'lower'),
    sample('p99_ms', s.latencyMs.p99, 'p99 latency', 'ms', 'latency', 'lower'),
    sample('max_ms', s.latencyMs.max, 'max latency', 'ms', 'latency', 'lower'),
    sample('rps', s.requests.rps, 'requests per second', 'req/s', 'throughput', 'higher'),
    sample('error_rate', errorRate, 'error rate', 'ratio', 'errors', 'lower'),
    sample('dropped_iterations', s.iterations.dropped, 'dropped iterations', 'iterations', 'errors', 'lower'),
  ];
  return out.filter((m) => Number.isFinite(m.value));
}
