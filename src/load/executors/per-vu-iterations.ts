// per-vu-iterations: every VU runs exactly `iterations` iterations; those not started by maxDuration are
// dropped_iterations (k6 docs: executors/per-vu-iterations).
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import { closedLoop } from './closed-loop.ts';
import { sleepUntil } from './sleep-until.ts';

export async function runPerVuIterations<S>(
  rt: ScenarioRuntime<S>,
  t0: number,
  abort: AbortSignal,
): Promise<void> {
  if (rt.plan.kind !== 'per-vu-iterations') throw new TypeError('not a per-vu-iterations plan');
  const per = rt.plan.iterations;
  const end = t0 + rt.plan.durationMs;
  const ready = rt.vus.filter((v) => v.ready);
  let started = 0;
  const loops = Promise.all(
    ready.map((vu) => {
      let mine = 0;
      return closedLoop(rt, vu, () => {
        if (mine >= per || performance.now() >= end) return false;
        mine++;
        started++;
        return true;
      });
    }),
  );
  const deadline = new AbortController();
  await Promise.race([loops, sleepUntil(end, AbortSignal.any([abort, deadline.signal]))]);
  deadline.abort();
  rt.stopping = true;
  const planned = per * rt.plan.vus;
  if (started < planned) rt.dropped(planned - started);
  await rt.finish(abort.aborted ? 0 : undefined);
}
