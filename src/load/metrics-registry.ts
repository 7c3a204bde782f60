// All metrics of one run (or one shard/worker of it): metric name → type, and tag set → series. One HDR
// histogram per (trend metric, tag set), i.e. per (metric, method, outcome, scenario) for request metrics.
import { CounterSeries, GaugeSeries, RateSeries, TrendSeries } from './series.ts';
import type { Series } from './series.ts';
import type {
  MetricContains,
  MetricType,
  SerializedMetric,
  SerializedMetrics,
  Tags,
} from './metric-types.ts';
import { tagsKey } from './tags.ts';

/** Trends named *_duration or *_latency hold milliseconds (k6 marks http_req_duration etc. as time). */
function isTimeMetric(name: string): boolean {
  return name.endsWith('_duration') || name.endsWith('_latency');
}

interface MetricState {
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly series: Map<string, Series>;
}

type SeriesOf<T extends MetricType> = T extends 'counter'
  ? CounterSeries
  : T extends 'gauge'
    ? GaugeSeries
    : T extends 'rate'
      ? RateSeries
      : TrendSeries;

export class MetricsRegistry {
  readonly #metrics = new Map<string, MetricState>();

  /** Declares a metric (idempotent); redeclaring with another type is a programming error. */
  define(name: string, type: MetricType, contains: MetricContains = 'default'): void {
    const m = this.#metrics.get(name);
    if (m === undefined) this.#metrics.set(name, { type, contains, series: new Map() });
    else if (m.type !== type) throw new TypeError(`metric '${name}' is a ${m.type}, not a ${type}`);
  }

  /** The series of `name` for `tags`, created on first use. Cache the handle in hot loops. */
  series<T extends MetricType>(name: string, type: T, tags: Tags, key: string = tagsKey(tags)): SeriesOf<T> {
    this.define(name, type, type === 'trend' && isTimeMetric(name) ? 'time' : 'default');
    const m = this.#metrics.get(name) as MetricState;
    let s = m.series.get(key);
    if (s === undefined) {
      const frozen = Object.freeze({ ...tags });
      s =
        type === 'counter'
          ? new CounterSeries(frozen)
          : type === 'gauge'
            ? new GaugeSeries(frozen)
            : type === 'rate'
              ? new RateSeries(frozen)
              : new TrendSeries(frozen);
      m.series.set(key, s);
    }
    return s as SeriesOf<T>;
  }

  has(name: string): boolean {
    return this.#metrics.has(name);
  }

  /** Serialises every metric, or only `names` (e.g. those an abortOnFail threshold reads). */
  serialize(names?: ReadonlySet<string>): SerializedMetrics {
    const out: Record<string, SerializedMetric> = {};
    for (const [name, m] of this.#metrics) {
      if (names !== undefined && !names.has(name)) continue;
      out[name] = {
        type: m.type,
        contains: m.contains,
        series: [...m.series.values()].map((s) => s.serialize()),
      };
    }
    return out;
  }
}
