import { describe, expect, test } from 'vitest';
import {
  MASK,
  environmentEntries,
  formatTraceText,
  formatValue,
  maskSecrets,
  redactUrl,
  toJsonText,
} from '../../../src/results/index.ts';
import { violationSteps } from '../fixtures/fixture-results.ts';

describe('masking', () => {
  test('login passwords by position, secret-looking struct keys by name, Async. prefix included', () => {
    expect(maskSecrets('session.login_with_password', ['root', 'pw', '2.21', 'o'])).toEqual([
      'root',
      MASK,
      '2.21',
      'o',
    ]);
    expect(maskSecrets('Async.session.change_password', ['s', 'old', 'new'])).toEqual(['s', MASK, MASK]);
    expect(
      maskSecrets('SR.create', ['s', { device_config: { server: 'h', password: 'p', chappassword: 'c' } }]),
    ).toEqual(['s', { device_config: { server: 'h', password: MASK, chappassword: MASK } }]);
    expect(maskSecrets('VM.get_record', ['s', 'OpaqueRef:x'])).toEqual(['s', 'OpaqueRef:x']);
  });

  test('URLs lose their credentials; environment entries come in the documented order', () => {
    expect(redactUrl('https://root:pw@xs.example/')).toBe('https://xs.example/');
    expect(redactUrl('emulator (in-process)')).toBe('emulator (in-process)');
    const entries = environmentEntries({
      targetUrl: 'http://u:p@h/',
      productBrand: 'XenServer',
      productVersion: '8',
      apiVersion: '2.21',
      profile: 'xapi-current',
      harnessVersion: '0.1.0',
      seed: 5,
      runId: 'r1',
    });
    expect(entries.map(([k]) => k)).toEqual([
      'Target',
      'Product',
      'API version',
      'Profile',
      'Harness version',
      'Seed',
      'Run id',
    ]);
    expect(entries[0]?.[1]).toBe('http://h/');
    const partial = environmentEntries({
      targetUrl: 'http://h/',
      productBrand: '',
      productVersion: '',
      apiVersion: '',
      profile: 'sdk-guide',
      harnessVersion: '0.1.0',
      seed: 0,
    });
    expect(partial.map(([k]) => k)).toEqual(['Target', 'Profile', 'Harness version', 'Seed']);
  });
});

describe('readable trace', () => {
  test('request → expected → observed, violation marked, header with seed and replay', () => {
    const text = formatTraceText(violationSteps, {
      title: 'T',
      seed: 9,
      path: '1:2',
      replay: 'xapi-harness conformance --replay 9:1:2',
    });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'T',
      'seed: 9  path: 1:2',
      'replay: xapi-harness conformance --replay 9:1:2',
    ]);
    expect(text).toContain('#1 session.login_with_password("root", "******", "2.21", "xapi-harness")');
    expect(text).toMatch(
      /#2 VM\.start\(.*\) {3}<-- contract violation\n {3}expected: failure VM_IS_TEMPLATE/,
    );
    expect(text).toContain('observed: success ""  (7.5 ms)');
    expect(text).not.toContain('hunter2');
  });

  test('JSON text: shared objects written twice, cycles cut, bigint as decimal', () => {
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { n: 2n, s1: shared, s2: shared };
    cyclic['self'] = cyclic;
    expect(JSON.parse(toJsonText(cyclic))).toEqual({
      n: '2',
      s1: { a: 1 },
      s2: { a: 1 },
      self: '[circular]',
    });
  });

  test('values are bounded, bigint and Date rendered', () => {
    expect(formatValue('x'.repeat(500), 20)).toHaveLength(20);
    expect(formatValue({ a: [1n, new Date(0)] })).toBe('{a: [1, 1970-01-01T00:00:00.000Z]}');
  });
});
