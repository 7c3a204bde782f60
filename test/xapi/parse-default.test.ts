import { describe, expect, it } from 'vitest';
import { NULL_REF, parseDefault, parseType, XapiDefaultSyntaxError } from '../../src/xapi/index.ts';

const d = (type: string, text: string): unknown => parseDefault(parseType(type), text);

describe('parseDefault (gen_json.ml string_of_default spellings)', () => {
  it('parses scalars', () => {
    expect(d('string', '""')).toBe('');
    expect(d('string', '"()"')).toBe('()');
    expect(d('int', '21474836480')).toBe(21474836480);
    expect(d('int', '-1')).toBe(-1);
    expect(d('float', '1.')).toBe(1);
    expect(d('float', '-1.')).toBe(-1);
    expect(d('bool', 'false')).toBe(false);
    expect(d('bool', 'true')).toBe(true);
    expect(d('datetime', '19700101T00:00:00Z')).toBe('19700101T00:00:00Z');
    expect(d('enum vm_power_state', 'Halted')).toBe('Halted');
    expect(d('enum bond_mode', 'balance-slb')).toBe('balance-slb');
  });

  it('maps the empty ref "Null" to the null ref', () => {
    expect(d('VM ref', 'Null')).toBe(NULL_REF);
    expect(d('VM ref', 'OpaqueRef:NULL')).toBe(NULL_REF);
  });

  it('parses sets and maps', () => {
    expect(d('string set', '{}')).toEqual([]);
    expect(d('int set', '{0}')).toEqual([0]);
    expect(d('role ref set', '{OpaqueRef:0165f154-ba3e-034e-6b27-5d271af109ba}')).toEqual([
      'OpaqueRef:0165f154-ba3e-034e-6b27-5d271af109ba',
    ]);
    expect(d('(string -> string) map', '{"address" -> "localhost", "port" -> "27000"}')).toEqual({
      address: 'localhost',
      port: '27000',
    });
    expect(d('(int -> int) map', '{1 -> 2, 3 -> 4}')).toEqual({ '1': 2, '3': 4 });
  });

  it('rejects text that does not fit the type', () => {
    for (const [type, text] of [
      ['int', 'x'],
      ['bool', '0'],
      ['string', 'abc'],
      ['string set', '{"a"'],
      ['(string -> string) map', '{"a": "b"}'],
      ['int', '1 2'],
      ['VM record', '{}'],
    ] as const)
      expect(() => d(type, text), `${type} ${text}`).toThrow(XapiDefaultSyntaxError);
  });
});
