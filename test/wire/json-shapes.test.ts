// The JSON-RPC reader's learned object shapes (src/wire/struct-shapes.ts with JSON_SPELLING, used by
// src/wire/json-reader.ts) change how an object is read, never what it decodes to: documents whose objects
// share, extend, reorder and break the shapes read before them, written compactly or pretty-printed, and
// with names escaped where a writer may, must decode to exactly the value written.
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJsonResponse, WireError } from '../../src/wire/index.ts';
import type { WireValue } from '../../src/wire/index.ts';
import { JSON_SPELLING, ShapeTrie } from '../../src/wire/struct-shapes.ts';
import { editedShapes, keyArbitrary, recordOf, shapeEditsArbitrary, valueArbitrary } from './shape-cases.ts';

// %HasFastProperties is V8's own answer to "is this object a dictionary"; the flag only lets this file's
// new Function use it.
setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the only way to reach a V8 intrinsic
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

/** How the test writes a document: xapi's compact form, Python's json.dumps(indent=2), or every name escaped. */
type Style = 'compact' | 'pretty' | 'escaped';

/** A name as a writer may legally spell it: JSON.stringify's form, or each character as a \u escape. */
function nameText(key: string, style: Style): string {
  if (style !== 'escaped') return JSON.stringify(key);
  // Code units, not code points: a character outside the BMP is two escapes (RFC 8259 §7).
  let out = '';
  for (let i = 0; i < key.length; i++) out += `\\u${key.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return `"${out}"`;
}

/** The test's own JSON writer (JSON.stringify has no bigint), so that the reader is checked against it. */
function write(v: WireValue, style: Style, indent = ''): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || v instanceof Date) throw new Error('not written by this test');
  const inner = `${indent}  `;
  const [open, sep, colon, close] =
    style === 'pretty' ? [`\n${inner}`, `,\n${inner}`, ': ', `\n${indent}`] : ['', ',', ':', ''];
  if (Array.isArray(v)) {
    const items = v as readonly WireValue[];
    if (items.length === 0) return '[]';
    return `[${open}${items.map((x) => write(x, style, inner)).join(sep)}${close}]`;
  }
  const obj = v as Readonly<Record<string, WireValue>>;
  const keys = Object.keys(obj);
  if (keys.length === 0) return '{}';
  const members = keys.map((k) => `${nameText(k, style)}${colon}${write(obj[k]!, style, inner)}`);
  return `{${open}${members.join(sep)}${close}}`;
}

function decode(body: string): WireValue {
  const r = decodeJsonResponse(body).response;
  if (!r.ok) throw new Error(`a success was decoded as a failure: ${r.code}`);
  return r.value;
}

/** The WireError a body is refused with (its code and message), or a test failure when it decodes. */
function failure(body: string): { code: string; message: string } {
  try {
    decode(body);
  } catch (err) {
    if (err instanceof WireError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error(`decoded: ${body}`);
}

const response = (value: string): string => `{"jsonrpc":"2.0","result":${value},"id":1}`;

const keyArb = keyArbitrary(['a"b', 'a\\b', 'tab\there', '/']);
const valueArb = valueArbitrary(keyArb);

describe('learned JSON object shapes', () => {
  it('decode to exactly the value written, whatever shapes were learned before', () => {
    fc.assert(
      fc.property(
        shapeEditsArbitrary(keyArb),
        fc.array(valueArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Style>('compact', 'pretty', 'escaped'),
        ([base, edits], values, style) => {
          // Each document is read twice, the second time along what the first taught.
          for (const keys of editedShapes(base, edits)) {
            const value = recordOf(keys, values);
            expect(decode(response(write(value, style)))).toStrictEqual(value);
            expect(decode(response(write(value, 'compact')))).toStrictEqual(value);
            expect(decode(response(write(value, style)))).toStrictEqual(value);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('still refuse a duplicate name that follows a learned shape', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { minLength: 2, maxLength: 30 }), fc.nat(), (keys, pick) => {
        const text = write(recordOf(keys, ['v']), 'compact');
        decode(response(text)); // learn it
        const dup = keys[pick % keys.length]!;
        const twice = `${text.slice(0, -1)},${JSON.stringify(dup)}:"again"}`;
        expect(() => decode(response(twice))).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
      }),
      { numRuns: 100 },
    );
  });

  it('refuse a learned name without its colon, as an unlearned one', () => {
    decode(response('{"first":"1","second":"2"}'));
    const refusals = [
      ['{"first";"1","second":"2"}', "expected ':'"],
      ['{"first" "1"}', "expected ':'"],
      ['{"first":"1","second"}', "expected ':'"],
      ['{"first":"1" "second":"2"}', "expected ',' or '}'"],
    ] as const;
    for (const [body, why] of refusals) {
      const f = failure(response(body));
      expect(f.code).toBe('MALFORMED_JSON');
      expect(f.message.endsWith(`: ${why}`)).toBe(true);
    }
  });

  it('give a long record read along its learned shape fast properties', () => {
    const keys = Array.from({ length: 92 }, (_, i) => `json_record_field_${i}`);
    const text = `{${keys.map((k, i) => `"${k}":${i % 2 ? 'true' : '"x"'}`).join(',')}}`;
    const first = decode(response(text));
    const again = decode(response(text)) as Record<string, WireValue>;
    expect(again).toStrictEqual(first);
    expect(Object.keys(again)).toEqual(keys);
    // Without the learned template, 92 computed-key stores make a dictionary.
    expect(hasFastProperties(again)).toBe(true);
  });

  it('never learn the prototype key or a name a writer must escape', () => {
    const trie = new ShapeTrie(JSON_SPELLING);
    for (const bad of ['__proto__', 'a"b', 'a\\b', 'new\nline', '\u0000'])
      expect(trie.learn(trie.root, ['a', bad])).toBeUndefined();
    expect(trie.size).toBe(1);
    expect(trie.learn(trie.root, ['a', 'b/c', 'é'])?.depth).toBe(3);
    expect(trie.root.names).toEqual(['"a"']);
    // Past 8 shapes the root reads the name and looks it up: an escaped quote ends no learned name.
    for (let i = 0; i < 12; i++) trie.learn(trie.root, [`k${i}`]);
    expect(trie.root.keys[trie.root.match('"k9":1', 0)]).toBe('k9');
    expect(trie.root.match('"k9\\"":1', 0)).toBe(-1);
    expect(trie.root.match('k9":1', 0)).toBe(-1);
  });
});
