// Load figures as Allure 3 performance metrics (`<uuid>-perf.json` in the results directory, read by
// @allurereport/reader allure2 reader → store.visitMetrics; each sample may carry title, unit, group and
// which direction is better). History keeps them per run, so the report shows their trend.
import { randomUUID } from 'node:crypto';
import type { PerformanceConfig } from '@allurereport/core-api';
import { scenarioLatencyMetric, scenarioValues, type LoadSummary } from '../../src/results/index.ts';

export const LOAD_PERFORMANCE: PerformanceConfig = {
  groups: {
    latency: { title: 'Latency' },
    throughput: { title: 'Throughput' },
    errors: { title: 'Errors' },
  },
};

interface MetricSampleOut {
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

/**
 * Metric keys are `load.<scenario>.<figure>`: stable across runs so history lines up. Read from the summary's
 * computed numbers of the scenario's submetrics; a figure nothing measured is left out, never a made-up 0.
 */
export function scenarioMetrics(summary: LoadSummary, scenario: string): MetricSampleOut[] {
  const start = Date.parse(summary.startedAt);
  const stop = start + summary.durationMs;
  const base = `load.${scenario}`;
  const sample = (
    figure: string,
    value: number | undefined,
    title: string,
    unit: string,
    group: string,
    better: 'lower' | 'higher',
  ): MetricSampleOut => ({
    id: randomUUID(),
    key: `${base}.${figure}`,
    value: value ?? Number.NaN,
    start,
    stop,
    title: `${scenario}: ${title}`,
    unit,
    group,
    better,
  });
  const latency = scenarioValues(summary, scenarioLatencyMetric(summary, scenario), scenario) ?? {};
  const requests = scenarioValues(summary, `${summary.requestMetric}s`, scenario);
  const count = requests?.['count'] ?? 0;
  const failed = scenarioValues(summary, `${summary.requestMetric}_failed`, scenario)?.['passes'] ?? 0;
  const dropped = scenarioValues(summary, 'dropped_iterations', scenario)?.['count'] ?? 0;
  const out = [
    sample('p50_ms', latency['med'], 'p50 latency', 'ms', 'latency', 'lower'),
    sample('p95_ms', latency['p(95)'], 'p95 latency', 'ms', 'latency', 'lower'),
    sample('p99_ms', latency['p(99)'], 'p99 latency', 'ms', 'latency', 'lower'),
    sample('max_ms', latency['max'], 'max latency', 'ms', 'latency', 'lower'),
    sample('rps', requests?.['rate'] ?? 0, 'requests per second', 'req/s', 'throughput', 'higher'),
    sample('error_rate', count === 0 ? 0 : failed / count, 'error rate', 'ratio', 'errors', 'lower'),
    sample('dropped_iterations', dropped, 'dropped iterations', 'iterations', 'errors', 'lower'),
  ];
  return out.filter((m) => Number.isFinite(m.value));
}
