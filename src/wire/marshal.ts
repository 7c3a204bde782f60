// Schema-directed conversion between typed XAPI values (XapiJs, src/xapi/types.ts) and wire values,
// following xapi's conventions (SEMANTICS.md §2 Values; mirage/ocaml-rpc src/lib/rpc.ml *_of_rpc).
//
// toWire (what xapi sends):
// - int -> decimal string for XML-RPC (xapi sends ints untyped), bigint for JSON-RPC (a JSON number)
// - float -> number; bool -> boolean; datetime -> Date; string/ref/enum -> string; void -> ""
// - set -> array; map -> struct (keys are already strings in XapiJs); record -> struct keyed by
//   field name, absent (undefined) fields omitted (option None is omitted, gen_api.ml gen_record_type)
// - enum values are NOT checked on the way out: conformance suites deliberately send bad ones.
//
// fromWire (what xapi accepts):
// - int <- bigint or an int64 string (OCaml Int64.of_string syntax, parse-int64.ts)
// - float <- number, bigint or a float string; bool <- boolean only; datetime <- Date or string
// - enum <- string, case-insensitively mapped to the canonical value when options.enumValues is
//   given (ppx_deriving_rpc lowercases); without a resolver the string is kept as sent
// - record <- struct; with options.recordFields. Missing non-option fields are an error unless
//   options.partialRecords (X.create, where defaults fill the gaps, gen_server.ml from_ctor_record);
//   unknown members are kept (converted untyped) unless options.unknownFields says otherwise.
// XapiJs ints are JS numbers: values beyond 2^53 lose precision (the XapiJs contract, types.ts).
import { MarshalError } from './marshal-error.ts';
import { parseFloatText, parseInt64 } from './parse-int64.ts';
import { parseXapiDateTime } from './xapi-datetime.ts';
import { formatType } from '../xapi/format-type.ts';
import type { WireValue } from './value.ts';
import type { XapiJs, XapiType } from '../xapi/types.ts';

export type Protocol = 'xmlrpc' | 'jsonrpc';

export interface RecordField {
  readonly name: string;
  readonly type: XapiType;
}

export type RecordFieldsResolver = (cls: string) => ReadonlyArray<RecordField> | undefined;
export type EnumValuesResolver = (name: string) => readonly string[] | undefined;

export interface MarshalOptions {
  /** The protocol the value came from or goes to (informational for fromWire; both are accepted). */
  readonly protocol?: Protocol;
  /** Field list of a class's record; needed for `record` types. */
  readonly recordFields?: RecordFieldsResolver;
  /** Values of an enum; enables case-insensitive canonicalisation and checking in fromWire. */
  readonly enumValues?: EnumValuesResolver;
  /** fromWire: allow records with missing non-option fields (constructor arguments). Default false. */
  readonly partialRecords?: boolean;
  /** fromWire: what to do with record members the class does not declare. Default 'keep'. */
  readonly unknownFields?: 'keep' | 'drop' | 'error';
}

type Struct = Record<string, WireValue>;
type JsObject = Record<string, XapiJs>;

interface CompiledRecord {
  readonly fields: ReadonlyArray<RecordField>;
  readonly byName: ReadonlyMap<string, XapiType>;
}

// Per-resolver caches, so repeated records and enums cost a Map lookup, not a rebuild.
const recordCache = new WeakMap<RecordFieldsResolver, Map<string, CompiledRecord | null>>();
const enumCache = new WeakMap<EnumValuesResolver, Map<string, ReadonlyMap<string, string> | null>>();

/** `compute(resolver, key)` once per resolver and key (null: the resolver does not know the key). */
function cached<R extends object, V>(
  cache: WeakMap<R, Map<string, V | null>>,
  resolver: R,
  key: string,
  compute: (resolver: R, key: string) => V | null,
): V | null {
  let byKey = cache.get(resolver);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(resolver, byKey);
  }
  let v = byKey.get(key);
  if (v === undefined) {
    v = compute(resolver, key);
    byKey.set(key, v);
  }
  return v;
}

function compileRecord(resolver: RecordFieldsResolver, cls: string): CompiledRecord | null {
  const fields = resolver(cls);
  return fields === undefined ? null : { fields, byName: new Map(fields.map((f) => [f.name, f.type])) };
}

/** Lower-cased value -> the enum's spelling. */
function compileEnum(resolver: EnumValuesResolver, name: string): ReadonlyMap<string, string> | null {
  const values = resolver(name);
  return values === undefined ? null : new Map(values.map((v) => [v.toLowerCase(), v]));
}

