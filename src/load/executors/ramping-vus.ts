// ramping-vus: the number of looping VUs follows the stages linearly (k6 docs: executors/ramping-vus). When the
// target drops, the VUs above it finish their current iteration within gracefulRampDown, then are interrupted;
// after the last stage, gracefulStop applies to every running iteration.
import { performance } from 'node:perf_hooks';
import type { StagePlan } from '../scenario-plan.ts';
import { closedLoop } from './closed-loop.ts';
import { planOf, type Executor } from './executor.ts';
import { sleepUntil } from './sleep-until.ts';

const TICK_MS = 10;

/** VUs wanted at `t` ms into the stages: a VU is added/removed only once the line crosses the integer. */
export function rampingTarget(startVUs: number, stages: readonly StagePlan[], t: number): number {
  let from = startVUs;
  let t0 = 0;
  for (const s of stages) {
    if (t < t0 + s.durationMs) {
      const v = from + ((s.target - from) * (t - t0)) / s.durationMs;
      return s.target >= from ? Math.floor(v + 1e-9) : Math.ceil(v - 1e-9);
    }
    t0 += s.durationMs;
    from = s.target;
  }
  return from;
}

export const runRampingVus: Executor = async (rt, t0, abort) => {
  const plan = planOf(rt, 'ramping-vus');
  const vus = rt.vus.filter((v) => v.ready);
  const wanted = vus.map(() => false);
  const looping = vus.map(() => false);
  const end = t0 + plan.durationMs;

  const startLoop = (i: number): void => {
    const vu = vus[i];
    if (vu === undefined || looping[i] === true) return;
    looping[i] = true;
    void closedLoop(rt, vu, (now) => wanted[i] === true && now < end).finally(() => {
      looping[i] = false;
      // Re-wanted while finishing its last iteration: keep going, but never past the stages' end. A loop that
      // ended there, before this executor's own timer saw the end and set rt.stopping, would otherwise start
      // again, end at once, and so on: a chain of microtasks that starves every timer, that one included
      // (seen with a VU function ending in a timer callback, which the callback-driven loop made likely).
      if (wanted[i] === true && !rt.stopping && performance.now() < end) startLoop(i);
    });
  };

  const apply = (target: number): void => {
    for (let i = 0; i < vus.length; i++) {
      const want = i < target;
      if (want === wanted[i]) continue;
      wanted[i] = want;
      const vu = vus[i];
      if (want) startLoop(i);
      else if (vu?.running === true) {
        const gen = vu.generation;
        setTimeout(() => {
          if (wanted[i] === false && vu.running && vu.generation === gen) vu.interrupt();
        }, plan.gracefulRampDownMs).unref();
      }
    }
  };

  while (!abort.aborted && performance.now() < end) {
    apply(rampingTarget(plan.startVUs, plan.stages, performance.now() - t0));
    await sleepUntil(Math.min(end, performance.now() + TICK_MS), abort);
  }
  await rt.finish(abort.aborted ? 0 : undefined);
};
