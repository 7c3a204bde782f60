// The compact fast path of decodeJsonRequest (src/wire/compact-json-request.ts) must answer exactly as the
// general reader does, or leave the request to it: checked against the general reader on the same text given
// as a string (which only the general reader reads), for generated envelopes whose members, values, order,
// spacing and trailing bytes include what the fast path must not take; and against JSON.parse.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compactJsonRequest } from '../../src/wire/compact-json-request.ts';
import { resolveLimits } from '../../src/wire/decode-limits.ts';
import { decodeJsonRequest, encodeJsonRequest, isWireError } from '../../src/wire/index.ts';

const LIMITS = resolveLimits(undefined);

function outcome(body: string | Uint8Array): unknown {
  try {
    return decodeJsonRequest(body);
  } catch (err) {
    return isWireError(err) ? { error: err.code, at: err.offset } : { thrown: String(err) };
  }
}

const str = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({
    unit: fc.constantFrom('a', 'Z', '0', ':', '-', ' ', '"', '\\', '\u0001', '\u007f', 'é', '\u2028', '/'),
    maxLength: 6,
  }),
  fc.constant('OpaqueRef:8cebc8c2-3cc2-4855-a5c6-7a31a335190a'),
);
/** A JSON string literal: mostly as JSON.stringify writes it, sometimes with a needless escape. */
const strLit = fc.oneof(
  str.map((s) => JSON.stringify(s)),
  str.map((s) => JSON.stringify(s).replace(/a/g, '\\u0061')),
);
const intLit = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-0', '01', '-', '1.5', '1e3', '2E1', '123456789012345', '1234567890123456'),
  fc.constantFrom('-999999999999999', '9007199254740993', '12345678901234567890123'),
);
const other = fc.constantFrom('null', 'true', '1.0', '{}', '{"a":"b"}', '[]', '[[]]', 'NaN', '"2.0"');
const member = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('"jsonrpc":"2.0"', '"jsonrpc":"1.0"', '"jsonrpc":2', '"jsonrpc":null'),
  },
  { weight: 3, arbitrary: strLit.map((m) => `"method":${m}`) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof({ weight: 4, arbitrary: strLit }, intLit, other), { maxLength: 4 })
      .map((ps) => `"params":[${ps.join(',')}]`),
  },
  { weight: 1, arbitrary: other.map((v) => `"params":${v}`) },
  { weight: 3, arbitrary: fc.oneof(intLit, strLit, other).map((v) => `"id":${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('"extra":1', '"id" :1', '"\\u0069d":1', '"":0') },
);
const space = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  ');
const envelope = fc
  .record({
    members: fc.array(member, { minLength: 0, maxLength: 6 }),
    gaps: fc.array(space, { minLength: 16, maxLength: 16 }),
    tail: fc.constantFrom('', '', ' ', '\n', 'x', ',', '}'),
    head: fc.constantFrom('', '', ' ', '\ufeff'),
  })
  .map(({ members, gaps, tail, head }) => {
    // Spaces around the separators; JSON-RPC's own ": " and ", " come from the gaps too.
    const g = (i: number): string => gaps[i % gaps.length]!;
    const spaced = members.map((m, i) => g(i) + m.replace(/":/, `"${g(i + 3)}:${g(i + 5)}`) + g(i + 7));
    return head + g(15) + '{' + spaced.join(',') + '}' + tail;
  });

/** The canonical members (the shape our client and XO send), shuffled, so the fast path is taken often. */
const canonical = fc
  .record({
    v2: fc.boolean(),
    method: str,
    params: fc.array(str, { maxLength: 4 }),
    id: fc.oneof(fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }), str),
    order: fc.constantFrom([0, 1, 2, 3], [3, 2, 1, 0], [1, 2, 3, 0], [2, 0, 3, 1]),
    gap: space,
  })
  .map(({ v2, method, params, id, order, gap }) => {
    const parts = [
      v2 ? '"jsonrpc":"2.0"' : '',
      `"method":${JSON.stringify(method)}`,
      `"params":[${params.map((p) => JSON.stringify(p)).join(',' + gap)}]`,
      `"id":${JSON.stringify(id)}`,
    ];
    const members = order.map((i) => parts[i]!).filter((m) => m !== '');
    return '{' + gap + members.join(',' + gap) + gap + '}';
  });

