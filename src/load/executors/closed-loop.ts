// The loop of one closed-model VU: iterate back to back while `more(now)` allows (k6 closed model: a VU starts
// its next iteration only when the previous one ended). `now` is the clock reading the previous iteration
// ended at, which is also where the next one starts: one clock read per iteration boundary (issue 16).
// A VU function with a callback form (definition.ts `step`) is driven by callbacks, with no promise per
// iteration; any other is awaited. Both keep the same bookkeeping (ScenarioRuntime.begin/end).
import { performance } from 'node:perf_hooks';
import type { VuStep } from '../definition.ts';
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import type { Vu } from '../vu.ts';

/**
 * Lets timers and I/O run; resolves with the clock reading after. A function of its own, so that the loop's
 * optimised code has no allocation site it used once in 256 iterations (scenario-runtime.ts, rare paths).
 */
async function yieldToLoop(): Promise<number> {
  await new Promise<void>((r) => setImmediate(r));
  return performance.now();
}

/**
 * Whether the VU should let timers and I/O run before its next iteration: a VU function that never awaits
 * real I/O would otherwise starve them and the progress line. From the first iteration on, so that the
 * call has been seen before the loop is optimised.
 */
const yieldDue = <S>(vu: Vu<S>): boolean => vu.iterationInVu % 256 === 1;

export function closedLoop<S>(
  rt: ScenarioRuntime<S>,
  vu: Vu<S>,
  more: (now: number) => boolean,
): Promise<void> {
  const step = rt.fn.step;
  return step === undefined ? awaitedLoop(rt, vu, more) : stepLoop(rt, vu, more, step);
}

async function awaitedLoop<S>(
  rt: ScenarioRuntime<S>,
  vu: Vu<S>,
  more: (now: number) => boolean,
): Promise<void> {
  rt.state.activeVus++;
  try {
    let now = performance.now();
    while (!rt.stopping && more(now)) {
      now = await rt.iterate(vu, undefined, -1, now);
      if (yieldDue(vu)) now = await yieldToLoop();
    }
  } finally {
    rt.state.activeVus--;
  }
}

/**
 * The callback-driven loop: the next iteration starts from the callback that ended the previous one. An
 * iteration that ends synchronously (inside `step`) continues the `for` loop rather than recursing, so a
 * run of them cannot grow the stack. Never rejects: `step` throwing is an iteration error, as in iterate().
 */
function stepLoop<S>(
  rt: ScenarioRuntime<S>,
  vu: Vu<S>,
  more: (now: number) => boolean,
  step: VuStep<S>,
): Promise<void> {
  return new Promise<void>((resolve) => {
    rt.state.activeVus++;
    let now = performance.now();
    /** The running iteration's start; -1 when none runs (a second `done` of one iteration is ignored). */
    let started = -1;
    /** True while `step` runs: a `done` inside it only marks the iteration ended. */
    let inStep = false;
    let endedInStep = false;
    const finish = (): void => {
      rt.state.activeVus--;
      resolve();
    };
    const resume = (): void => {
      now = performance.now();
      run();
    };
    const ended = (failed: boolean, err: unknown, at?: number): void => {
      const start = started;
      started = -1;
      now = failed ? rt.endFailed(vu, start, err) : rt.end(vu, start, at);
    };
    const done = (err?: unknown, at?: number): void => {
      if (started < 0) return;
      ended(err !== undefined, err, at);
      if (inStep) endedInStep = true;
      else if (yieldDue(vu)) setImmediate(resume);
      else run();
    };
    const run = (): void => {
      for (;;) {
        if (rt.stopping || !more(now)) return finish();
        rt.begin(vu, undefined, -1, now);
        started = now;
        inStep = true;
        endedInStep = false;
        try {
          step(vu.state as S, vu, done);
        } catch (err) {
          // A throw after `done` is ignored, as a promise settles once.
          if (started >= 0) {
            ended(true, err);
            endedInStep = true;
          }
        }
        inStep = false;
        // Still running: its `done` calls run() again.
        if (!endedInStep) return;
        if (yieldDue(vu)) {
          setImmediate(resume);
          return;
        }
      }
    };
    run();
  });
}
