// The adapter to the results format the Allure writer reads (src/results/load.ts `LoadReport`, owned by the
// reports side): one LoadScenarioResult per scenario, its figures read from the summary's merged metrics.
// Test-wide thresholds (no `scenario:` filter) are listed under every scenario that produced samples of
// their metric; the timeline is test-wide, so every scenario carries the same chart series.
import type {
  LatencyStats,
  LoadMethodStats,
  LoadReport,
  LoadScenarioResult,
  LoadSeriesPoint,
  LoadThresholdResult,
} from '../results/load.ts';
import { aggregateMetric } from './aggregate.ts';
import type { LoadSummary } from './load-summary.ts';
import type { MetricAggregate, SerializedMetric } from './metric-types.ts';
import { formatSegment } from './segment.ts';
import { parseThresholdKey } from './thresholds.ts';
import { addEncoded, newBucketHistogram } from './timeline.ts';

function latency(a: MetricAggregate | undefined): LatencyStats {
  if (a === undefined) return { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  return {
    min: a.min,
    mean: a.avg,
    p50: a.percentile(50),
    p90: a.percentile(90),
    p95: a.percentile(95),
    p99: a.percentile(99),
    max: a.max,
  };
}

function agg(
  metric: SerializedMetric | undefined,
  filter: Record<string, string>,
): MetricAggregate | undefined {
  return metric === undefined ? undefined : aggregateMetric(metric, filter);
}

function series(summary: LoadSummary): LoadSeriesPoint[] {
  const start = Date.parse(summary.startedAt);
  const width = summary.timeline.bucketMs / 1000;
  return summary.timeline.points.map((p) => {
    const h = newBucketHistogram();
    addEncoded(h, p.hdr);
    const pct = (q: number): number => (h.totalCount === 0 ? 0 : h.getValueAtPercentile(q) / 1000);
    return {
      t: Math.max(0, p.t + summary.timeline.bucketMs / 2 - start),
      rps: p.requests / width,
      errors: p.failures,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      vus: p.vus,
    };
  });
}

function methods(metric: SerializedMetric | undefined, scenario: string): LoadMethodStats[] {
  if (metric === undefined) return [];
  const keys = new Set<string>();
  for (const s of metric.series) {
    const m = s.tags['method'];
    const o = s.tags['outcome'];
    if (s.tags['scenario'] === scenario && m !== undefined && o !== undefined) keys.add(`${m}\u0000${o}`);
  }
  return [...keys].sort().map((k) => {
    const [method = '', outcome = ''] = k.split('\u0000');
    const a = aggregateMetric(metric, { scenario, method, outcome });
    return { method, outcome, count: a.count, latencyMs: latency(a) };
  });
}

/** Where the run came from and where its HTML went, for the report's names and links. */
export interface LoadReportSources {
  readonly file?: string;
  readonly summaryHtml?: string;
  /** The run was a smoke check or --allow-saturated: a saturated generator is reported, not a broken run. */
  readonly saturationAccepted?: boolean;
}

export function toLoadReport(summary: LoadSummary, sources: LoadReportSources = {}): LoadReport {
  const m = summary.metrics;
  const prefix = summary.requestMetric;
  const startedAt = Date.parse(summary.startedAt);
  const seconds = summary.durationMs / 1000;
  const timeline = series(summary);
  const vus = agg(m['vus'], {});
  const scenarios: LoadScenarioResult[] = Object.entries(summary.scenarios).map(([name, o]) => {
    const f = { scenario: name };
    const open = o.executor.endsWith('arrival-rate');
    const reqs = agg(m[`${prefix}s`], f)?.value ?? 0;
    const failed = agg(m[`${prefix}_failed`], f);
    const thresholds: LoadThresholdResult[] = summary.thresholdResults
      .filter((r) => {
        const k = parseThresholdKey(r.key);
        if (k.filter['scenario'] !== undefined) return k.filter['scenario'] === name;
        return (
          (m[k.metric]?.series ?? []).some((s) => s.tags['scenario'] === name) || m[k.metric] === undefined
        );
      })
      .map((r) => ({
        metric: r.key,
        expression: r.source,
        ok: r.ok,
        ...(r.actual === undefined ? {} : { actual: r.actual }),
        abortOnFail: r.abortOnFail,
        ...(r.noData === true ? { noData: true } : {}),
      }));
    const checks = (m['checks']?.series ?? [])
      .filter((s) => s.type === 'rate' && s.tags['scenario'] === name)
      .map((s) =>
        s.type === 'rate'
          ? { name: s.tags['check'] ?? '?', passes: s.trues, fails: s.total - s.trues }
          : undefined,
      )
      .filter((c): c is NonNullable<typeof c> => c !== undefined);
    const logins =
      agg(m[`${prefix}s`], { scenario: name, method: 'session.login_with_password' })?.value ?? 0;
    const result: LoadScenarioResult = {
      name,
      executor: o.executor,
      ...(o.tags === undefined ? {} : { tags: o.tags }),
      startedAt,
      durationMs: summary.durationMs,
      iterations: {
        completed: agg(m['iterations'], f)?.value ?? 0,
        dropped: agg(m['dropped_iterations'], f)?.value ?? 0,
        interrupted: agg(m['interrupted_iterations'], f)?.value ?? 0,
      },
      ...(vus === undefined ? {} : { vus: { min: vus.min, max: vus.max } }),
      requests: { count: reqs, failed: failed?.trues ?? 0, rps: seconds > 0 ? reqs / seconds : 0 },
      // Open model: from the intended start (coordinated-omission free); closed model: service time.
      latencyMs: latency(agg(m[open ? `${prefix}_latency` : `${prefix}_duration`], f)),
      methods: methods(m[`${prefix}_duration`], name),
      thresholds,
      checks,
      series: timeline,
      ...(logins > 0 || m['session_evicted'] !== undefined
        ? {
            sessions: {
              logins,
              evicted: agg(m['session_evicted'], f)?.trues ?? 0,
              sessionInvalid:
                agg(m[`${prefix}s`], { scenario: name, outcome: 'SESSION_INVALID' })?.value ?? 0,
              relogins: agg(m['xapi_session_relogins'], f)?.value ?? 0,
            },
          }
        : {}),
    };
    return result;
  });
  const shard =
    summary.shards.length === 1 && summary.shards[0] !== undefined && summary.shards[0].count > 1
      ? formatSegment(summary.shards[0])
      : undefined;
  return {
    name: summary.name,
    ...(sources.file === undefined ? {} : { file: sources.file }),
    ...(sources.summaryHtml === undefined ? {} : { summaryHtml: sources.summaryHtml }),
    target: summary.target,
    startedAt,
    durationMs: summary.durationMs,
    valid: summary.valid,
    ...(summary.valid ? {} : { invalidReason: summary.saturation.reasons.join('; ') }),
    ...(sources.saturationAccepted === true ? { saturationAccepted: true } : {}),
    ...(shard === undefined ? {} : { shard }),
    scenarios,
  };
}