function compiledRecord(cls: string, options: MarshalOptions | undefined): CompiledRecord {
  const resolver = options?.recordFields;
  if (resolver === undefined) {
    throw new MarshalError(
      `${cls} record`,
      'no recordFields resolver to describe it (pass options.recordFields)',
    );
  }
  const c = cached(recordCache, resolver, cls, compileRecord);
  if (c === null) throw new MarshalError(`${cls} record`, `unknown class '${cls}'`);
  return c;
}

function enumLookup(
  name: string,
  options: MarshalOptions | undefined,
): ReadonlyMap<string, string> | undefined {
  const resolver = options?.enumValues;
  if (resolver === undefined) return undefined;
  return cached(enumCache, resolver, name, compileEnum) ?? undefined;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'bigint') return `int ${v}`;
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'boolean') return `bool ${v}`;
  if (v instanceof Date) return 'datetime';
  if (Array.isArray(v)) return `array of ${v.length}`;
  return 'struct';
}

function mismatch(t: XapiType, got: unknown): MarshalError {
  return new MarshalError(formatType(t), describe(got));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function withSegment<T>(segment: string | number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MarshalError) e.prepend(typeof segment === 'number' ? `[${segment}]` : `.${segment}`);
    throw e;
  }
}

// ---- toWire ----------------------------------------------------------------------------------

/** Converts a typed value to what xapi would put on the wire for `protocol`. */
export function toWire(type: XapiType, js: XapiJs, protocol: Protocol, options?: MarshalOptions): WireValue {
  switch (type.kind) {
    case 'string':
    case 'ref':
    case 'enum':
      if (typeof js === 'string') return js;
      throw mismatch(type, js);
    case 'int':
      if (typeof js === 'number' && Number.isInteger(js)) {
        if (protocol === 'jsonrpc') return BigInt(js);
        // Beyond 2^53 String() prints the shortest round-trip form ("4611686018427388000" for 2^62)
        // and exponents from 1e21; BigInt prints the exact integer the double holds.
        return Number.isSafeInteger(js) ? String(js) : BigInt(js).toString();
      }
      throw mismatch(type, js);
    case 'float':
      if (typeof js === 'number') return js;
      throw mismatch(type, js);
    case 'bool':
      if (typeof js === 'boolean') return js;
      throw mismatch(type, js);
    case 'datetime':
      if (js instanceof Date) return js;
      throw mismatch(type, js);
    case 'void':
      return '';
    case 'option':
      if (js === undefined) throw mismatch(type, js);
      return toWire(type.of, js, protocol, options);
    case 'set': {
      if (!Array.isArray(js)) throw mismatch(type, js);
      const arr = js as readonly XapiJs[];
      const out = new Array<WireValue>(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const x = arr[i] as XapiJs;
        out[i] = withSegment(i, () => toWire(type.of, x, protocol, options));
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(js)) throw mismatch(type, js);
      const out: Struct = {};
      const src = js;
      for (const k of Object.keys(src)) {
        const v = toWire(type.value, src[k] as XapiJs, protocol, options);
        defineMember(out, k, v);
      }
      return out;
    }
    case 'record':
      return recordToWire(type.cls, js, protocol, options, type);
    case 'opaque':
      return untypedToWire(js);
    default:
      return unreachable(type);
  }
}

function recordToWire(
  cls: string,
  js: XapiJs,
  protocol: Protocol,
  options: MarshalOptions | undefined,
  type: XapiType,
): WireValue {
  if (!isPlainObject(js)) throw mismatch(type, js);
  const rec = compiledRecord(cls, options);
  const src = js as Readonly<Record<string, XapiJs | undefined>>;
  const out: Struct = {};
  for (const f of rec.fields) {
    const v = src[f.name];
    if (v === undefined) continue;
    defineMember(
      out,
      f.name,
      withSegment(f.name, () => toWire(f.type, v, protocol, options)),
    );
  }
  // Members the class does not declare go out untyped (conformance suites send such on purpose).
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (v !== undefined && !rec.byName.has(k)) defineMember(out, k, untypedToWire(v));
  }
  return out;
}

/** Without a type: numbers stay floats, everything else maps one to one. */
function untypedToWire(js: XapiJs): WireValue {
  if (Array.isArray(js)) return (js as readonly XapiJs[]).map(untypedToWire);
  if (isPlainObject(js)) {
    const out: Struct = {};
    for (const k of Object.keys(js)) defineMember(out, k, untypedToWire(js[k] as XapiJs));
    return out;
  }
  return js;
}

function defineMember<V>(obj: Record<string, V>, key: string, v: V): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

