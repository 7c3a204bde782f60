// constant-vus: a fixed number of VUs loop for `duration` (k6 docs: executors/constant-vus).
import { closedLoop } from './closed-loop.ts';
import type { Executor } from './executor.ts';
import { sleepUntil } from './sleep-until.ts';

export const runConstantVus: Executor = async (rt, t0, abort) => {
  const end = t0 + rt.plan.durationMs;
  const loops = rt.vus.filter((v) => v.ready).map((vu) => closedLoop(rt, vu, (now) => now < end));
  await sleepUntil(end, abort);
  await rt.finish(abort.aborted ? 0 : undefined);
  void Promise.allSettled(loops);
};
