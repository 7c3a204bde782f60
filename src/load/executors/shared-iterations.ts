// shared-iterations: VUs share a pool of iterations; fast VUs do more. Iterations not started when maxDuration
// expires are counted in dropped_iterations (k6 docs: executors/shared-iterations, concepts/dropped-iterations).
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import { closedLoop } from './closed-loop.ts';
import { sleepUntil } from './sleep-until.ts';

export async function runSharedIterations<S>(
  rt: ScenarioRuntime<S>,
  t0: number,
  abort: AbortSignal,
): Promise<void> {
  if (rt.plan.kind !== 'shared-iterations') throw new TypeError('not a shared-iterations plan');
  const total = rt.plan.iterations;
  const end = t0 + rt.plan.durationMs;
  let started = 0;
  const take = (): boolean => {
    if (started >= total || performance.now() >= end) return false;
    started++;
    return true;
  };
  const deadline = new AbortController();
  const loops = Promise.all(rt.vus.filter((v) => v.ready).map((vu) => closedLoop(rt, vu, take)));
  const timeout = sleepUntil(end, AbortSignal.any([abort, deadline.signal]));
  await Promise.race([loops, timeout]);
  deadline.abort();
  rt.stopping = true;
  if (started < total) rt.dropped(total - started);
  await rt.finish(abort.aborted ? 0 : undefined);
}
