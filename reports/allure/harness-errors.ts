// The errors a conformance test throws to end with the right Allure status. allure-vitest decides the
// status from the (vitest-serialised) error with a heuristic (allure-js-commons src/sdk/utils.ts
// getStatusFromError): `failed` when the error's name, constructor name or message contains "assert", or it
// has `actual` / `expected` / `matcherResult`; `broken` otherwise. These classes are built to land on the
// right side of that rule whatever their text says (test/reports/harness-errors.test.ts checks it).
import { formatValue, type FailureKind } from '../../src/results/index.ts';
import { MESSAGE_PREFIXES } from './categories.ts';

function prefixed(prefix: string, message: string): string {
  return message.startsWith(prefix) ? message : `${prefix}: ${message}`;
}

export interface ContractViolationDetails {
  /** What the reference model predicted (rendered in Allure's expected/actual diff). */
  readonly expected: unknown;
  /** What the endpoint answered. */
  readonly actual: unknown;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : formatValue(value, 4000);
}

/** The endpoint contradicted the contract: Allure `failed` (it carries expected/actual). */
export class ContractViolationError extends Error {
  override readonly name: string = 'ContractViolation';
  readonly kind: FailureKind = 'contract-violation';
  readonly expected: string;
  readonly actual: string;
  constructor(message: string, details: ContractViolationDetails, options?: ErrorOptions) {
    super(
      message.startsWith(MESSAGE_PREFIXES.unexpectedPass)
        ? message
        : prefixed(MESSAGE_PREFIXES.contractViolation, message),
      options,
    );
    this.expected = asText(details.expected);
    this.actual = asText(details.actual);
  }
}

/** A check listed as a known deviation passed: the expectations file is out of date. Allure `failed`. */
export class UnexpectedPassError extends ContractViolationError {
  override readonly name: string = 'UnexpectedPass';
  override readonly kind: FailureKind = 'unexpected-pass';
  constructor(deviationId: string, reason: string) {
    super(
      `${MESSAGE_PREFIXES.unexpectedPass}: known deviation '${deviationId}' did not reproduce (${reason}); remove it from the expectations file`,
      { expected: `failure (known deviation ${deviationId})`, actual: 'passed' },
    );
  }
}

// The heuristic looks for "assert" anywhere in the message; a word joiner (U+2060, invisible) after its
// first letter keeps an incidental "assert" in a transport or setup message from turning it into `failed`.
function neutralise(text: string): string {
  return text.replace(/a(?=ssert)/gi, (a) => `${a}\u2060`);
}

/** We could not check anything (transport, setup, harness bug): Allure `broken`. */
export class BrokenRunError extends Error {
  override readonly name: string;
  readonly kind: FailureKind;
  constructor(
    kind: Exclude<FailureKind, 'contract-violation' | 'unexpected-pass' | 'known-deviation'>,
    message: string,
    options?: ErrorOptions,
  ) {
    super(
      neutralise(
        prefixed(kind === 'transport' ? MESSAGE_PREFIXES.transport : MESSAGE_PREFIXES.setup, message),
      ),
      options,
    );
    this.kind = kind;
    this.name = kind === 'transport' ? 'TransportError' : kind === 'setup' ? 'SetupError' : 'HarnessError';
  }
}

/** Setup that must not count as a violation (preflight, login of the harness itself) throws this. */
export class SetupError extends BrokenRunError {
  constructor(message: string, options?: ErrorOptions) {
    super('setup', message, options);
  }
}
