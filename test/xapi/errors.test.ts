// The error catalogue (src/xapi/errors.ts): every error the datamodel declares, the wire names xapi sends
// without declaring them, their parameter names, and the generated XapiErrorName type kept in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_NAMES_OUTPUT, serializeErrorNames } from '../../scripts/gen-schema.ts';
import { ERRORS, UNDECLARED_ERRORS, errorParams, isKnownError } from '../../src/xapi/errors.ts';
import { SCHEMA, SCHEMA_JSON } from '../../src/xapi/index.ts';

describe('ERRORS', () => {
  it('has the 603 declared errors plus the undeclared wire names', () => {
    expect(ERRORS.size).toBeGreaterThanOrEqual(603);
    expect(UNDECLARED_ERRORS.size).toBe(32);
    for (const n of UNDECLARED_ERRORS) expect(ERRORS.get(n), n).toEqual([]);
  });

  it('knows the declared parameters of the errors the harness uses', () => {
    expect(ERRORS.get('VM_BAD_POWER_STATE')).toEqual(['vm', 'expected', 'actual']);
    expect(ERRORS.get('HANDLE_INVALID')).toEqual(['class', 'handle']);
    expect(ERRORS.get('MESSAGE_PARAMETER_COUNT_MISMATCH')).toEqual(['method', 'expected', 'received']);
    expect(ERRORS.get('OTHER_OPERATION_IN_PROGRESS')).toEqual([
      'class',
      'object',
      'operation_type',
      'operation_ref',
    ]);
    expect(ERRORS.get('SESSION_AUTHENTICATION_FAILED')).toEqual([]);
    expect(errorParams('SESSION_AUTHENTICATION_FAILED')).toEqual(['uname', 'message']);
    expect(errorParams('VM_IS_TEMPLATE')).toEqual(['vm', 'operation']);
    expect(errorParams('SESSION_INVALID')).toEqual(['handle']);
    expect(errorParams('NOT_AN_ERROR')).toBeUndefined();
  });

  it('the XapiErrorName type lists exactly the catalogue (error-names.generated.ts is fresh)', () => {
    const text = readFileSync(ERROR_NAMES_OUTPUT, 'utf8');
    expect(text).toBe(serializeErrorNames(SCHEMA_JSON));
    const names = [...text.matchAll(/^ {2}\| '([A-Z0-9_a-z]+)'/gm)].map((m) => m[1]!);
    expect(names.length).toBe(ERRORS.size);
    for (const n of names) expect(isKnownError(n), n).toBe(true);
  });

  it('every error a message declares is in the catalogue', () => {
    const missing = new Set<string>();
    for (const c of SCHEMA.classes.values())
      for (const m of c.messages.values()) for (const e of m.errors) if (!ERRORS.has(e)) missing.add(e);
    expect([...missing]).toEqual([]);
  });
});
