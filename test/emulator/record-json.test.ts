// Persistence text of records (src/emulator/db/record-json.ts): the field-by-field writer gives exactly
// the text of JSON.stringify with the Date replacer, and reading it back restores the same typed values.
import { describe, expect, it } from 'vitest';
import { recordFromJson, recordToJson } from '../../src/emulator/db/record-json.ts';
import type { XapiJs } from '../../src/xapi/types.ts';

function reference(value: XapiJs): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const original = (this as Record<string, unknown>)[key];
    return original instanceof Date ? { $date: original.getTime() } : v;
  });
}

const samples: XapiJs[] = [
  {},
  { name_label: 'vm "quoted" \u2603 \n', memory: 1073741824, ratio: 0.5, on: true, off: false },
  { start_time: new Date(1_700_000_000_123), never: new Date(0), bad: new Date(NaN) },
  { other_config: { a: '1', 'b.c': '' }, VBDs: ['OpaqueRef:1', 'OpaqueRef:2'], empty: [] },
  { nested: { when: new Date(5) }, list: [new Date(7), 'x', { deep: [new Date(9)] }] },
  { gone: undefined as unknown as XapiJs, kept: 'yes' },
  [new Date(3), 'a', 1],
  'text',
  42,
];

describe('recordToJson', () => {
  it('writes the same text as JSON.stringify with the Date replacer', () => {
    for (const s of samples) expect(recordToJson(s)).toBe(reference(s));
  });

  it('round-trips dates, nested or not', () => {
    const rec = samples[4]!;
    expect(recordFromJson(recordToJson(rec))).toEqual(rec);
    expect(recordFromJson(recordToJson(samples[2]!))).toMatchObject({
      start_time: new Date(1_700_000_000_123),
    });
  });
});