describe('compactJsonRequest', () => {
  test.prop([fc.oneof(envelope, canonical)], { numRuns: 600 })(
    'agrees with the general reader or leaves the request to it',
    (text) => {
      const bytes = Buffer.from(text, 'utf8');
      // The bytes' decoder drops a leading BOM (body-text.ts); the string is given as it decodes.
      const expected = outcome(text.replace(/^\ufeff/, ''));
      expect(outcome(bytes)).toEqual(expected);
      const fast = compactJsonRequest(bytes, LIMITS);
      if (fast !== undefined) {
        expect(fast).toEqual(expected);
        // And as a JSON parser nobody here wrote reads it.
        const parsed = JSON.parse(text) as { method: unknown; params: unknown; id: unknown };
        expect([fast.method, fast.params, fast.id]).toEqual([parsed.method, parsed.params, parsed.id]);
      }
    },
  );

  it("takes our encoder's requests and json.dumps's spacing", () => {
    const ours = encodeJsonRequest('2.0', 7, 'VM.get_record', ['OpaqueRef:s', 'OpaqueRef:v']);
    expect(compactJsonRequest(Buffer.from(ours), LIMITS)).toEqual({
      version: '2.0',
      id: 7,
      method: 'VM.get_record',
      params: ['OpaqueRef:s', 'OpaqueRef:v'],
    });
    const python = '{"jsonrpc": "2.0", "method": "session.logout", "params": ["OpaqueRef:s"], "id": "a1"}';
    expect(compactJsonRequest(Buffer.from(python), LIMITS)).toEqual({
      version: '2.0',
      id: 'a1',
      method: 'session.logout',
      params: ['OpaqueRef:s'],
    });
    const v1 = '{"method":"pool.get_all","params":["OpaqueRef:s"],"id":-0}';
    const got = compactJsonRequest(Buffer.from(v1), LIMITS);
    expect(got).toEqual({ version: '1.0', id: 0, method: 'pool.get_all', params: ['OpaqueRef:s'] });
    expect(Object.is(got?.id, 0)).toBe(true);
    const big = '{"id":999999999999999,"params":[],"method":"x","jsonrpc":"2.0"}';
    expect(compactJsonRequest(Buffer.from(big), LIMITS)?.id).toBe(999_999_999_999_999);
  });

  it('leaves every other shape to the general reader', () => {
    for (const body of [
      '{"jsonrpc":"2.0","method":"x","id":1}',
      '{"jsonrpc":"2.0","method":"x","params":{"a":"b"},"id":1}',
      '{"method":"x","params":["a\\nb"],"id":1}',
      '{"method":"x","params":["é"],"id":1}',
      '{"method":"x","params":[1],"id":1}',
      '{"method":"x","params":["a"],"id":1.0}',
      '{"method":"x","params":["a"],"id":1234567890123456}',
      '{"method":"x","params":["a"],"id":null}',
      '{"method":"x","params":["a"]}',
      '{"method":"x","params":["a"],"id":1,"id":2}',
      '{"method":"x","params":["a"],"id":1,"x":2}',
      '{"method":"x","paramz":["a"],"id":1}',
      '{"methoD":"x","params":["a"],"id":1}',
      '{"method":"x","params":["a"],"ie":1}',
      '{"jsonrpx":"2.0","method":"x","params":["a"],"id":1}',
      '{"jsonrpc":"1.0","method":"x","params":["a"],"id":1}',
      '{"method":"x","params":["a"],"id":1}x',
      '\ufeff{"method":"x","params":["a"],"id":1}',
    ]) {
      expect(compactJsonRequest(Buffer.from(body), LIMITS)).toBeUndefined();
    }
  });

  it('honours the limits as the general reader does', () => {
    const body = Buffer.from(encodeJsonRequest('2.0', 1, 'x', ['a', 'b']));
    // Four members and two parameters: six values.
    expect(compactJsonRequest(body, { ...LIMITS, maxValues: 5 })).toBeUndefined();
    expect(() => decodeJsonRequest(body, { maxValues: 5 })).toThrow(/more than 5 values/);
    expect(compactJsonRequest(body, { ...LIMITS, maxValues: 6 })).toBeDefined();
    expect(compactJsonRequest(body, { ...LIMITS, maxDepth: 1 })).toBeUndefined();
    expect(() => decodeJsonRequest(body, { maxDepth: 1 })).toThrow(/deeper than 1/);
    expect(compactJsonRequest(body, { ...LIMITS, maxBytes: body.length - 1 })).toBeUndefined();
    expect(() => decodeJsonRequest(body, { maxBytes: body.length - 1 })).toThrow(/exceeds/);
  });
});
