// constant-arrival-rate and ramping-arrival-rate (k6 docs: executors/*-arrival-rate, concepts/arrival-rate-vu-
// allocation): iterations start on the schedule, independently of how long earlier ones take. A free VU runs
// each one; with none free and fewer than maxVUs allocated, a new VU is set up; at maxVUs the iteration is
// counted in dropped_iterations.
//
// DEVIATION: k6 drops the iteration that triggered a mid-test VU allocation; here it runs on the new VU once
// that is ready, and the set-up time shows in its lag (iteration_latency, *_latency) — in an open model the
// request has arrived, so its wait belongs in the latency rather than in a drop count.
import { performance } from 'node:perf_hooks';
import { planOf, type Executor } from './executor.ts';
import { sleepUntil } from './sleep-until.ts';

export const runArrivalRate: Executor = async (rt, t0, abort) => {
  const plan = planOf(rt, 'arrival-rate');
  const { schedule, segment } = plan;
  const idle = rt.vus.filter((v) => v.ready);
  type V = (typeof idle)[number];
  let allocated = idle.length;
  let allocating = 0;
  const end = t0 + plan.durationMs;
  let k = segment.index;

  const run = (vu: V, intended: number, iteration: number): void => {
    rt.state.activeVus++;
    void rt.iterate(vu, intended, iteration).then(() => {
      rt.state.activeVus--;
      idle.push(vu);
    });
  };

  const start = (intended: number, iteration: number): void => {
    const vu = idle.pop();
    if (vu !== undefined) return run(vu, intended, iteration);
    if (allocated + allocating >= plan.maxVUs) return rt.dropped(1);
    allocating++;
    void rt.addVus(1).then(([fresh]) => {
      allocating--;
      if (fresh === undefined) return rt.dropped(1);
      allocated++;
      if (rt.stopping) idle.push(fresh);
      else run(fresh, intended, iteration);
    });
  };

  await new Promise<void>((resolve) => {
    const onAbort = (): void => resolve();
    abort.addEventListener('abort', onAbort, { once: true });
    const tick = (): void => {
      if (abort.aborted) return;
      const now = performance.now();
      for (let at = t0 + schedule.at(k); at <= now && at < end; at = t0 + schedule.at(k)) {
        start(at, k);
        k += segment.count;
      }
      const next = t0 + schedule.at(k);
      if (next >= end) {
        abort.removeEventListener('abort', onAbort);
        void sleepUntil(end, abort).then(resolve);
        return;
      }
      // Sub-millisecond gaps spin on setImmediate (I/O still runs between turns); longer ones sleep. The
      // residual timer lateness is measured, not hidden: it is the lag in iteration_latency.
      const delay = next - performance.now();
      if (delay < 1) setImmediate(tick);
      else setTimeout(tick, delay);
    };
    void sleepUntil(t0, abort).then(tick);
  });
  await rt.finish(abort.aborted ? 0 : undefined);
};
