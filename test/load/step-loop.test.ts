// VU functions with a callback form (definition.ts stepFunction): closed-model executors drive them by
// callbacks (executors/closed-loop.ts), open-model ones await the derived promise. Either way the counts
// must be what the awaited form gives: iterations, errors, interruptions, ramp-downs, and a run of
// iterations that end synchronously neither overflows the stack nor starves timers.
import { describe, expect, it } from 'vitest';
import { defineLoad, stepFunction } from '../../src/load/definition.ts';
import type { LoadDefinition, VuStep } from '../../src/load/definition.ts';
import type { ScenarioOptions } from '../../src/load/options.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { agg, block, count } from './fixtures/inline.ts';
import { inWorker } from '../support/in-worker.ts';

function inlineStep(scenario: ScenarioOptions, step: VuStep<undefined>): LoadDefinition<undefined> {
  return defineLoad<undefined>({
    name: 'inline-step',
    requestMetric: 'test_req',
    options: { scenarios: { s: scenario } },
    functions: { default: stepFunction(step) },
  });
}

const params = {};

describe('stepFunction', () => {
  it('derives an awaited form that settles as the callback form ends', async () => {
    const ok = stepFunction<undefined>((_s, _ctx, done) => setTimeout(done, 1));
    const fails = stepFunction<undefined>((_s, _ctx, done) => done(new Error('no')));
    const throws = stepFunction<undefined>(() => {
      throw new Error('thrown');
    });
    const ctx = {} as Parameters<typeof ok>[1];
    await expect(ok(undefined, ctx)).resolves.toBeUndefined();
    await expect(fails(undefined, ctx)).rejects.toThrow('no');
    await expect(throws(undefined, ctx)).rejects.toThrow('thrown');
    expect(ok.step).toBeTypeOf('function');
  });
});

describe('the callback-driven closed loop', () => {
  it('runs 200,000 iterations that end synchronously, each counted once', async () => {
    let calls = 0;
    const def = inlineStep(
      { executor: 'shared-iterations', vus: 2, iterations: 200_000 },
      (_s, _ctx, done) => {
        calls++;
        done();
      },
    );
    const s = await runLoad(def, { params });
    expect(count(s, 'iterations')).toBe(200_000);
    expect(calls).toBe(200_000);
  });

  it('lets timers run between synchronous iterations, so a timed scenario ends', async () => {
    // constant-vus ends on a timer: a loop that never yielded would spin for ever.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const def = inlineStep({ executor: 'constant-vus', vus: 1, duration: '150ms' }, (_s, _ctx, done) =>
      done(),
    );
    const s = await runLoad(def, { params });
    clearInterval(timer);
    expect(count(s, 'iterations')).toBeGreaterThan(1000);
    expect(ticks).toBeGreaterThan(5);
  });

  it('counts a failure through done, a synchronous throw, and ignores a second done', async () => {
    const def = inlineStep({ executor: 'per-vu-iterations', vus: 1, iterations: 9 }, (_s, ctx, done) => {
      const kind = ctx.iterationInVu % 3;
      if (kind === 0) setImmediate(() => done(new Error('failed')));
      else if (kind === 1) throw new Error('thrown');
      else {
        done();
        done();
      }
    });
    const s = await runLoad(def, { params });
    expect(count(s, 'iteration_errors')).toBe(6);
    expect(count(s, 'iterations')).toBe(3);
  });

  it('interrupts an iteration still running when gracefulStop expires', async () => {
    const def = inlineStep(
      { executor: 'constant-vus', vus: 2, duration: '100ms', gracefulStop: '50ms' },
      (_s, ctx, done) => {
        // Ends only when the engine interrupts it, as a request cut by the end of the test does.
        ctx.signal.addEventListener('abort', () => done(), { once: true });
      },
    );
    const s = await runLoad(def, { params });
    expect(count(s, 'interrupted_iterations')).toBe(2);
    expect(count(s, 'iterations')).toBe(0);
  });

  it('ramps VUs down: a VU stops starting iterations when it is no longer wanted', async () => {
    const perVu = new Map<number, number>();
    const def = inlineStep(
      {
        executor: 'ramping-vus',
        startVUs: 2,
        stages: [
          { duration: '100ms', target: 2 },
          { duration: '1ms', target: 1 },
          { duration: '150ms', target: 1 },
        ],
        gracefulRampDown: '0s',
      },
      (_s, ctx, done) => {
        perVu.set(ctx.vu.idInScenario, (perVu.get(ctx.vu.idInScenario) ?? 0) + 1);
        setTimeout(done, 5);
      },
    );
    const s = await runLoad(def, { params });
    const [a = 0, b = 0] = [perVu.get(1), perVu.get(2)].sort((x = 0, y = 0) => y - x);
    // One VU ran for the whole 250 ms, the other for about the first 100 ms.
    expect(a).toBeGreaterThan(b * 1.5);
    expect(count(s, 'iterations')).toBe(a + b - count(s, 'interrupted_iterations'));
  });

  it('ends a ramping scenario whose iterations end in timers at the end of its stages', async () => {
    // An iteration ending in a timer callback just after the stages' end, before the executor's own timer
    // saw the end, once made the VU's loop restart and end at once in a chain of microtasks that starved
    // every timer (ramping-vus.ts): the run never ended. Iteration lengths around the stage's length make
    // that ordering likely in at least one of these runs. A hang starves this thread's timers too, so the runs
    // are in a worker thread under a watchdog: a hang fails here instead of hanging the test run.
    const iterations = await inWorker<number[]>(
      new URL('./fixtures/ramping-end.ts', import.meta.url).href,
      'rampsToTheEnd',
      20_000,
    );
    expect(iterations).toHaveLength(12);
    for (const n of iterations) expect(n).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it("takes the clock reading a step ends with as the iteration's end, unless it is before the start", async () => {
    // done(undefined, at) saves the loop a clock read (definition.ts StepDone): the step here reads the clock,
    // works 40 ms more, then ends with that reading; one that passes NaN or a reading before its start is
    // timed when done is called, 40 ms or more after it began. One iteration: the next one of a VU starts at
    // `at` too, which would carry the 40 ms into it.
    const said = (at: (read: number) => number): LoadDefinition<undefined> =>
      inlineStep({ executor: 'per-vu-iterations', vus: 1, iterations: 1 }, (_s, _ctx, done) => {
        const read = performance.now();
        block(40);
        done(undefined, at(read));
      });
    const duration = async (def: LoadDefinition<undefined>): Promise<number> => {
      const a = agg(await runLoad(def, { params }), 'iteration_duration');
      expect(a?.count).toBe(1);
      return a?.max ?? Number.NaN;
    };
    expect(await duration(said((read) => read))).toBeLessThan(20);
    for (const bad of [() => Number.NaN, (read: number) => read - 1000])
      expect(await duration(said(bad))).toBeGreaterThanOrEqual(40);
  });

  it('is awaited by an open-model executor', async () => {
    const def = inlineStep(
      { executor: 'constant-arrival-rate', rate: 100, timeUnit: '1s', duration: '200ms', preAllocatedVUs: 2 },
      (_s, _ctx, done) => setTimeout(done, 1),
    );
    const s = await runLoad(def, { params });
    expect(count(s, 'iterations')).toBeGreaterThanOrEqual(15);
    expect(count(s, 'iterations')).toBeLessThanOrEqual(21);
  });
});
