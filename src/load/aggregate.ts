// Folds a metric's series (optionally only those matching a k6 tag filter) into one aggregate.
import { decodeHistogram, newHistogram, percentileMs } from './histogram.ts';
import type { MetricAggregate, SerializedMetric, Tags } from './metric-types.ts';
import { tagsMatch } from './tags.ts';

export function aggregateMetric(metric: SerializedMetric, filter: Tags = {}): MetricAggregate {
  const series = metric.series.filter((s) => tagsMatch(s.tags, filter));
  let value = 0;
  let count = 0;
  let trues = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const h = metric.type === 'trend' ? newHistogram() : undefined;
  for (const s of series) {
    switch (s.type) {
      case 'counter':
        value += s.value;
        count += s.value;
        break;
      case 'gauge':
        value += s.value;
        min = Math.min(min, s.min);
        max = Math.max(max, s.max);
        count++;
        break;
      case 'rate':
        trues += s.trues;
        count += s.total;
        break;
      case 'trend':
        if (s.count === 0) break;
        count += s.count;
        sum += s.sum;
        min = Math.min(min, s.min);
        max = Math.max(max, s.max);
        h?.add(decodeHistogram(s.hdr));
        break;
    }
  }
  if (metric.type === 'rate') value = count === 0 ? 0 : trues / count;
  if (metric.type === 'trend') value = count;
  const empty = min > max;
  return {
    type: metric.type,
    contains: metric.contains,
    value,
    count,
    trues,
    min: empty ? 0 : min,
    max: empty ? 0 : max,
    avg: metric.type === 'trend' ? (count === 0 ? 0 : sum / count) : value,
    // HDR reports a bucket's upper edge; clamp into the exact [min, max] so p(100) equals max, as in k6.
    percentile: (p: number) =>
      h === undefined || empty ? 0 : Math.min(max, Math.max(min, percentileMs(h, p))),
  };
}
