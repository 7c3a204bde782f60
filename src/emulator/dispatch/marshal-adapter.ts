// Typed values (XapiJs) ↔ wire values, with xapi's conventions (SEMANTICS.md §2 "Values"):
// - output: XML-RPC ints are decimal strings (untyped <value>), JSON-RPC ints are numbers (bigint here,
//   the JSON encoder writes them as numbers); floats are doubles; datetimes are Date; enums strings;
//   options absent are omitted from records;
// - input (ocaml-rpc rpc.ml): ints from <int>/<i4>/<i8> or a decimal string; floats also from int or
//   string; datetimes also from a string; enums case-insensitively; bool only from <boolean>.
// Failures throw MarshalError, which dispatch turns into xapi's INTERNAL_ERROR for unmarshal errors.
// DEVIATION (local): src/wire/marshal.ts was not available when the emulator was written; this adapter
// keeps the emulator's needs in one place so it can delegate to the shared one later.
import type { XapiJs, XapiType } from '../../xapi/types.ts';
import { parseXapiDateTime } from '../../wire/xapi-datetime.ts';
import type { WireValue } from '../../wire/value.ts';

export type Protocol = 'xmlrpc' | 'jsonrpc';

export class MarshalError extends Error {
  override readonly name = 'MarshalError';
}

export interface FromWireOptions {
  /** Enum name → values as the datamodel spells them. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Record class → its fields (only used for record-typed values other than constructors). */
  readonly recordFields?: (cls: string) => readonly { readonly name: string; readonly type: XapiType }[];
}

function isStruct(v: WireValue): v is Readonly<Record<string, WireValue>> {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function typeName(t: XapiType): string {
  switch (t.kind) {
    case 'ref':
      return `${t.cls} ref`;
    case 'enum':
      return `enum ${t.name}`;
    case 'set':
      return `${typeName(t.of)} set`;
    case 'map':
      return `(${typeName(t.key)} -> ${typeName(t.value)}) map`;
    case 'record':
      return `${t.cls} record`;
    case 'option':
      return `${typeName(t.of)} option`;
    case 'opaque':
      return t.text;
    default:
      return t.kind;
  }
}

function bad(t: XapiType, v: WireValue): never {
  const shown =
    typeof v === 'bigint'
      ? `${v}`
      : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));
  throw new MarshalError(`Type error: expected ${typeName(t)}, got ${(shown ?? typeof v).slice(0, 80)}`);
}

export function fromWire(t: XapiType, v: WireValue, o: FromWireOptions): XapiJs {
  switch (t.kind) {
    case 'string':
    case 'ref':
    case 'opaque':
      if (typeof v === 'string') return v;
      return bad(t, v);
    case 'int': {
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return Number(v.trim());
      return bad(t, v);
    }
    case 'float': {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
      return bad(t, v);
    }
    case 'bool':
      if (typeof v === 'boolean') return v;
      return bad(t, v);
    case 'datetime': {
      if (v instanceof Date) return v;
      if (typeof v === 'string') {
        const d = parseXapiDateTime(v);
        if (d !== undefined) return d;
      }
      return bad(t, v);
    }
    case 'enum': {
      if (typeof v !== 'string') return bad(t, v);
      const values = o.enums.get(t.name) ?? [];
      const lower = v.toLowerCase();
      const hit = values.find((x) => x.toLowerCase() === lower);
      if (hit === undefined) throw new MarshalError(`Unknown value '${v}' for enum ${t.name}`);
      return hit;
    }
    case 'set':
      if (!Array.isArray(v)) return bad(t, v);
      return (v as readonly WireValue[]).map((x) => fromWire(t.of, x, o));
    case 'map': {
      if (!isStruct(v)) return bad(t, v);
      const out: Record<string, XapiJs> = {};
      for (const [k, x] of Object.entries(v)) {
        // Keys are strings on the wire; typed keys (int, enum, ref) are validated through their type.
        const key = fromWire(t.key, k, o);
        out[typeof key === 'string' || typeof key === 'number' ? String(key) : k] = fromWire(t.value, x, o);
      }
      return out;
    }
    case 'record': {
      if (!isStruct(v)) return bad(t, v);
      const fields = o.recordFields?.(t.cls) ?? [];
      const out: Record<string, XapiJs> = {};
      for (const f of fields) {
        const x = v[f.name];
        if (x !== undefined) out[f.name] = fromWire(f.type, x, o);
      }
      return out;
    }
    case 'option':
      return fromWire(t.of, v, o);
    case 'void':
      return '';
  }
}

export function toWire(t: XapiType, v: XapiJs, p: Protocol): WireValue {
  switch (t.kind) {
    case 'int': {
      const n = typeof v === 'number' ? Math.trunc(v) : Number(v);
      return p === 'xmlrpc' ? String(n) : BigInt(Number.isFinite(n) ? n : 0);
    }
    case 'float':
      return typeof v === 'number' ? v : Number(v);
    case 'bool':
      return v === true;
    case 'datetime':
      return v instanceof Date ? v : new Date(0);
    case 'set':
      return Array.isArray(v) ? (v as readonly XapiJs[]).map((x) => toWire(t.of, x, p)) : [];
    case 'map': {
      const out: Record<string, WireValue> = {};
      if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
        for (const [k, x] of Object.entries(v as Readonly<Record<string, XapiJs>>))
          out[k] = toWire(t.value, x, p);
      }
      return out;
    }
    case 'option':
      return toWire(t.of, v, p);
    case 'void':
      return '';
    case 'record':
      // Records are encoded by the endpoint from the class schema (encode-result.ts).
      return v;
    default:
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  }
}
