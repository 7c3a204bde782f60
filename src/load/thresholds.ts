// Thresholds in k6's grammar: { 'metric{tag:value,...}': ['p(95)<200', { threshold: 'rate<0.01',
// abortOnFail: true, delayAbortEval: '10s' }] }. Aggregations: avg, min, max, med, p(N) and count for trends;
// count and rate for counters; rate for rates; value (and min/max) for gauges. Times are in milliseconds.
import { aggregateMetric } from './aggregate.ts';
import { parseDuration } from './duration.ts';
import type { MetricAggregate, SerializedMetrics, Tags } from './metric-types.ts';
import { parseThresholdKey } from '../results/threshold-key.ts';
import type {
  ThresholdObject,
  ThresholdResult,
  ThresholdSpec,
  ThresholdsConfig,
} from '../results/load-summary.ts';
export type { ThresholdObject, ThresholdResult, ThresholdSpec, ThresholdsConfig };

type Op = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface ParsedThreshold {
  /** The key as written, e.g. "xapi_req_duration{method:VM.get_record}". */
  readonly key: string;
  readonly metric: string;
  readonly filter: Tags;
  /** The expression as written, e.g. "p(95)<200". */
  readonly source: string;
  readonly aggregation: string;
  /** For p(N): N. */
  readonly percentile?: number;
  readonly op: Op;
  readonly value: number;
  readonly abortOnFail: boolean;
  readonly delayAbortEvalMs: number;
}

const EXPR =
  /^\s*(avg|min|max|med|count|rate|value|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;
export { parseThresholdKey };

export function parseThreshold(key: string, spec: ThresholdSpec): ParsedThreshold {
  const source = typeof spec === 'string' ? spec : spec.threshold;
  const m = EXPR.exec(source);
  if (m === null)
    throw new SyntaxError(`invalid threshold '${source}' on '${key}' (expected e.g. p(95)<200, rate<0.01)`);
  const { metric, filter } = parseThresholdKey(key);
  const agg = (m[1] ?? '').toLowerCase();
  const pct = m[2] === undefined ? undefined : Number(m[2]);
  if (pct !== undefined && (pct < 0 || pct > 100))
    throw new RangeError(`percentile out of range in '${source}'`);
  const base = {
    key,
    metric,
    filter,
    source,
    aggregation: pct === undefined ? agg : 'p',
    op: m[3] as Op,
    value: Number(m[4]),
    abortOnFail: typeof spec !== 'string' && spec.abortOnFail === true,
    delayAbortEvalMs:
      typeof spec !== 'string' && spec.delayAbortEval !== undefined ? parseDuration(spec.delayAbortEval) : 0,
  };
  return pct === undefined ? base : { ...base, percentile: pct };
}

export function parseThresholds(config: ThresholdsConfig): ParsedThreshold[] {
  return Object.entries(config).flatMap(([key, specs]) => specs.map((s) => parseThreshold(key, s)));
}

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  trend: ['avg', 'min', 'max', 'med', 'p', 'count'],
  counter: ['count', 'rate'],
  rate: ['rate'],
  gauge: ['value', 'min', 'max'],
};

function pick(t: ParsedThreshold, a: MetricAggregate, elapsedMs: number): number {
  switch (t.aggregation) {
    case 'avg':
      return a.avg;
    case 'min':
      return a.min;
    case 'max':
      return a.max;
    case 'med':
      return a.percentile(50);
    case 'p':
      return a.percentile(t.percentile ?? 0);
    case 'count':
      return a.count;
    case 'rate':
      // A counter's rate is per second over the test duration, as in k6's summary.
      return a.type === 'counter' ? (elapsedMs > 0 ? a.value / (elapsedMs / 1000) : 0) : a.value;
    default:
      return a.value;
  }
}

function compare(x: number, op: Op, y: number): boolean {
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '!=':
      return x !== y;
    default:
      return x === y;
  }
}

/**
 * Evaluates thresholds against (merged) metrics. A threshold with nothing to judge (the metric or submetric
 * has no samples) fails as "no data": a run where every login failed must not pass `p(95)<200` on an empty
 * histogram (issue 12 §1). DEVIATION from k6, which passes such thresholds silently. `count` is the one
 * aggregation defined on no samples (0), so `iteration_errors: ['count==0']` still passes on a clean run.
 * A threshold whose aggregation does not fit the metric's type fails with `error` set, since that is a
 * mistake in the scenario.
 */
export function evaluateThresholds(
  thresholds: readonly ParsedThreshold[],
  metrics: SerializedMetrics,
  elapsedMs: number,
): ThresholdResult[] {
  return thresholds.map((t) => {
    const metric = metrics[t.metric];
    const noData = (): ThresholdResult =>
      t.aggregation === 'count'
        ? {
            key: t.key,
            source: t.source,
            ok: compare(0, t.op, t.value),
            actual: 0,
            abortOnFail: t.abortOnFail,
          }
        : {
            key: t.key,
            source: t.source,
            ok: false,
            actual: undefined,
            abortOnFail: t.abortOnFail,
            noData: true,
          };
    if (metric === undefined) return noData();
    if (!(ALLOWED[metric.type] ?? []).includes(t.aggregation)) {
      // Judged as failed rather than thrown, so a typo in a threshold never loses the run's results.
      const error = `'${t.aggregation === 'p' ? `p(${t.percentile ?? ''})` : t.aggregation}' does not apply to ${metric.type} metric '${t.metric}'`;
      return {
        key: t.key,
        source: t.source,
        ok: false,
        actual: undefined,
        abortOnFail: t.abortOnFail,
        error,
      };
    }
    const a = aggregateMetric(metric, t.filter);
    if (a.count === 0 && metric.type !== 'counter') return noData();
    const actual = pick(t, a, elapsedMs);
    return {
      key: t.key,
      source: t.source,
      ok: compare(actual, t.op, t.value),
      actual,
      abortOnFail: t.abortOnFail,
    };
  });
}
