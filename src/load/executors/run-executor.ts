// Dispatches a scenario to its executor.
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import { runArrivalRate } from './arrival-rate.ts';
import { runConstantVus } from './constant-vus.ts';
import { runPerVuIterations } from './per-vu-iterations.ts';
import { runRampingVus } from './ramping-vus.ts';
import { runSharedIterations } from './shared-iterations.ts';
import { sleepUntil } from './sleep-until.ts';

/** Runs the scenario from `testStart` (+ its startTime) to its end, gracefulStop included. */
export async function runExecutor<S>(
  rt: ScenarioRuntime<S>,
  testStart: number,
  abort: AbortSignal,
): Promise<void> {
  const t0 = testStart + rt.plan.startTimeMs;
  await sleepUntil(t0, abort);
  if (abort.aborted) return;
  switch (rt.plan.kind) {
    case 'shared-iterations':
      return runSharedIterations(rt, t0, abort);
    case 'per-vu-iterations':
      return runPerVuIterations(rt, t0, abort);
    case 'constant-vus':
      return runConstantVus(rt, t0, abort);
    case 'ramping-vus':
      return runRampingVus(rt, t0, abort);
    case 'arrival-rate':
      return runArrivalRate(rt, t0, abort);
  }
}
