// Derives the judged parts of a summary (threshold results, checks, validity) from its data. Used after a run
// and again after a merge, so a merged summary is judged on the merged histograms, never on shard verdicts.
import { aggregateMetric } from './aggregate.ts';
import type { CheckSummary, LoadSummary } from './load-summary.ts';
import type { SerializedMetrics } from './metric-types.ts';
import { withValues } from './metric-values.ts';
import { addEncoded } from './histogram.ts';
import { newBucketHistogram } from './timeline.ts';
import type { TimelineData } from './timeline.ts';
import { judgeSaturation } from './saturation.ts';
import type { SaturationLimits } from './options.ts';
import { evaluateThresholds, parseThresholds } from './thresholds.ts';

type Data = Omit<
  LoadSummary,
  'thresholdResults' | 'checks' | 'passed' | 'valid' | 'saturation' | 'failure'
> & {
  readonly saturation: Pick<LoadSummary['saturation'], 'threads' | 'processes'>;
};

/** Each timeline bucket's p50/p95/p99/max (ms), computed from its histogram, for the charts. */
function withPercentiles(t: TimelineData): TimelineData {
  return {
    bucketMs: t.bucketMs,
    points: t.points.map((p) => {
      const { p50: _a, p95: _b, p99: _c, max: _d, ...raw } = p;
      const h = newBucketHistogram();
      addEncoded(h, p.hdr);
      if (h.totalCount === 0) return raw;
      const q = (x: number): number => h.getValueAtPercentile(x) / 1000;
      return { ...raw, p50: q(50), p95: q(95), p99: q(99), max: h.maxValue / 1000 };
    }),
  };
}

function checksOf(metrics: SerializedMetrics): CheckSummary[] {
  const by = new Map<string, { passes: number; fails: number }>();
  for (const s of metrics['checks']?.series ?? []) {
    if (s.type !== 'rate') continue;
    const name = s.tags['check'] ?? '?';
    const e = by.get(name) ?? { passes: 0, fails: 0 };
    e.passes += s.trues;
    e.fails += s.total - s.trues;
    by.set(name, e);
  }
  return [...by.entries()].map(([name, e]) => ({ name, ...e }));
}

export function finalizeSummary(data: Data, limits: SaturationLimits = {}): LoadSummary {
  const thresholdResults = evaluateThresholds(
    parseThresholds(data.thresholds),
    data.metrics,
    data.durationMs,
  );
  const saturation = judgeSaturation(data.saturation.threads, data.saturation.processes, limits);
  // A run in which no iteration completed measured nothing about the target: a failed run, whatever its
  // thresholds say (issue 12 §1; every VU's login failing is the common cause, listed in `errors`).
  const iterations = data.metrics['iterations'];
  const completed = iterations === undefined ? 0 : aggregateMetric(iterations).value;
  const failure =
    completed > 0
      ? undefined
      : `no iteration completed${data.errors[0] === undefined ? '' : ` (first error: ${data.errors[0].message})`}`;
  return {
    ...data,
    metrics: withValues(data.metrics, data.summaryTrendStats, data.durationMs),
    timeline: withPercentiles(data.timeline),
    thresholdResults,
    checks: checksOf(data.metrics),
    saturation,
    ...(failure === undefined ? {} : { failure }),
    passed: failure === undefined && thresholdResults.every((r) => r.ok),
    valid: saturation.valid,
  };
}
