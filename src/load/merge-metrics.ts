// Merging serialised metrics from shards or workers. Counters and rates add; trends add their HDR histograms
// (so percentiles equal those of one histogram of all samples); gauges add their values, because every gauge
// the engine emits (vus, vus_max) is a per-shard share of a test-wide total. DEVIATION from k6 (which never
// merges): a merged gauge's min/max are the sums of the shards' min/max, an upper/lower bound, not exact.
import { decodeHistogram, encodeHistogram } from './histogram.ts';
import type { SerializedMetric, SerializedMetrics, SerializedSeries } from './metric-types.ts';
import { tagsKey } from './tags.ts';

function mergeSeries(a: SerializedSeries, b: SerializedSeries): SerializedSeries {
  if (a.type === 'counter' && b.type === 'counter') return { ...a, value: a.value + b.value };
  if (a.type === 'rate' && b.type === 'rate')
    return { ...a, trues: a.trues + b.trues, total: a.total + b.total };
  if (a.type === 'gauge' && b.type === 'gauge') {
    return { ...a, value: a.value + b.value, min: a.min + b.min, max: a.max + b.max };
  }
  if (a.type === 'trend' && b.type === 'trend') {
    if (b.count === 0) return a;
    if (a.count === 0) return b;
    const h = decodeHistogram(a.hdr);
    h.add(decodeHistogram(b.hdr));
    return {
      type: 'trend',
      tags: a.tags,
      count: a.count + b.count,
      sum: a.sum + b.sum,
      min: Math.min(a.min, b.min),
      max: Math.max(a.max, b.max),
      hdr: encodeHistogram(h),
    };
  }
  throw new TypeError(`cannot merge a ${a.type} series with a ${b.type} series`);
}

/** Merges any number of serialised metric sets into one. */
export function mergeMetrics(parts: readonly SerializedMetrics[]): SerializedMetrics {
  const acc = new Map<
    string,
    {
      type: SerializedMetric['type'];
      contains: SerializedMetric['contains'];
      series: Map<string, SerializedSeries>;
    }
  >();
  for (const part of parts) {
    for (const [name, metric] of Object.entries(part)) {
      let m = acc.get(name);
      if (m === undefined) {
        m = { type: metric.type, contains: metric.contains, series: new Map() };
        acc.set(name, m);
      } else if (m.type !== metric.type) {
        throw new TypeError(`metric '${name}' is a ${m.type} in one part and a ${metric.type} in another`);
      }
      for (const s of metric.series) {
        const key = tagsKey(s.tags);
        const prev = m.series.get(key);
        m.series.set(key, prev === undefined ? s : mergeSeries(prev, s));
      }
    }
  }
  const out: Record<string, SerializedMetric> = {};
  for (const [name, m] of acc)
    out[name] = { type: m.type, contains: m.contains, series: [...m.series.values()] };
  return out;
}
