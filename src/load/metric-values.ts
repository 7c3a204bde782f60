// The computed numbers of every metric and every tag set (series), next to the encoded histograms, as k6's
// `--summary-export` gives them: trends `avg, min, med, max, p(90), p(95), p(99)` (plus the summary's own
// trend stats and `count`), counters `count` and `rate` (per second), rates `rate, passes, fails`, gauges
// `value, min, max`. So a CI step reads `jq '.metrics.xapi_req_duration.values["p(95)"]'` without decoding
// HDR (issue 12). Recomputed whenever a summary is finalised (after a run and after a merge), never merged.
import { aggregateMetric } from './aggregate.ts';
import type { MetricAggregate, SerializedMetric, SerializedMetrics } from './metric-types.ts';

const EXPORTED_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'] as const;

export type MetricValues = Readonly<Record<string, number>>;

/** One trend statistic by k6's name (`avg`, `min`, `max`, `med`, `count`, `p(N)`); undefined for any other. */
export function trendStat(a: MetricAggregate, name: string): number | undefined {
  if (name === 'avg') return a.avg;
  if (name === 'min') return a.min;
  if (name === 'max') return a.max;
  if (name === 'med') return a.percentile(50);
  if (name === 'count') return a.count;
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(name);
  return m === null ? undefined : a.percentile(Number(m[1]));
}

function valuesOf(a: MetricAggregate, trendStats: readonly string[], seconds: number): MetricValues {
  switch (a.type) {
    case 'trend': {
      const out: Record<string, number> = { count: a.count };
      // An empty trend has no avg or percentiles: only its count (0), never a made-up 0 ms.
      if (a.count === 0) return out;
      for (const s of new Set([...EXPORTED_TREND_STATS, ...trendStats])) {
        const v = trendStat(a, s);
        if (v !== undefined) out[s] = v;
      }
      return out;
    }
    case 'counter':
      return { count: a.value, rate: seconds > 0 ? a.value / seconds : 0 };
    case 'rate':
      return a.count === 0
        ? { passes: 0, fails: 0 }
        : { rate: a.value, passes: a.trues, fails: a.count - a.trues };
    case 'gauge':
      return { value: a.value, min: a.min, max: a.max };
  }
}

/** The values of each scenario's submetric, for a metric whose series carry the scenario tag. */
function byScenario(
  metric: SerializedMetric,
  trendStats: readonly string[],
  seconds: number,
): Record<string, MetricValues> | undefined {
  const names = new Set(
    metric.series.flatMap((s) => (s.tags['scenario'] === undefined ? [] : [s.tags['scenario']])),
  );
  if (names.size === 0) return undefined;
  const out: Record<string, MetricValues> = {};
  for (const scenario of [...names].sort())
    out[scenario] = valuesOf(aggregateMetric(metric, { scenario }), trendStats, seconds);
  return out;
}

/**
 * Every metric with `values` (whole metric), `byScenario` (each scenario's submetric) and each series with
 * its own `values` (its tag set).
 */
export function withValues(
  metrics: SerializedMetrics,
  trendStats: readonly string[],
  durationMs: number,
): SerializedMetrics {
  const seconds = durationMs / 1000;
  const out: Record<string, SerializedMetric> = {};
  for (const [name, metric] of Object.entries(metrics)) {
    const scenarios = byScenario(metric, trendStats, seconds);
    out[name] = {
      type: metric.type,
      contains: metric.contains,
      values: valuesOf(aggregateMetric(metric), trendStats, seconds),
      ...(scenarios === undefined ? {} : { byScenario: scenarios }),
      series: metric.series.map((s) => {
        const one: SerializedMetric = { type: metric.type, contains: metric.contains, series: [s] };
        return { ...s, values: valuesOf(aggregateMetric(one), trendStats, seconds) };
      }),
    };
  }
  return out;
}
