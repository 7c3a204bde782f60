// fast-check arbitraries for wire values and for typed XAPI values of any schema type.
// Used by the codec's round-trip properties (test/wire) and by suites that need valid field values.
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { WireValue } from '../src/wire/value.ts';
import { isXmlChar } from '../src/wire/xml-char.ts';
import type { XapiJs, XapiType } from '../src/xapi/types.ts';

export interface WireValueOptions {
  /**
   * Only strings that XML 1.0 can carry exactly (no C0 controls other than TAB/LF/CR, no lone
   * surrogates, no U+FFFE/U+FFFF). Default true; false also yields strings the XML encoder must
   * sanitise (dropped controls, U+FFFD for lone surrogates).
   */
  readonly xmlSafe?: boolean;
  /** Include NaN, ±Infinity and -0 among doubles. Default true. */
  readonly nonFinite?: boolean;
  /** Maximum nesting of arrays/structs. Default 4. */
  readonly maxDepth?: number;
}

// Characters that stress an XML or JSON codec, mixed into otherwise ordinary text.
const SPECIALS = [
  '&',
  '<',
  '>',
  '"',
  "'",
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' ',
  ']]>',
  '&amp;',
  '<!--',
  '\\',
  '/',
  'é',
  '€',
  '😀',
  '\u2028',
  '\u00a0',
];
const KEYS = ['__proto__', 'constructor', 'toString', 'Status', 'Value', ''];

/** A string arbitrary; see WireValueOptions.xmlSafe. */
export function arbitraryWireString(xmlSafe = true, maxLength = 24): Arbitrary<string> {
  const units: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 12 },
    { arbitrary: fc.constantFrom(...SPECIALS), weight: 3 },
    {
      arbitrary: fc
        .integer({ min: 0, max: 0x10ffff })
        .filter((cp) => isXmlChar(cp) && (cp < 0xd800 || cp > 0xdfff))
        .map((cp) => String.fromCodePoint(cp)),
      weight: 2,
    },
  ];
  if (!xmlSafe) {
    units.push({
      arbitrary: fc.constantFrom(
        '\u0000',
        '\u0001',
        '\u001f',
        '\u000b',
        '\ud800',
        '\udfff',
        '\ufffe',
        '\uffff',
        '\u0008',
      ),
      weight: 2,
    });
  }
  return fc.string({ unit: fc.oneof(...units), maxLength });
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Dates the wire formats carry exactly: whole seconds, years 0000-9999, UTC. */
function arbitraryWireDate(): Arbitrary<Date> {
  return fc
    .integer({ min: -62_167_219_200, max: 253_402_300_799 }) // 0000-01-01 .. 9999-12-31T23:59:59
    .map((s) => new Date(s * 1000));
}

export function arbitraryWireDouble(nonFinite = true): Arbitrary<number> {
  return fc.oneof(
    fc
      .double({ noNaN: !nonFinite, noDefaultInfinity: !nonFinite })
      .filter((x) => nonFinite || !Object.is(x, -0)),
    fc.constantFrom(0.1, 1, 1.5, 100, 1e16, 1e-5, 123456.789, 4294967296.5),
  );
}

/** Any WireValue: strings, int64 bigints, doubles, booleans, dates, arrays and structs. */
export function arbitraryWireValue(options: WireValueOptions = {}): Arbitrary<WireValue> {
  const xmlSafe = options.xmlSafe ?? true;
  const maxDepth = options.maxDepth ?? 4;
  const str = arbitraryWireString(xmlSafe);
  const scalar: Arbitrary<WireValue> = fc.oneof(
    { arbitrary: str, weight: 4 },
    { arbitrary: fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), weight: 2 },
    { arbitrary: fc.bigInt({ min: -(2n ** 31n), max: 2n ** 31n - 1n }), weight: 1 },
    { arbitrary: arbitraryWireDouble(options.nonFinite ?? true), weight: 2 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: arbitraryWireDate(), weight: 1 },
  );
  const key = fc.oneof({ arbitrary: str, weight: 5 }, { arbitrary: fc.constantFrom(...KEYS), weight: 1 });
  const { value } = fc.letrec<{ value: WireValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth },
      { arbitrary: scalar, weight: 3 },
      { arbitrary: fc.array(tie('value'), { maxLength: 5 }), weight: 1 },
      { arbitrary: fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }), weight: 1 },
    ),
  }));
  return value;
}

