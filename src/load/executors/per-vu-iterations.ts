// per-vu-iterations: every VU runs exactly `iterations` iterations; those not started by maxDuration are
// dropped_iterations (k6 docs: executors/per-vu-iterations).
import { runCountedIterations } from './counted-iterations.ts';
import { planOf, type Executor } from './executor.ts';

export const runPerVuIterations: Executor = async (rt, t0, abort) => {
  const plan = planOf(rt, 'per-vu-iterations');
  const per = plan.iterations;
  await runCountedIterations(rt, t0, abort, per * plan.vus, (mine) => mine < per);
};
