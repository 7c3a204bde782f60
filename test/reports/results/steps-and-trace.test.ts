// A run's steps as a reader sees them (src/results/trace-text.ts, format-value.ts): the readable trace, the
// JSON text of a trace or a value, and values bounded for one line.
import { describe, expect, test } from 'vitest';
import { formatTraceText, formatValue, toJsonText } from '../../../src/results/index.ts';
import { violationSteps } from '../fixtures/fixture-results.ts';

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
