// Threshold grammar (k6's) and evaluation, including submetrics and abortOnFail in a live run.
import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../src/load/metrics-registry.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { evaluateThresholds, parseThreshold, parseThresholds } from '../../src/load/thresholds.ts';
import { count, inline, sleep } from './fixtures/inline.ts';

describe('threshold parsing', () => {
  it('reads k6 expressions', () => {
    expect(parseThreshold('http_req_duration', 'p(95)<200')).toMatchObject({
      metric: 'http_req_duration',
      aggregation: 'p',
      percentile: 95,
      op: '<',
      value: 200,
    });
    expect(parseThreshold('m', 'p(99.9) <= 500')).toMatchObject({ percentile: 99.9, op: '<=', value: 500 });
    expect(parseThreshold('m', 'rate<0.01')).toMatchObject({ aggregation: 'rate', value: 0.01 });
    for (const a of ['avg', 'med', 'min', 'max', 'count', 'value'])
      expect(parseThreshold('m', `${a}>=1`).aggregation).toBe(a);
    expect(
      parseThreshold('m', { threshold: 'max<5', abortOnFail: true, delayAbortEval: '10s' }),
    ).toMatchObject({
      abortOnFail: true,
      delayAbortEvalMs: 10_000,
    });
  });

  it('reads tag filters, splitting each on its first colon', () => {
    expect(parseThreshold('xapi_req_duration{method:VM.get_record}', 'p(95)<1').filter).toEqual({
      method: 'VM.get_record',
    });
    expect(parseThreshold('checks{check:a:b, scenario:x}', 'rate>0.9').filter).toEqual({
      check: 'a:b',
      scenario: 'x',
    });
  });

  it('rejects malformed thresholds', () => {
    for (const bad of ['p95<1', 'p(95)<', 'avg<<1', 'mean<1', 'p(101)<1', '']) {
      expect(() => parseThreshold('m', bad)).toThrow();
    }
    expect(() => parseThreshold('bad name', 'avg<1')).toThrow();
  });
});

describe('threshold evaluation', () => {
  const reg = new MetricsRegistry();
  for (let i = 1; i <= 100; i++)
    reg.series('d_duration', 'trend', { method: i <= 90 ? 'fast' : 'slow' }).add(i);
  for (let i = 0; i < 200; i++) reg.series('failed', 'rate', {}).add(i < 3);
  reg.series('reqs', 'counter', {}).add(500);
  reg.series('g', 'gauge', {}).add(7);
  const metrics = reg.serialize();
  const judge = (key: string, expr: string): boolean | undefined =>
    evaluateThresholds(parseThresholds({ [key]: [expr] }), metrics, 10_000)[0]?.ok;

  // [metric (with a tag filter), expression, whether it passes] over the metrics above.
  it.each([
    // Trend aggregations, in milliseconds.
    ['d_duration', 'p(95)<=95.1', true],
    ['d_duration', 'p(95)<94', false],
    ['d_duration', 'med<=50.1', true],
    ['d_duration', 'avg==50.5', true],
    ['d_duration', 'min>=1', true],
    ['d_duration', 'max<100', false],
    ['d_duration', 'count==100', true],
    // Submetrics by tag. One nothing produced is "no data", not a pass (issue 12 §1); `count` is 0 there.
    ['d_duration{method:fast}', 'max<=90', true],
    ['d_duration{method:slow}', 'min>=91', true],
    ['d_duration{method:none}', 'max<1000', false],
    ['d_duration{method:none}', 'count==0', true],
    ['no_such_metric', 'rate<0.01', false],
    ['no_such_metric', 'count<1', true],
    // Rates, counters (count and per-second rate) and gauges.
    ['failed', 'rate<0.02', true],
    ['failed', 'rate<0.01', false],
    ['reqs', 'count==500', true],
    ['reqs', 'rate==50', true],
    ['g', 'value==7', true],
  ] as const)('judges %s %s -> %s', (key, expr, ok) => {
    expect(judge(key, expr)).toBe(ok);
  });

  it('marks a submetric nothing produced as no data, with no actual value', () => {
    const [none] = evaluateThresholds(
      parseThresholds({ 'd_duration{method:none}': ['max<1000'] }),
      metrics,
      1,
    );
    expect(none).toMatchObject({ ok: false, noData: true, actual: undefined });
  });

  it('fails (without throwing) an aggregation the metric type does not have', () => {
    const [r] = evaluateThresholds(parseThresholds({ failed: ['p(95)<1'] }), metrics, 10_000);
    expect(r).toMatchObject({ ok: false, error: "'p(95)' does not apply to rate metric 'failed'" });
  });
});

describe('abortOnFail', () => {
  it('ends the run early once the threshold fails after delayAbortEval', async () => {
    const def = inline(
      { executor: 'constant-vus', vus: 2, duration: '5s', gracefulStop: '0s' },
      async (ctx) => {
        await ctx.request('test_req', 'op', async () => {
          await sleep(5);
          return 'ok';
        });
      },
      {
        thresholds: {
          test_req_duration: [{ threshold: 'max<1', abortOnFail: true, delayAbortEval: '300ms' }],
        },
      },
    );
    const t0 = performance.now();
    const s = await runLoad(def, { params: {}, tickMs: 100 });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(1500);
    expect(s.aborted).toMatch(/abortOnFail/);
    expect(s.passed).toBe(false);
    expect(count(s, 'iterations')).toBeGreaterThan(10);
  });

  it('does not abort on a threshold without abortOnFail', async () => {
    const def = inline({ executor: 'constant-vus', vus: 1, duration: '300ms' }, () => sleep(5), {
      thresholds: { iteration_duration: ['max<1'] },
    });
    const s = await runLoad(def, { params: {}, tickMs: 50 });
    expect(s.aborted).toBeUndefined();
    expect(s.passed).toBe(false);
    expect(s.thresholdResults[0]).toMatchObject({ key: 'iteration_duration', ok: false });
  });
});
