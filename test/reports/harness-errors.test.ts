// The status each harness error ends with, decided exactly as in a real run: vitest serialises the thrown
// error (@vitest/utils processError) and allure-vitest maps it (allure-js-commons getStatusFromError).
import { processError } from '@vitest/utils/error';
import { Status } from 'allure-js-commons';
import { getStatusFromError } from 'allure-js-commons/sdk';
import { describe, expect, test } from 'vitest';
import {
  BrokenRunError,
  ContractViolationError,
  MESSAGE_PREFIXES,
  SetupError,
  UnexpectedPassError,
} from '../../reports/allure/index.ts';
import { classifyError } from '../../src/results/index.ts';

function statusAfterVitest(err: unknown): Status {
  return getStatusFromError(processError(err));
}

describe('harness errors end with the right Allure status', () => {
  test('a contract violation is failed, with expected/actual for the diff', () => {
    const err = new ContractViolationError('VM.start on a template succeeded', {
      expected: { kind: 'failure', code: 'VM_IS_TEMPLATE' },
      actual: { kind: 'success', value: '' },
    });
    expect(statusAfterVitest(err)).toBe(Status.FAILED);
    expect(err.message.startsWith(`${MESSAGE_PREFIXES.contractViolation}: `)).toBe(true);
    expect(err.expected).toContain('VM_IS_TEMPLATE');
  });

  test('an unexpected pass is failed', () => {
    expect(statusAfterVitest(new UnexpectedPassError('gc-eviction', 'evicts at login'))).toBe(Status.FAILED);
  });

  test.each(['transport', 'setup', 'harness'] as const)(
    'a %s problem is broken, even when its text says "assert"',
    (kind) => {
      const err = new BrokenRunError(kind, 'ASSERTION of the pool master failed: assert(master) / Assert');
      expect(statusAfterVitest(err)).toBe(Status.BROKEN);
      // The text still reads the same to a person (the inserted character is an invisible word joiner).
      expect(err.message.replace(/\u2060/g, '')).toContain(
        'ASSERTION of the pool master failed: assert(master) / Assert',
      );
    },
  );

  test('a setup error is broken and classified as setup', () => {
    const err = new SetupError('login refused: SESSION_AUTHENTICATION_FAILED');
    expect(statusAfterVitest(err)).toBe(Status.BROKEN);
    expect(classifyError(err)).toBe('setup');
  });

  test('control: the raw heuristic does turn an "assert" message into failed (so the guard is needed)', () => {
    const raw = new Error('transport: could not assert TLS peer');
    raw.name = 'TransportError';
    expect(statusAfterVitest(raw)).toBe(Status.FAILED);
  });
});

describe('classifyError', () => {
  test('by name, kind, assertion shape and cause', () => {
    const named = (name: string): Error => Object.assign(new Error('x'), { name });
    expect(classifyError(named('TransportError'))).toBe('transport');
    expect(classifyError(named('XapiFailure'))).toBe('contract-violation');
    expect(classifyError(named('AssertionError'))).toBe('contract-violation');
    expect(classifyError({ actual: 1, expected: 2 })).toBe('contract-violation');
    expect(classifyError(new TypeError('undefined is not a function'))).toBe('harness');
    expect(classifyError(new Error('Property failed', { cause: named('TransportError') }))).toBe('transport');
    expect(classifyError({ kind: 'setup' })).toBe('setup');
    expect(classifyError('a string')).toBe('harness');
    expect(classifyError(null)).toBe('harness');
  });
});
