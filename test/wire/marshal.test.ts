// toWire/fromWire: xapi's output conventions and input acceptance (SEMANTICS.md §2 Values), and the
// property fromWire(t, decode(encode(toWire(t, v)))) = v over both protocols, for a hand-picked list
// of type shapes and for every field type and message param/result type of the real schema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MarshalError,
  decodeJsonResponse,
  decodeResponse,
  encodeJsonResponse,
  encodeResponse,
  formatDouble,
  fromWire,
  toWire,
} from '../../src/wire/index.ts';
import type { MarshalOptions, Protocol, WireValue } from '../../src/wire/index.ts';
import { SCHEMA, formatType, parseType } from '../../src/xapi/index.ts';
import type { XapiJs, XapiType } from '../../src/xapi/index.ts';
import { arbitraryForType } from '../../generators/values.ts';

const OPTS: MarshalOptions = {
  recordFields: (cls) => SCHEMA.classes.get(cls)?.fields,
  enumValues: (name) => SCHEMA.enums.get(name),
};

/** Sends a typed value through the full path: toWire, encode, decode, fromWire. */
function roundTrip(t: XapiType, v: XapiJs, protocol: Protocol): XapiJs {
  const wire = toWire(t, v, protocol, OPTS);
  const back: WireValue =
    protocol === 'xmlrpc'
      ? unwrap(decodeResponse(encodeResponse({ ok: true, value: wire })))
      : unwrap(decodeJsonResponse(encodeJsonResponse('2.0', 1, { ok: true, value: wire })).response);
  return fromWire(t, back, OPTS);
}

function unwrap(r: { ok: boolean; value?: WireValue }): WireValue {
  if (!r.ok || r.value === undefined) throw new Error('expected success');
  return r.value;
}

/** XML-RPC carries floats as "%.16g" (xapi's lossy format); JSON-RPC carries them exactly. */
function expected(t: XapiType, v: XapiJs, protocol: Protocol): XapiJs {
  if (protocol === 'jsonrpc') return v;
  switch (t.kind) {
    case 'float':
      return Number.isNaN(v) ? NaN : Number(formatDouble(v as number).replace('inf', 'Infinity'));
    case 'option':
      return expected(t.of, v, protocol);
    case 'set':
      return (v as readonly XapiJs[]).map((x) => expected(t.of, x, protocol));
    case 'map': {
      const out: Record<string, XapiJs> = {};
      for (const [k, x] of Object.entries(v as Record<string, XapiJs>))
        out[k] = expected(t.value, x, protocol);
      return out;
    }
    case 'record': {
      const fields = SCHEMA.classes.get(t.cls)?.fieldByName;
      const out: Record<string, XapiJs> = {};
      for (const [k, x] of Object.entries(v as Record<string, XapiJs>)) {
        const f = fields?.get(k);
        out[k] = f === undefined ? x : expected(f.type, x, protocol);
      }
      return out;
    }
    default:
      return v;
  }
}

const SHAPES = [
  'string',
  'int',
  'float',
  'bool',
  'datetime',
  'VM ref',
  'enum vm_power_state',
  'string set',
  'int set',
  'float set',
  'datetime set',
  'enum vm_operations set',
  '(string -> string) map',
  '(string -> int) map',
  '(int -> string) map',
  '(VM ref -> string) map',
  '(enum vm_operations -> string) map',
  '(string -> enum vm_operations) map',
  '(string -> (string -> int) map) map',
  '(VM ref -> (string -> string) map) map',
  '(string -> float set) map',
  'string option',
  'VM ref option',
  'task record',
  'VIF record',
  'VM record',
];

function checkType(t: XapiType, runs: number): void {
  for (const protocol of ['xmlrpc', 'jsonrpc'] as const) {
    fc.assert(
      fc.property(arbitraryForType(t, OPTS), (v) => {
        expect(roundTrip(t, v, protocol)).toEqual(expected(t, v, protocol));
      }),
      { numRuns: runs },
    );
  }
}

describe('marshal round trip', () => {
  for (const text of SHAPES) {
    it(`${text}`, () => checkType(parseType(text), text.endsWith('record') ? 15 : 60));
  }

  it('every field type, param type and result type in the schema', () => {
    const types = new Map<string, XapiType>();
    for (const c of SCHEMA.classes.values()) {
      for (const f of c.fields) types.set(formatType(f.type), f.type);
      for (const m of c.messages.values()) {
        for (const p of m.params) types.set(formatType(p.type), p.type);
        types.set(formatType(m.result), m.result);
      }
    }
    expect(types.size).toBeGreaterThan(50);
    for (const t of types.values()) checkType(t, t.kind === 'record' ? 3 : 10);
  });

  it('every class record (all fields of every class)', () => {
    for (const cls of SCHEMA.classes.keys()) checkType({ kind: 'record', cls }, 3);
  });
});