export interface TypedValueOptions {
  /** Values of an enum (e.g. from SCHEMA.enums); without it enums get arbitrary strings. */
  readonly enumValues?: (name: string) => readonly string[] | undefined;
  /** Fields of a class's record (e.g. from SCHEMA.classes); required for record types. */
  readonly recordFields?: (
    cls: string,
  ) => ReadonlyArray<{ readonly name: string; readonly type: XapiType }> | undefined;
  /** Collection sizes. Default 4. */
  readonly maxLength?: number;
}

const REF = fc.oneof(
  { arbitrary: fc.uuid().map((u) => `OpaqueRef:${u}`), weight: 5 },
  { arbitrary: fc.constant('OpaqueRef:NULL'), weight: 1 },
);

/** Integers that survive XapiJs's number representation: int64 values exactly representable as doubles. */
function arbitraryXapiInt(): Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.integer(), weight: 4 },
    { arbitrary: fc.maxSafeInteger(), weight: 2 },
    { arbitrary: fc.constantFrom(0, -1, 2 ** 53, 2 ** 62, -(2 ** 63), 4294967296, 17179869184), weight: 1 },
  );
}

/** An arbitrary of the typed JS value (XapiJs) of `type`. */
export function arbitraryForType(type: XapiType, options: TypedValueOptions = {}): Arbitrary<XapiJs> {
  const maxLength = options.maxLength ?? 4;
  switch (type.kind) {
    case 'string':
      return arbitraryWireString(true);
    case 'int':
      return arbitraryXapiInt();
    case 'float':
      return arbitraryWireDouble(true);
    case 'bool':
      return fc.boolean();
    case 'datetime':
      return arbitraryWireDate();
    case 'void':
      return fc.constant('');
    case 'ref':
      return REF;
    case 'enum':
      return arbitraryEnum(type.name, options);
    case 'set':
      return fc.array(arbitraryForType(type.of, options), { maxLength });
    case 'map':
      return fc.dictionary(arbitraryMapKey(type.key, options), arbitraryForType(type.value, options), {
        maxKeys: maxLength,
        noNullPrototype: true,
      });
    case 'option':
      return arbitraryForType(type.of, options);
    case 'record':
      return arbitraryRecord(type.cls, options);
    case 'opaque':
      return arbitraryWireString(true);
    default:
      return fc.constant('');
  }
}

/** One of the enum's values, or a short string where the schema gives none. */
function arbitraryEnum(name: string, options: TypedValueOptions): Arbitrary<string> {
  const values = options.enumValues?.(name);
  return values !== undefined && values.length > 0
    ? fc.constantFrom(...values)
    : arbitraryWireString(true, 12);
}

/** Map keys travel as strings (SEMANTICS.md §2 Values: "keys stringified"). */
function arbitraryMapKey(t: XapiType, options: TypedValueOptions): Arbitrary<string> {
  switch (t.kind) {
    case 'int':
      return arbitraryXapiInt().map((n) => (Number.isSafeInteger(n) ? String(n) : BigInt(n).toString()));
    case 'ref':
      return REF;
    case 'enum':
      return arbitraryEnum(t.name, options);
    default:
      return arbitraryWireString(true, 12);
  }
}

function arbitraryRecord(cls: string, options: TypedValueOptions): Arbitrary<XapiJs> {
  const fields = options.recordFields?.(cls);
  if (fields === undefined) throw new Error(`arbitraryForType: no recordFields for class '${cls}'`);
  const model: Record<string, Arbitrary<XapiJs>> = {};
  const required: string[] = [];
  for (const f of fields) {
    model[f.name] = arbitraryForType(f.type, options);
    if (f.type.kind !== 'option') required.push(f.name);
  }
  return fc.record(model, { requiredKeys: required, noNullPrototype: true });
}
