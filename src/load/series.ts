// Live, mutable series of the four k6 metric types. Hot paths call add() directly on a series handle; the
// registry (metrics-registry.ts) only finds or creates them.
import { HdrCounts } from './hdr-counts.ts';
import { encodeHistogram, TREND_HIGHEST_US } from './histogram.ts';
import type { SerializedSeries, Tags } from './metric-types.ts';

export class CounterSeries {
  readonly type = 'counter';
  value = 0;
  constructor(readonly tags: Tags) {}
  add(v = 1): void {
    this.value += v;
  }
  serialize(): SerializedSeries {
    return { type: 'counter', tags: this.tags, value: this.value };
  }
}

export class GaugeSeries {
  readonly type = 'gauge';
  value = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  constructor(readonly tags: Tags) {}
  add(v: number): void {
    this.value = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  serialize(): SerializedSeries {
    const empty = this.min > this.max;
    return {
      type: 'gauge',
      tags: this.tags,
      value: this.value,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
    };
  }
}

export class RateSeries {
  readonly type = 'rate';
  trues = 0;
  total = 0;
  constructor(readonly tags: Tags) {}
  add(v: boolean | number): void {
    this.total++;
    if (v !== false && v !== 0) this.trues++;
  }
  serialize(): SerializedSeries {
    return { type: 'rate', tags: this.tags, trues: this.trues, total: this.total };
  }
}

export class TrendSeries {
  readonly type = 'trend';
  /** In newHistogram()'s layout, recorded cheaply (hdr-counts.ts). */
  readonly hist = new HdrCounts(TREND_HIGHEST_US, 3);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  constructor(readonly tags: Tags) {}
  /** Adds a sample in milliseconds (for time trends) or in the trend's own unit. */
  add(ms: number): void {
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.hist.record(Math.round(ms * 1000));
  }
  serialize(): SerializedSeries {
    const empty = this.count === 0;
    return {
      type: 'trend',
      tags: this.tags,
      count: this.count,
      sum: this.sum,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
      hdr: encodeHistogram(this.hist.toHistogram()),
    };
  }
}

export type Series = CounterSeries | GaugeSeries | RateSeries | TrendSeries;
