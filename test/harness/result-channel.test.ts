// How a property's result reaches the conformance CLI from the vitest worker that ran it
// (src/harness/result-channel.ts): JSON text in the test's task meta, bigint and Date included.
import { describe, expect, it } from 'vitest';
import { RESULT_META_KEY, resultFromMeta, resultToMeta } from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';
import { loginStep, passedResult } from '../reports/fixtures/fixture-results.ts';

describe('result channel', () => {
  it('a property result crosses the worker boundary as JSON text in the task meta', () => {
    const r: PropertyResult = {
      ...passedResult,
      steps: [{ ...loginStep, outcome: { kind: 'success', value: { memory: 4n, at: new Date(0) } } }],
    };
    const meta = { [RESULT_META_KEY]: resultToMeta(r) };
    expect(resultFromMeta(meta)?.steps[0]?.outcome).toEqual({
      kind: 'success',
      value: { memory: '4', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(resultFromMeta({})).toBeUndefined();
  });
});