// ---- fromWire --------------------------------------------------------------------------------

/** Converts a wire value to the typed value, accepting what xapi accepts; throws MarshalError. */
export function fromWire(type: XapiType, w: WireValue, options?: MarshalOptions): XapiJs {
  switch (type.kind) {
    case 'string':
    case 'ref':
      if (typeof w === 'string') return w;
      throw mismatch(type, w);
    case 'enum': {
      if (typeof w !== 'string') throw mismatch(type, w);
      const values = enumLookup(type.name, options);
      if (values === undefined) return w;
      const canonical = values.get(w.toLowerCase());
      if (canonical === undefined) throw mismatch(type, w);
      return canonical;
    }
    case 'int':
      if (typeof w === 'bigint') return Number(w);
      if (typeof w === 'string') {
        const v = parseInt64(w);
        if (v !== undefined) return Number(v);
      }
      throw mismatch(type, w);
    case 'float':
      if (typeof w === 'number') return w;
      if (typeof w === 'bigint') return Number(w);
      if (typeof w === 'string') {
        const v = parseFloatText(w);
        if (v !== undefined) return v;
      }
      throw mismatch(type, w);
    case 'bool':
      if (typeof w === 'boolean') return w;
      throw mismatch(type, w);
    case 'datetime':
      if (w instanceof Date) return w;
      if (typeof w === 'string') {
        const d = parseXapiDateTime(w);
        if (d !== undefined) return d;
      }
      throw mismatch(type, w);
    case 'void':
      if (w === '') return '';
      throw mismatch(type, w);
    case 'option':
      return fromWire(type.of, w, options);
    case 'set': {
      if (!Array.isArray(w)) throw mismatch(type, w);
      const arr = w as readonly WireValue[];
      const out = new Array<XapiJs>(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const x = arr[i] as WireValue;
        out[i] = withSegment(i, () => fromWire(type.of, x, options));
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(w)) throw mismatch(type, w);
      const src = w;
      const out: JsObject = {};
      for (const k of Object.keys(src)) {
        const key = withSegment(k, () => mapKey(type.key, k, options));
        const v = withSegment(k, () => fromWire(type.value, src[k] as WireValue, options));
        defineMember(out, key, v);
      }
      return out;
    }
    case 'record':
      return recordFromWire(type, type.cls, w, options);
    case 'opaque':
      return untypedFromWire(w);
    default:
      return unreachable(type);
  }
}

/** Map keys travel as strings; check they parse as the key type and canonicalise enum keys. */
function mapKey(t: XapiType, k: string, options: MarshalOptions | undefined): string {
  switch (t.kind) {
    case 'int':
      if (parseInt64(k) === undefined) throw mismatch(t, k);
      return k;
    case 'enum':
      return fromWire(t, k, options) as string;
    default:
      return k;
  }
}

function recordFromWire(
  type: XapiType,
  cls: string,
  w: WireValue,
  options: MarshalOptions | undefined,
): XapiJs {
  if (!isPlainObject(w)) throw mismatch(type, w);
  const rec = compiledRecord(cls, options);
  const src = w;
  const out: JsObject = {};
  const partial = options?.partialRecords === true;
  for (const f of rec.fields) {
    const v = src[f.name];
    if (v === undefined || !Object.hasOwn(src, f.name)) {
      if (f.type.kind === 'option' || partial) continue;
      throw mismatch(f.type, undefined).prepend(`.${f.name}`);
    }
    defineMember(
      out,
      f.name,
      withSegment(f.name, () => fromWire(f.type, v, options)),
    );
  }
  const unknown = options?.unknownFields ?? 'keep';
  if (unknown !== 'drop') {
    for (const k of Object.keys(src)) {
      if (rec.byName.has(k)) continue;
      if (unknown === 'error') throw new MarshalError('no such field', describe(src[k])).prepend(`.${k}`);
      defineMember(out, k, untypedFromWire(src[k] as WireValue));
    }
  }
  return out;
}

/** Without a type: bigints become numbers, everything else maps one to one. */
function untypedFromWire(w: WireValue): XapiJs {
  if (typeof w === 'bigint') return Number(w);
  if (Array.isArray(w)) return (w as readonly WireValue[]).map(untypedFromWire);
  if (isPlainObject(w)) {
    const out: JsObject = {};
    for (const k of Object.keys(w)) defineMember(out, k, untypedFromWire(w[k] as WireValue));
    return out;
  }
  return w as XapiJs;
}

function unreachable(t: never): never {
  throw new MarshalError('a known XapiType', JSON.stringify(t));
}
