// What the learned-shape tests of both decoders share (struct-shapes.test.ts for XML-RPC, json-shapes.test.ts
// for JSON-RPC): records built member by member, the values they hold, and documents whose shapes share,
// extend and part from the ones read before them.
import fc from 'fast-check';
import type { WireValue } from '../../src/wire/index.ts';
import { arbitraryWireString } from '../../generators/values.ts';

/**
 * A record with `keys` in order, each value drawn from `values` by position. Each member is defined, not
 * assigned, so that `__proto__` is an own member, as the decoders make it.
 */
export function recordOf(keys: readonly string[], values: readonly WireValue[]): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  keys.forEach((k, i) =>
    Object.defineProperty(out, k, {
      value: values[i % values.length],
      enumerable: true,
      writable: true,
      configurable: true,
    }),
  );
  return out;
}

/** Member names: common XenAPI ones, `special` ones the format must escape or refuse to learn, any string. */
export function keyArbitrary(special: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('uuid', 'name_label', 'power_state', 'other_config', '__proto__', '', ...special),
    arbitraryWireString(true, 12),
  );
}

/** Values that survive both protocols' round trip exactly (doubles do not: xapi writes them with %.16g). */
export function valueArbitrary(keyArb: fc.Arbitrary<string>): fc.Arbitrary<WireValue> {
  const leafArb = fc.oneof(
    arbitraryWireString(true, 16),
    fc.boolean(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  );
  return fc.oneof(
    leafArb,
    fc.array(leafArb, { maxLength: 3 }),
    fc.dictionary(keyArb, leafArb, { maxKeys: 4, noNullPrototype: true }),
  );
}

/** A base shape, and edits of it: where to cut it, how many of its names to skip after, names of their own. */
export function shapeEditsArbitrary(
  keyArb: fc.Arbitrary<string>,
): fc.Arbitrary<[string[], [number, number, string[]][]]> {
  return fc.tuple(
    fc.uniqueArray(keyArb, { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.uniqueArray(keyArb, { maxLength: 6 })), {
      minLength: 1,
      maxLength: 8,
    }),
  );
}

/**
 * The names of each document: the base shape whole, then for each edit a prefix of it continued
 * differently (names of its own that are not in the kept prefix, then the rest of the base after a skip),
 * so that shapes share, extend and part.
 */
export function editedShapes(
  base: readonly string[],
  edits: readonly (readonly [number, number, readonly string[]])[],
): string[][] {
  return [[base.length, 0, []] as const, ...edits].map(([cut, skip, extra]) => {
    const kept = base.slice(0, cut % (base.length + 1));
    const rest = base.slice(kept.length + (skip % 3));
    return [...new Set([...kept, ...extra.filter((k) => !kept.includes(k)), ...rest])];
  });
}
