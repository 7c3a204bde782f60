import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatType, parseType, SCHEMA_JSON, XapiTypeSyntaxError } from '../../src/xapi/index.ts';
import type { XapiType } from '../../src/xapi/index.ts';

function allTypeStrings(): Set<string> {
  const out = new Set<string>();
  for (const c of SCHEMA_JSON.classes) {
    for (const f of c.fields) out.add(f.type);
    for (const m of c.messages) {
      out.add(m.result);
      for (const p of m.params) out.add(p.type);
    }
  }
  return out;
}

describe('parseType', () => {
  it('round-trips every type string of the datamodel through formatType', () => {
    const types = allTypeStrings();
    expect(types.size).toBeGreaterThan(300);
    for (const t of types) expect(formatType(parseType(t))).toBe(t);
  });

  it('parses nested maps, sets, options and enums', () => {
    expect(parseType('(VM ref -> (string -> string) map) map')).toEqual({
      kind: 'map',
      key: { kind: 'ref', cls: 'VM' },
      value: { kind: 'map', key: { kind: 'string' }, value: { kind: 'string' } },
    });
    expect(parseType('enum vm_operations set')).toEqual({
      kind: 'set',
      of: { kind: 'enum', name: 'vm_operations' },
    });
    expect(parseType('(string -> enum vm_operations) map')).toEqual({
      kind: 'map',
      key: { kind: 'string' },
      value: { kind: 'enum', name: 'vm_operations' },
    });
    expect(parseType('sr_stat record option')).toEqual({
      kind: 'option',
      of: { kind: 'record', cls: 'sr_stat' },
    });
    expect(parseType('string set set')).toEqual({ kind: 'set', of: { kind: 'set', of: { kind: 'string' } } });
    expect(parseType('datetime')).toEqual({ kind: 'datetime' });
  });

  it('keeps the informal spellings as opaque', () => {
    expect(parseType('<class> record')).toEqual({ kind: 'opaque', text: '<class> record' });
    expect(parseType('an event batch')).toEqual({ kind: 'opaque', text: 'an event batch' });
  });

  it('rejects malformed type strings with a typed error', () => {
    for (const bad of [
      '',
      'VM',
      'VM reference',
      '(string -> string)',
      '(string string) map',
      'enum',
      'int int',
      'VM ref )',
    ])
      expect(() => parseType(bad), bad).toThrow(XapiTypeSyntaxError);
  });

  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/).filter((n) => n !== 'enum');
  const typeArb: fc.Arbitrary<XapiType> = fc.letrec<{ t: XapiType }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<XapiType>(
        { kind: 'string' },
        { kind: 'int' },
        { kind: 'float' },
        { kind: 'bool' },
        { kind: 'datetime' },
        { kind: 'void' },
      ),
      name.map((cls): XapiType => ({ kind: 'ref', cls })),
      name.map((cls): XapiType => ({ kind: 'record', cls })),
      name.map((n): XapiType => ({ kind: 'enum', name: n })),
      tie('t').map((of): XapiType => ({ kind: 'set', of })),
      tie('t').map((of): XapiType => ({ kind: 'option', of })),
      fc.tuple(tie('t'), tie('t')).map(([key, value]): XapiType => ({ kind: 'map', key, value })),
    ),
  })).t;

  fcTest.prop([typeArb], { numRuns: 300 })('parseType(formatType(t)) equals t', (t) => {
    expect(parseType(formatType(t))).toEqual(t);
  });
});
