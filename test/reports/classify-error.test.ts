// classifyError: what an error thrown during a property means, by name, kind, shape and cause.
import { describe, expect, test } from 'vitest';
import { classifyError } from '../../src/results/index.ts';

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
