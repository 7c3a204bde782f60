// Sharding arithmetic and merging: merged percentiles equal those of one histogram of all samples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateMetric } from '../../src/load/aggregate.ts';
import { ArrivalSchedule } from '../../src/load/arrival-schedule.ts';
import { mergeMetrics } from '../../src/load/merge-metrics.ts';
import { MetricsRegistry } from '../../src/load/metrics-registry.ts';
import { planScenario } from '../../src/load/scenario-plan.ts';
import { composeSegments, parseShard, splitCount } from '../../src/load/segment.ts';
import { mergeTimelines, Timeline } from '../../src/load/timeline.ts';
import { decodeHistogram } from '../../src/load/histogram.ts';

describe('segments', () => {
  it('parses i/n (1-based)', () => {
    expect(parseShard('1/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard('3/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow();
  });

  it('splits integer totals so that the shares sum to the total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 64 }), (total, n) => {
        const shares = Array.from({ length: n }, (_, index) => splitCount(total, { index, count: n }));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('nests shard and worker segments into a partition of the whole', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++)
      for (let w = 0; w < 2; w++)
        seen.add(composeSegments({ index: i, count: 3 }, { index: w, count: 2 }).index);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stripes arrival-rate iterations: the shards together start exactly the single-process schedule', () => {
    const opts = {
      executor: 'ramping-arrival-rate',
      startRate: 3,
      timeUnit: '1s',
      stages: [{ duration: '2s', target: 17 }],
      preAllocatedVUs: 5,
      maxVUs: 7,
    } as const;
    const whole = planScenario('s', opts, { index: 0, count: 1 });
    if (whole.kind !== 'arrival-rate') throw new Error('plan');
    const all: number[] = [];
    let vus = 0;
    let max = 0;
    for (let index = 0; index < 3; index++) {
      const p = planScenario('s', opts, { index, count: 3 });
      if (p.kind !== 'arrival-rate') throw new Error('plan');
      for (let k = index; k < p.schedule.total; k += 3) all.push(p.schedule.at(k));
      vus += p.preAllocatedVUs;
      max += p.maxVUs;
    }
    const expected = Array.from({ length: whole.schedule.total }, (_, k) => whole.schedule.at(k));
    expect(all.sort((a, b) => a - b)).toEqual(expected);
    expect(vus).toBe(5);
    expect(max).toBe(7);
    expect(new ArrivalSchedule(3 / 1000, [{ durationMs: 2000, rate: 17 / 1000 }]).total).toBe(
      whole.schedule.total,
    );
  });

  it('splits VUs and ramping targets over shards', () => {
    const opts = {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '1s', target: 7 },
        { duration: '1s', target: 2 },
      ],
    } as const;
    const plans = [0, 1].map((index) => planScenario('s', opts, { index, count: 2 }));
    const targets = plans.map((p) => (p.kind === 'ramping-vus' ? p.stages.map((s) => s.target) : []));
    expect((targets[0]?.[0] ?? 0) + (targets[1]?.[0] ?? 0)).toBe(7);
    expect((targets[0]?.[1] ?? 0) + (targets[1]?.[1] ?? 0)).toBe(2);
  });
});

describe('merging', () => {
  it('gives the same percentiles as one histogram of all samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 2, max: 4 }),
        (samples, n) => {
          const one = new MetricsRegistry();
          const shards = Array.from({ length: n }, () => new MetricsRegistry());
          samples.forEach((v, i) => {
            one.series('x_duration', 'trend', { method: 'm' }).add(v);
            shards[i % n]?.series('x_duration', 'trend', { method: 'm' }).add(v);
          });
          const merged = mergeMetrics(shards.map((r) => r.serialize()));
          const a = aggregateMetric(one.serialize()['x_duration']!);
          const b = aggregateMetric(merged['x_duration']!);
          for (const p of [0, 50, 90, 95, 99, 99.9, 100]) expect(b.percentile(p)).toBe(a.percentile(p));
          expect(b.count).toBe(a.count);
          expect(b.min).toBe(a.min);
          expect(b.max).toBe(a.max);
          expect(b.avg).toBeCloseTo(a.avg, 6);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('adds counters and rates and keeps series apart by tags', () => {
    const a = new MetricsRegistry();
    const b = new MetricsRegistry();
    a.series('reqs', 'counter', { outcome: 'ok' }).add(3);
    b.series('reqs', 'counter', { outcome: 'ok' }).add(4);
    b.series('reqs', 'counter', { outcome: 'SESSION_INVALID' }).add(1);
    a.series('failed', 'rate', {}).add(true);
    b.series('failed', 'rate', {}).add(false);
    const m = mergeMetrics([a.serialize(), b.serialize()]);
    expect(m['reqs']?.series).toHaveLength(2);
    expect(aggregateMetric(m['reqs']!, { outcome: 'ok' }).value).toBe(7);
    expect(aggregateMetric(m['failed']!).value).toBe(0.5);
  });

  it('merges timelines bucket by bucket, histograms included', () => {
    const t1 = new Timeline();
    const t2 = new Timeline();
    const base = 1_700_000_000_000;
    for (let i = 0; i < 30; i++) {
      t1.request(base + i * 100, i, true);
      t2.request(base + i * 100 + 50, 100 + i, i % 2 === 0);
    }
    const m = mergeTimelines([t1.data(), t2.data()]);
    expect(m.points.map((p) => p.requests)).toEqual([20, 20, 20]);
    expect(m.points.map((p) => p.failures)).toEqual([5, 5, 5]);
    expect(decodeHistogram(m.points[0]?.hdr ?? '').totalCount).toBe(20);
  });

  it('keeps timeline memory bounded by coarsening old buckets', () => {
    const t = new Timeline();
    const base = 1_700_000_000_000;
    for (let s = 0; s < 2000; s++) t.request(base + s * 1000, 1, true);
    const d = t.data();
    expect(d.points.length).toBeLessThanOrEqual(901);
    expect(d.bucketMs).toBe(4000);
    expect(d.points.reduce((a, p) => a + p.requests, 0)).toBe(2000);
  });
});
