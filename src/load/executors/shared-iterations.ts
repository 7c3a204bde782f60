// shared-iterations: VUs share a pool of iterations; fast VUs do more. Iterations not started when maxDuration
// expires are counted in dropped_iterations (k6 docs: executors/shared-iterations, concepts/dropped-iterations).
import { runCountedIterations } from './counted-iterations.ts';
import { planOf, type Executor } from './executor.ts';

export const runSharedIterations: Executor = async (rt, t0, abort) => {
  const total = planOf(rt, 'shared-iterations').iterations;
  await runCountedIterations(rt, t0, abort, total, (_mine, started) => started < total);
};
