// Closed-model executors: iteration counts, VU counts over time, maxDuration drops, gracefulStop and
// gracefulRampDown (k6 semantics). Every run is bounded by short durations.
import { describe, expect, it } from 'vitest';
import { rampingTarget } from '../../src/load/executors/index.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { agg, count, inline, sleep } from './fixtures/inline.ts';

const params = {};

describe('shared-iterations', () => {
  it('runs exactly `iterations` iterations shared by the VUs; faster VUs do more', async () => {
    const perVu = new Map<number, number>();
    const def = inline({ executor: 'shared-iterations', vus: 3, iterations: 30 }, async (ctx) => {
      perVu.set(ctx.vu.idInTest, (perVu.get(ctx.vu.idInTest) ?? 0) + 1);
      await sleep(ctx.vu.idInTest === 1 ? 1 : 10);
    });
    const s = await runLoad(def, { params });
    expect(count(s, 'iterations')).toBe(30);
    expect([...perVu.values()].reduce((a, b) => a + b, 0)).toBe(30);
    expect(perVu.get(1)).toBeGreaterThan(perVu.get(2) ?? 0);
    expect(count(s, 'dropped_iterations')).toBe(0);
  });

  it('counts iterations not started by maxDuration as dropped, then gracefulStop lets the running one end', async () => {
    const def = inline(
      { executor: 'shared-iterations', vus: 1, iterations: 20, maxDuration: '250ms', gracefulStop: '1s' },
      () => sleep(100),
    );
    const s = await runLoad(def, { params });
    const done = count(s, 'iterations');
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThanOrEqual(3);
    expect(done + count(s, 'dropped_iterations')).toBe(20);
    expect(count(s, 'interrupted_iterations')).toBe(0);
  });
});

describe('per-vu-iterations', () => {
  it('runs `iterations` per VU', async () => {
    const perVu = new Map<number, number>();
    const def = inline({ executor: 'per-vu-iterations', vus: 4, iterations: 5 }, async (ctx) => {
      perVu.set(ctx.vu.idInTest, (perVu.get(ctx.vu.idInTest) ?? 0) + 1);
      await sleep(ctx.vu.idInTest * 2);
    });
    const s = await runLoad(def, { params });
    expect(count(s, 'iterations')).toBe(20);
    expect([...perVu.values()]).toEqual([5, 5, 5, 5]);
  });
});

describe('constant-vus', () => {
  it('keeps exactly `vus` VUs looping for the duration', async () => {
    let active = 0;
    let peak = 0;
    const def = inline({ executor: 'constant-vus', vus: 4, duration: '600ms' }, async () => {
      peak = Math.max(peak, ++active);
      await sleep(50);
      active--;
    });
    const t0 = performance.now();
    const s = await runLoad(def, { params });
    const took = performance.now() - t0;
    expect(peak).toBe(4);
    // 4 VUs × 600 ms / ~50-55 ms per iteration
    // (a busy machine fires timers late: fewer iterations, never more)
    expect(count(s, 'iterations')).toBeGreaterThanOrEqual(28);
    expect(count(s, 'iterations')).toBeLessThanOrEqual(52);
    expect(took).toBeLessThan(1500);
    expect(agg(s, 'vus_max')?.max).toBe(4);
  });

  it('interrupts iterations still running gracefulStop after the end', async () => {
    const def = inline(
      { executor: 'constant-vus', vus: 2, duration: '200ms', gracefulStop: '100ms' },
      (ctx) => ctx.sleep(5_000),
    );
    const t0 = performance.now();
    const s = await runLoad(def, { params });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(count(s, 'interrupted_iterations')).toBe(2);
    expect(count(s, 'iterations')).toBe(0);
  });

  it('lets iterations that end within gracefulStop complete', async () => {
    const def = inline({ executor: 'constant-vus', vus: 2, duration: '100ms', gracefulStop: '1s' }, (ctx) =>
      ctx.sleep(250),
    );
    const s = await runLoad(def, { params });
    expect(count(s, 'iterations')).toBe(2);
    expect(count(s, 'interrupted_iterations')).toBe(0);
  });
});

