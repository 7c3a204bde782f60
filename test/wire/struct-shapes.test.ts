// The decoder's learned struct shapes (src/wire/struct-shapes.ts) change how a struct is read, never what
// it decodes to: each property below decodes documents whose structs share, extend, reorder and break
// the shapes read before them, and checks every result against the value that was encoded.
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeResponse, decodeValue, encodeValue } from '../../src/wire/index.ts';
import type { WireValue } from '../../src/wire/index.ts';
import { ShapeNode, ShapeTrie } from '../../src/wire/struct-shapes.ts';
import { editedShapes, keyArbitrary, recordOf, shapeEditsArbitrary, valueArbitrary } from './shape-cases.ts';

// %HasFastProperties is V8's own answer to "is this object a dictionary"; the flag only lets this file's
// new Function use it.
setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the only way to reach a V8 intrinsic
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

/** What Python's xmlrpc.client writes: a newline after each start tag and each member. */
function pretty(xml: string): string {
  return xml.replace(/<(member|struct|array|data)>/g, '<$1>\n').replace(/<\/(member|value)>/g, '</$1>\n');
}

const keyArb = keyArbitrary(['a&b', 'x<y', 'p>q']);
const valueArb = valueArbitrary(keyArb);

describe('learned struct shapes', () => {
  it('decode to exactly the encoded value, whatever shapes were learned before', () => {
    fc.assert(
      fc.property(
        shapeEditsArbitrary(keyArb),
        fc.array(valueArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        ([base, edits], values, prettyPrint) => {
          for (const keys of editedShapes(base, edits)) {
            const value = recordOf(keys, values);
            const xml = encodeValue(value);
            expect(decodeValue(prettyPrint ? pretty(xml) : xml)).toStrictEqual(value);
            // The same document again, now along its learned shape.
            expect(decodeValue(xml)).toStrictEqual(value);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('still refuse a duplicate name that follows a learned shape', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { minLength: 2, maxLength: 30 }), fc.nat(), (keys, pick) => {
        const value = recordOf(keys, ['v']);
        const xml = encodeValue(value);
        decodeValue(xml); // learn it
        const dup = keys[pick % keys.length]!;
        const member = encodeValue(recordOf([dup], ['again'])).slice(
          '<value><struct>'.length,
          -'</struct></value>'.length,
        );
        const end = xml.lastIndexOf('</struct></value>');
        const twice = xml.slice(0, end) + member + xml.slice(end);
        expect(twice).not.toBe(xml);
        expect(() => decodeValue(twice)).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
      }),
      { numRuns: 100 },
    );
  });

  it('give a long record read along its learned shape fast properties', () => {
    // The XML is written by hand: an object built with these names (structOf's defineProperty) would lay
    // the very map transitions the template is there to provide.
    const keys = Array.from({ length: 92 }, (_, i) => `long_record_field_${i}`);
    const members = keys.map(
      (k, i) => `<member><name>${k}</name><value>${i % 2 ? '<boolean>1</boolean>' : 'x'}</value></member>`,
    );
    const xml = `<methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name><value><struct>${members.join('')}</struct></value></member></struct></value></param></params></methodResponse>`;
    const first = decodeResponse(xml);
    const again = decodeResponse(xml);
    expect(again).toStrictEqual(first);
    if (!again.ok) throw new Error('a success was decoded as a failure');
    const record = again.value as Record<string, WireValue>;
    expect(Object.keys(record)).toEqual(keys);
    // Without the learned template, 92 computed-key stores make a dictionary (the first decode's result).
    expect(hasFastProperties(record)).toBe(true);
  });

  it('put each value on its own name in a long record whose names include index-like ones', () => {
    // JavaScript lists index-like names ("7") first, whatever their order on the wire; the values must
    // still land on their own names.
    const keys = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? String(100 - i) : `mixed_${i}`));
    const members = keys.map((k, i) => `<member><name>${k}</name><value>v${i}</value></member>`);
    const xml = `<value><struct>${members.join('')}</struct></value>`;
    const want = Object.fromEntries(keys.map((k, i) => [k, `v${i}`]));
    for (let n = 0; n < 3; n++) expect(decodeValue(xml)).toStrictEqual(want);
  });

  it('never learn the prototype key or a name the writer must escape', () => {
    const trie = new ShapeTrie();
    expect(trie.learn(trie.root, ['a', '__proto__'])).toBeUndefined();
    expect(trie.learn(trie.root, ['a', 'b&c'])).toBeUndefined();
    expect(trie.learn(trie.root, ['x<y'])).toBeUndefined();
    expect(trie.size).toBe(1);
    const end = trie.learn(trie.root, ['a', 'b']);
    expect(end?.depth).toBe(2);
    expect(trie.root.names).toEqual(['<name>a</name>']);
    expect(trie.learn(trie.root, ['a', 'b'])).toBe(end);
    expect(trie.size).toBe(3);
  });

  it('find each of many shapes after one node, skip maps keyed by references, start again when full', () => {
    const trie = new ShapeTrie();
    const text = (i: number): string => `xx<name>k${i}</name>`;
    for (let i = 0; i < 8; i++) expect(trie.learn(trie.root, [`k${i}`, 'tail'])).toBeInstanceOf(ShapeNode);
    // Up to 8 shapes a node tries each; past 8 it looks the name up: both must find the same child.
    const tried = Array.from({ length: 8 }, (_, i) => trie.root.match(text(i), 2));
    expect(tried).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trie.root.match(text(8), 2)).toBe(-1);
    for (let i = 8; i < 40; i++) expect(trie.learn(trie.root, [`k${i}`, 'tail'])).toBeInstanceOf(ShapeNode);
    expect(Array.from({ length: 8 }, (_, i) => trie.root.match(text(i), 2))).toEqual(tried);
    for (let i = 0; i < 40; i++) {
      const text = `xx<name>k${i}</name><name>tail</name>`;
      const j = trie.root.match(text, 2);
      expect(trie.root.keys[j]).toBe(`k${i}`);
      expect(trie.root.next[j]!.match(text, 2 + `<name>k${i}</name>`.length)).toBe(0);
    }
    expect(trie.root.match('<name>k40</name>', 0)).toBe(-1);
    expect(trie.root.match('<name>k1</name >', 0)).toBe(-1);
    expect(trie.root.match('<name>k1', 0)).toBe(-1);
    expect(trie.size).toBe(81);
    // A map keyed by references (get_all_records) is no shape: it is not learned, and the trie keeps what it had.
    const refs = Array.from({ length: 600 }, (_, i) => `OpaqueRef:${i}`);
    expect(trie.learn(trie.root, refs)).toBeUndefined();
    expect(trie.size).toBe(81);
    const before = trie.root;
    // Shapes of 500 names each, all different: the ninth passes 4,096 nodes and empties the trie.
    const results = Array.from({ length: 9 }, (_, n) =>
      trie.learn(
        trie.root,
        Array.from({ length: 500 }, (_, i) => `s${n}_${i}`),
      ),
    );
    expect(results.slice(0, 8).every((r) => r instanceof ShapeNode)).toBe(true);
    expect(results[8]).toBeUndefined();
    expect(trie.root).not.toBe(before);
    expect(trie.size).toBe(1);
  });
});
