// The errors a property can end with besides a call's own (XapiFailure, TransportError: src/xapi/
// harness-errors.ts), in the project's one error tree (HarnessError, stable codes). classify-error.ts
// maps each class to its failure kind:
// - ContractViolation: a finding about the target, with expected/actual (reports show them as a
//   diff, and Allure marks an error carrying them `failed`) and the calls up to the violating one;
// - UnexpectedPass: a known deviation that did not reproduce (the expectations file is out of date);
// - SetupError: nothing could be checked (preflight, the harness's own login, emulator start).
import { HarnessError } from '../xapi/harness-errors.ts';
import type { CallStep } from './call-step.ts';
import { formatValue } from './format-value.ts';

export interface ViolationDetails {
  /** What the reference model predicted; text as is, other values rendered. */
  readonly expected: unknown;
  /** What the endpoint answered. */
  readonly actual: unknown;
  /** The calls of the run up to and including the violating one. */
  readonly steps?: readonly CallStep[];
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : formatValue(value, 4000);
}

export class ContractViolation extends HarnessError {
  override readonly name: string = 'ContractViolation';
  readonly code: 'CONTRACT_VIOLATION' | 'UNEXPECTED_PASS' = 'CONTRACT_VIOLATION';
  readonly expected: string;
  readonly actual: string;
  readonly steps: readonly CallStep[];

  constructor(message: string, details: ViolationDetails, options?: ErrorOptions) {
    super(message, options);
    this.expected = asText(details.expected);
    this.actual = asText(details.actual);
    this.steps = details.steps ?? [];
  }
}

/** A check listed as a known deviation passed: the expectations file is out of date. */
export class UnexpectedPass extends ContractViolation {
  override readonly name: string = 'UnexpectedPass';
  override readonly code = 'UNEXPECTED_PASS';

  constructor(deviationId: string, reason: string) {
    super(
      `known deviation '${deviationId}' did not reproduce (${reason}); remove it from the expectations file`,
      { expected: `failure (known deviation ${deviationId})`, actual: 'passed' },
    );
  }
}

export class SetupError extends HarnessError {
  override readonly name = 'SetupError';
  readonly code = 'SETUP';
}