describe('toWire: xapi output conventions', () => {
  it('ints: decimal strings for XML-RPC, bigints for JSON-RPC, all digits beyond 1e21', () => {
    const int = parseType('int');
    expect(toWire(int, 4294967296, 'xmlrpc')).toBe('4294967296');
    expect(toWire(int, -5, 'jsonrpc')).toBe(-5n);
    expect(toWire(int, 2 ** 62, 'xmlrpc')).toBe('4611686018427387904');
    expect(() => toWire(int, 1.5, 'xmlrpc')).toThrow(MarshalError);
  });

  it('records: absent options omitted, undeclared members passed through', () => {
    const fields = [
      { name: 'a', type: parseType('int') },
      { name: 'b', type: parseType('string option') },
    ];
    const o: MarshalOptions = { recordFields: () => fields };
    expect(toWire({ kind: 'record', cls: 'X' }, { a: 1 }, 'xmlrpc', o)).toEqual({ a: '1' });
    expect(toWire({ kind: 'record', cls: 'X' }, { a: 1, b: 's', extra: 'e' }, 'xmlrpc', o)).toEqual({
      a: '1',
      b: 's',
      extra: 'e',
    });
  });

  it('does not check enum values on the way out (suites send bad ones on purpose)', () => {
    expect(toWire(parseType('enum vm_power_state'), 'bogus', 'xmlrpc', OPTS)).toBe('bogus');
  });
});

describe('fromWire: what xapi accepts', () => {
  const int = parseType('int');
  const float = parseType('float');

  it('int from bigint or an OCaml Int64.of_string literal', () => {
    expect(fromWire(int, 42n)).toBe(42);
    expect(fromWire(int, '-17')).toBe(-17);
    expect(fromWire(int, '0x1F')).toBe(31);
    expect(fromWire(int, '-0b101')).toBe(-5);
    expect(fromWire(int, '1_000')).toBe(1000);
    expect(fromWire(int, '9223372036854775807')).toBe(2 ** 63); // nearest double of int64 max
    for (const bad of ['', '1.5', 'abc', ' 1', '9223372036854775808', true, 1.5] as WireValue[]) {
      expect(() => fromWire(int, bad)).toThrow(MarshalError);
    }
  });

  it('float from number, int or string', () => {
    expect(fromWire(float, 1.5)).toBe(1.5);
    expect(fromWire(float, 3n)).toBe(3);
    expect(fromWire(float, '2.5e3')).toBe(2500);
    expect(fromWire(float, 'nan')).toBeNaN();
    expect(() => fromWire(float, true)).toThrow(MarshalError);
  });

  it('bool only as a boolean', () => {
    expect(fromWire(parseType('bool'), false)).toBe(false);
    for (const bad of ['true', 1n, 'false', 0] as WireValue[])
      expect(() => fromWire(parseType('bool'), bad)).toThrow(MarshalError);
  });

  it('datetime as Date or a datetime string', () => {
    const d = new Date('2025-03-19T04:16:24Z');
    expect(fromWire(parseType('datetime'), d)).toBe(d);
    expect(fromWire(parseType('datetime'), '20250319T04:16:24Z')).toEqual(d);
    expect(fromWire(parseType('datetime'), '2025-03-19T04:16:24Z')).toEqual(d);
    expect(() => fromWire(parseType('datetime'), 'yesterday')).toThrow(MarshalError);
  });

  it('enums case-insensitively, canonicalised; unknown values rejected with the path', () => {
    const t = parseType('(string -> enum vm_power_state) map');
    expect(fromWire(t, { a: 'RUNNING', b: 'halted' }, OPTS)).toEqual({ a: 'Running', b: 'Halted' });
    try {
      fromWire(t, { a: 'Running', b: 'exploded' }, OPTS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MarshalError);
      const m = e as MarshalError;
      expect(m.path).toBe('.b');
      expect(m.expected).toBe('enum vm_power_state');
      expect(m.got).toContain('exploded');
    }
  });

  it('records: nested path in errors, missing fields, partial records, unknown members', () => {
    const vm = { kind: 'record', cls: 'VM' } as const;
    const good = fromWire(vm, toWire(vm, sampleVm(), 'xmlrpc', OPTS), OPTS) as Record<string, XapiJs>;
    expect(good['memory_static_max']).toBe(4294967296);
    const wire = toWire(vm, sampleVm(), 'xmlrpc', OPTS) as Record<string, WireValue>;
    const bad = { ...wire, other_config: { k: 5n } };
    expect(() => fromWire(vm, bad, OPTS)).toThrow(/\.other_config\.k: expected string, got int 5/);
    const { name_label: _dropped, ...missing } = wire;
    expect(() => fromWire(vm, missing, OPTS)).toThrow(/\.name_label/);
    expect(
      (fromWire(vm, missing, { ...OPTS, partialRecords: true }) as Record<string, XapiJs>)['name_label'],
    ).toBeUndefined();
    const extra = { ...wire, future_field: 7n };
    expect((fromWire(vm, extra, OPTS) as Record<string, XapiJs>)['future_field']).toBe(7);
    expect(() => fromWire(vm, extra, { ...OPTS, unknownFields: 'error' })).toThrow(/future_field/);
    expect(fromWire(vm, extra, { ...OPTS, unknownFields: 'drop' })).not.toHaveProperty('future_field');
  });

  it('a record without a resolver is a clear MarshalError', () => {
    expect(() => fromWire({ kind: 'record', cls: 'VM' }, {})).toThrow(/recordFields/);
  });

  it('void only as ""', () => {
    expect(fromWire(parseType('void'), '')).toBe('');
    expect(() => fromWire(parseType('void'), 'x')).toThrow(MarshalError);
  });
});

function sampleVm(): XapiJs {
  const [v] = fc.sample(arbitraryForType({ kind: 'record', cls: 'VM' }, OPTS), { numRuns: 1, seed: 7 });
  return { ...(v as Record<string, XapiJs>), memory_static_max: 4294967296 };
}
