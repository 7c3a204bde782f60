// Each API call becomes an Allure step (issue 6 §1): the wire method as its name, the parameters (secrets
// masked, and shown in Allure's masked mode as well), the expected and observed outcomes, its real timing,
// and a status: the contradicting call `failed`, a call no XAPI answered `broken`.
import { Status, type Parameter } from 'allure-js-commons';
import {
  MASK,
  formatExpected,
  formatOutcome,
  formatValue,
  maskSecrets,
  type CallStep,
} from '../../src/results/index.ts';
import { emitTimedStep } from './runtime-messages.ts';

export interface CallStepsOptions {
  /** Steps beyond this many are summarised in one step (the JSON trace attachment keeps them all). */
  readonly maxSteps?: number;
}

function stepStatus(step: CallStep): Status {
  if (step.violation === true) return Status.FAILED;
  if (step.outcome.kind === 'transport') return Status.BROKEN;
  return Status.PASSED;
}

function stepParameters(step: CallStep): Parameter[] {
  const params = maskSecrets(step.method, step.params);
  const out: Parameter[] = params.map((p, i) => ({
    name: `#${i}`,
    value: formatValue(p, 400),
    ...(p === MASK ? { mode: 'masked' as const } : {}),
  }));
  if (step.expected !== undefined) out.push({ name: 'expected', value: formatExpected(step.expected) });
  out.push({ name: 'observed', value: formatOutcome(step.outcome) });
  out.push({ name: 'duration', value: `${step.durationMs.toFixed(2)} ms` });
  return out;
}

function stepName(step: CallStep): string {
  const outcome =
    step.outcome.kind === 'success'
      ? 'ok'
      : step.outcome.kind === 'failure'
        ? step.outcome.code
        : 'no answer';
  return `${step.method} → ${outcome}`;
}

/** Records `steps` as Allure steps of the current test; returns how many were emitted. */
export async function recordCallSteps(
  steps: readonly CallStep[],
  options: CallStepsOptions = {},
): Promise<number> {
  const max = options.maxSteps ?? 200;
  let emitted = 0;
  for (const step of steps.slice(0, max)) {
    const status = stepStatus(step);
    const ok = await emitTimedStep({
      name: stepName(step),
      start: step.startedAt,
      stop: step.startedAt + step.durationMs,
      status,
      parameters: stepParameters(step),
      ...(status !== Status.PASSED
        ? {
            statusDetails: {
              message:
                step.violation === true
                  ? 'contract violation: observed answer contradicts the model'
                  : 'no XAPI answered',
              ...(step.expected !== undefined
                ? { expected: formatExpected(step.expected), actual: formatOutcome(step.outcome) }
                : {}),
            },
          }
        : {}),
    });
    if (!ok) return emitted;
    emitted += 1;
  }
  if (steps.length > max) {
    const rest = steps.slice(max);
    const last = rest[rest.length - 1];
    const first = rest[0];
    if (first !== undefined && last !== undefined) {
      await emitTimedStep({
        name: `… ${rest.length} more calls (see the trace attachment)`,
        start: first.startedAt,
        stop: last.startedAt + last.durationMs,
        status: rest.some((s) => s.violation === true) ? Status.FAILED : Status.PASSED,
      });
    }
  }
  return emitted;
}
