// One recorded XenAPI call as an Allure step, as data, for the one writer of Allure results
// (property-results-writer.ts).
import { Status, type Parameter, type StatusDetails } from 'allure-js-commons';
import {
  MASK,
  formatExpected,
  formatOutcome,
  formatValue,
  maskSecrets,
  type CallStep,
} from '../../src/results/index.ts';

/** A finished step with its own timing, parameters and status. */
interface TimedStep {
  readonly name: string;
  readonly start: number;
  readonly stop: number;
  readonly status: Status;
  readonly parameters?: readonly Parameter[];
  readonly statusDetails?: StatusDetails;
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
  // The violating step says so in its title; "→ ok" there read as if the call had been fine.
  if (step.violation === true) return `${step.method} ✗ contradicts the model`;
  if (step.retried === true) return `${step.method} → no answer (tried again)`;
  const outcome =
    step.outcome.kind === 'success'
      ? 'ok'
      : step.outcome.kind === 'failure'
        ? step.outcome.code
        : 'no answer';
  return `${step.method} → ${outcome}`;
}

/** The step of one call: `VM.start → ok`, its real timing, parameters, expected/observed and status. */
function callStepResult(step: CallStep): TimedStep {
  const status = stepStatus(step);
  return {
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
  };
}

/** The steps for a call list: the first `max` calls, then one step summarising the rest. */
export function callStepResults(steps: readonly CallStep[], max = 200): TimedStep[] {
  const out = steps.slice(0, max).map(callStepResult);
  const rest = steps.slice(max);
  const first = rest[0];
  const last = rest[rest.length - 1];
  if (first !== undefined && last !== undefined) {
    out.push({
      name: `… ${rest.length} more calls (see the trace attachment)`,
      start: first.startedAt,
      stop: last.startedAt + last.durationMs,
      status: rest.some((s) => s.violation === true) ? Status.FAILED : Status.PASSED,
    });
  }
  return out;
}
