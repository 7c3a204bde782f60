// Each API call becomes an Allure step of the running test (issue 6 §1): the wire method as its name, the
// parameters (secrets masked, and shown in Allure's masked mode as well), the expected and observed
// outcomes, its real timing, and a status: the contradicting call `failed`, a call no XAPI answered `broken`.
import type { CallStep } from '../../src/results/index.ts';
import { callStepResults } from './call-step-result.ts';
import { emitTimedStep } from './runtime-messages.ts';

export interface CallStepsOptions {
  /** Steps beyond this many are summarised in one step (the JSON trace attachment keeps them all). */
  readonly maxSteps?: number;
}

/** Records `steps` as Allure steps of the current test; returns how many were emitted. */
export async function recordCallSteps(
  steps: readonly CallStep[],
  options: CallStepsOptions = {},
): Promise<number> {
  let emitted = 0;
  for (const step of callStepResults(steps, options.maxSteps ?? 200)) {
    if (!(await emitTimedStep(step))) return emitted;
    emitted += 1;
  }
  return emitted;
}
