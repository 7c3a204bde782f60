// The errors a property can end with (src/results/classify-error.ts recognises them by name):
// a ContractViolation is a finding about the target; a SetupError means nothing could be checked.
import type { CallStep } from '../results/index.ts';

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  readonly kind = 'contract-violation';
  /** What the model expected and what the target answered (reports show them as a diff). */
  readonly expected: string;
  readonly actual: string;
  /** The calls of the run up to and including the violating one. */
  readonly steps: readonly CallStep[];

  constructor(message: string, expected: string, actual: string, steps: readonly CallStep[]) {
    super(message);
    this.expected = expected;
    this.actual = actual;
    this.steps = steps;
  }
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
  readonly kind = 'setup';
}
