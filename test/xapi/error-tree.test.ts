// One error tree (issue 13): every error class of the product extends HarnessError and carries a
// stable code; nothing else extends Error directly.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/client/resolve-target.ts';
import { FaultSpecError } from '../../src/faultproxy/fault-spec.ts';
import {
  classifyError,
  ContractViolation,
  ResultsFormatError,
  SetupError,
  UnexpectedPass,
} from '../../src/results/index.ts';
import { MarshalError } from '../../src/wire/marshal-error.ts';
import { WireError } from '../../src/wire/wire-error.ts';
import {
  HarnessError,
  TaskTimeoutError,
  TransportError,
  XapiFailure,
} from '../../src/xapi/harness-errors.ts';
import { XapiDefaultSyntaxError } from '../../src/xapi/parse-default.ts';
import { XapiTypeSyntaxError } from '../../src/xapi/parse-type.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('the error tree', () => {
  it('every kind is a HarnessError with a stable code', () => {
    const all: [HarnessError, string][] = [
      [new XapiFailure('VM_BAD_POWER_STATE', ['vm', 'halted', 'running'], 'VM.start'), 'VM_BAD_POWER_STATE'],
      [new TransportError('ECONNREFUSED', 'refused'), 'ECONNREFUSED'],
      [new TaskTimeoutError('Async.VM.start', 'OpaqueRef:t', 10, 'pending'), 'TASK_TIMEOUT'],
      [new ContractViolation('m', { expected: 'a', actual: 'b' }), 'CONTRACT_VIOLATION'],
      [new UnexpectedPass('id', 'passed'), 'UNEXPECTED_PASS'],
      [new SetupError('login refused'), 'SETUP'],
      [new ConfigError('bad flag'), 'CONFIG'],
      [new ResultsFormatError('bad file'), 'RESULTS_FORMAT'],
      [new FaultSpecError('bad spec'), 'FAULT_SPEC'],
      [new WireError('MALFORMED_XML', 'x'), 'MALFORMED_XML'],
      [new MarshalError('int', 'a string'), 'MARSHAL'],
      [new XapiTypeSyntaxError('x', 'y'), 'TYPE_SYNTAX'],
      [new XapiDefaultSyntaxError('x', 'y'), 'DEFAULT_SYNTAX'],
    ];
    for (const [err, code] of all) {
      expect(err, err.name).toBeInstanceOf(HarnessError);
      expect(err.code, err.name).toBe(code);
    }
    // UnexpectedPass is a kind of contract violation; the others are siblings.
    expect(new UnexpectedPass('id', 'x')).toBeInstanceOf(ContractViolation);
    expect(new SetupError('x')).not.toBeInstanceOf(ContractViolation);
  });

  it('no other class of src/ or reports/ extends Error directly', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'reports']) {
      for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
        if (!e.isFile() || !e.name.endsWith('.ts')) continue;
        const file = join(e.parentPath, e.name);
        for (const m of readFileSync(file, 'utf8').matchAll(
          /class (\w+) extends (Error|RangeError|TypeError)\b/g,
        ))
          if (m[1] !== 'HarnessError') offenders.push(`${relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('classifyError', () => {
  it('by class of the error tree, assertion shape and cause', () => {
    expect(classifyError(new TransportError('ECONNREFUSED', 'refused'))).toBe('transport');
    expect(classifyError(new XapiFailure('VM_BAD_POWER_STATE', ['vm', 'halted', 'running']))).toBe(
      'contract-violation',
    );
    expect(classifyError(new ContractViolation('x', { expected: 1, actual: 2 }))).toBe('contract-violation');
    expect(classifyError(new UnexpectedPass('id', 'passed'))).toBe('unexpected-pass');
    expect(classifyError(new SetupError('login refused'))).toBe('setup');
    expect(classifyError({ actual: 1, expected: 2 })).toBe('contract-violation');
    expect(classifyError(new TypeError('undefined is not a function'))).toBe('harness');
    expect(classifyError(new Error('Property failed', { cause: new TransportError('TIMEOUT', 't') }))).toBe(
      'transport',
    );
    expect(classifyError('a string')).toBe('harness');
    expect(classifyError(null)).toBe('harness');
  });

  it('never by name: an error that only calls itself TransportError is a harness bug', () => {
    const named = (name: string): Error => Object.assign(new Error('x'), { name });
    expect(classifyError(named('TransportError'))).toBe('harness');
    expect(classifyError(named('SetupError'))).toBe('harness');
  });
});
