// `xapi-harness load merge`: shard summaries → one summary, thresholds evaluated again on the merged data.
import { finalizeSummary } from './finalize-summary.ts';
import { SUMMARY_FORMAT } from './load-summary.ts';
import type { ErrorSummary, LoadSummary } from './load-summary.ts';
import { mergeMetrics } from './merge-metrics.ts';
import type { SaturationLimits } from './options.ts';
import { formatSegment } from './segment.ts';
import { mergeTimelines } from './timeline.ts';

export function isLoadSummary(x: unknown): x is LoadSummary {
  return typeof x === 'object' && x !== null && (x as { format?: unknown }).format === SUMMARY_FORMAT;
}

export function mergeSummaries(parts: readonly LoadSummary[], limits: SaturationLimits = {}): LoadSummary {
  const first = parts[0];
  if (first === undefined) throw new RangeError('nothing to merge');
  for (const p of parts) {
    if (p.name !== first.name)
      throw new TypeError(`cannot merge summaries of '${first.name}' and '${p.name}'`);
  }
  const seen = new Set<string>();
  for (const seg of parts.flatMap((p) => p.shards)) {
    const k = formatSegment(seg);
    if (seen.has(k)) throw new RangeError(`shard ${k} appears twice`);
    seen.add(k);
  }
  const start = Math.min(...parts.map((p) => Date.parse(p.startedAt)));
  const end = Math.max(...parts.map((p) => Date.parse(p.endedAt)));
  const errors = new Map<string, ErrorSummary>();
  for (const e of parts.flatMap((p) => p.errors)) {
    const k = `${e.scenario}\u0000${e.message}`;
    const prev = errors.get(k);
    errors.set(k, prev === undefined ? e : { ...prev, count: prev.count + e.count });
  }
  const aborted = parts.map((p) => p.aborted).find((a) => a !== undefined);
  return finalizeSummary(
    {
      format: SUMMARY_FORMAT,
      name: first.name,
      ...(first.description === undefined ? {} : { description: first.description }),
      target: [...new Set(parts.map((p) => p.target))].join(', '),
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(end).toISOString(),
      // The test's duration is the longest shard's run (shards run side by side, not one after another).
      durationMs: Math.max(...parts.map((p) => p.durationMs)),
      shards: parts.flatMap((p) => p.shards),
      scenarios: first.scenarios,
      overrides: first.overrides,
      thresholds: first.thresholds,
      summaryTrendStats: first.summaryTrendStats,
      requestMetric: first.requestMetric,
      metrics: mergeMetrics(parts.map((p) => p.metrics)),
      timeline: mergeTimelines(parts.map((p) => p.timeline)),
      errors: [...errors.values()],
      saturation: {
        threads: parts.flatMap((p) => p.saturation.threads),
        processes: parts.flatMap((p) => p.saturation.processes),
      },
      ...(aborted === undefined ? {} : { aborted }),
    },
    limits,
  );
}
