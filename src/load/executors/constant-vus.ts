// constant-vus: a fixed number of VUs loop for `duration` (k6 docs: executors/constant-vus).
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import { closedLoop } from './closed-loop.ts';
import { sleepUntil } from './sleep-until.ts';

export async function runConstantVus<S>(
  rt: ScenarioRuntime<S>,
  t0: number,
  abort: AbortSignal,
): Promise<void> {
  const end = t0 + rt.plan.durationMs;
  const loops = rt.vus.filter((v) => v.ready).map((vu) => closedLoop(rt, vu, () => performance.now() < end));
  await sleepUntil(end, abort);
  await rt.finish(abort.aborted ? 0 : undefined);
  void Promise.allSettled(loops);
}