describe('ramping-vus', () => {
  it('interpolates the VU target linearly, adding a VU when the line crosses the integer', () => {
    const stages = [
      { durationMs: 1000, target: 10 },
      { durationMs: 1000, target: 10 },
      { durationMs: 1000, target: 0 },
    ];
    expect(rampingTarget(0, stages, 0)).toBe(0);
    expect(rampingTarget(0, stages, 99)).toBe(0);
    expect(rampingTarget(0, stages, 100)).toBe(1);
    expect(rampingTarget(0, stages, 550)).toBe(5);
    expect(rampingTarget(0, stages, 1500)).toBe(10);
    expect(rampingTarget(0, stages, 2050)).toBe(10);
    expect(rampingTarget(0, stages, 2950)).toBe(1);
    expect(rampingTarget(0, stages, 3000)).toBe(0);
  });

  it('follows the stages over time and ramps down gracefully', async () => {
    let active = 0;
    const samples: { t: number; active: number }[] = [];
    const def = inline(
      {
        executor: 'ramping-vus',
        startVUs: 0,
        stages: [
          { duration: '400ms', target: 4 },
          { duration: '300ms', target: 4 },
          { duration: '1ms', target: 0 },
        ],
        gracefulRampDown: '50ms',
        gracefulStop: '0s',
      },
      async (ctx) => {
        active++;
        await ctx.sleep(20);
        active--;
      },
    );
    let t0 = 0;
    const timer = setInterval(() => samples.push({ t: performance.now() - t0, active }), 10);
    t0 = performance.now();
    await runLoad(def, { params });
    clearInterval(timer);
    // A loaded machine makes VUs start late, never early: each level k (floor of 4·t/400 ms) must not show
    // before k·100 ms (less one sampling period), every level is reached, and never more than 4.
    const firstSeen = (k: number): number => samples.find((x) => x.active >= k)?.t ?? Infinity;
    for (const k of [1, 2, 3, 4]) {
      expect(firstSeen(k), `level ${k}`).toBeGreaterThanOrEqual(k * 100 - 10);
      expect(firstSeen(k), `level ${k} never reached`).toBeLessThan(Infinity);
    }
    expect(Math.max(...samples.map((x) => x.active))).toBe(4);
  });

  it('interrupts VUs ramped down that outlive gracefulRampDown', async () => {
    const def = inline(
      {
        executor: 'ramping-vus',
        startVUs: 2,
        stages: [
          { duration: '100ms', target: 2 },
          { duration: '1ms', target: 0 },
          { duration: '600ms', target: 0 },
        ],
        gracefulRampDown: '100ms',
      },
      (ctx) => ctx.sleep(5_000),
    );
    const t0 = performance.now();
    const s = await runLoad(def, { params });
    expect(count(s, 'interrupted_iterations')).toBe(2);
    // Interrupted at ~200 ms by gracefulRampDown, long before the stages end or gracefulStop (30 s).
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('scenarios', () => {
  it('run in parallel, each from its startTime, with its tags and exec function', async () => {
    const starts: Record<string, number> = {};
    const t0 = performance.now();
    const s = await runLoad(
      {
        name: 'two',
        requestMetric: 'test_req',
        options: {
          scenarios: {
            a: { executor: 'per-vu-iterations', vus: 1, iterations: 1, tags: { kind: 'A' } },
            b: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '300ms', exec: 'other' },
          },
        },
        functions: {
          default: async (_s, ctx) => {
            starts['a'] = performance.now() - t0;
            await ctx.request('test_req', 'op', () => Promise.resolve('ok'));
          },
          other: async () => {
            starts['b'] = performance.now() - t0;
            await sleep(1);
          },
        },
      },
      { params },
    );
    expect((starts['b'] ?? 0) - (starts['a'] ?? 0)).toBeGreaterThanOrEqual(280);
    const reqs = s.metrics['test_reqs']?.series ?? [];
    expect(reqs).toHaveLength(1);
    expect(reqs[0]?.tags).toEqual({ scenario: 'a', kind: 'A', method: 'op', outcome: 'ok' });
  });
});
