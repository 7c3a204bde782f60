// Parser for field defaults as xenapi.json spells them. They are printed by
// xen-api ocaml/idl/json_backend/gen_json.ml `string_of_default`:
//   VString "x" -> "\"x\"" (no escaping)   VInt -> "42"   VFloat -> OCaml string_of_float ("1.", "0.5")
//   VBool -> "true"/"false"   VDateTime -> "19700101T00:00:00Z"   VEnum -> its name
//   VSet -> "{a, b}"   VMap -> "{k -> v, k2 -> v2}"   VRef "" -> "Null", VRef r -> r
import { DatamodelSyntaxError } from './datamodel-syntax-error.ts';
import { NULL_REF } from './ref.ts';
import type { XapiType } from './types.ts';

/** A default as stored in schema.generated.json: JSON-safe; datetimes stay ISO-8601 basic strings. */
export type DefaultJson =
  string | number | boolean | readonly DefaultJson[] | { readonly [k: string]: DefaultJson };

/** A field default that does not parse as a value of the field's type. */
export class XapiDefaultSyntaxError extends DatamodelSyntaxError {
  override readonly name = 'XapiDefaultSyntaxError';
  readonly code = 'DEFAULT_SYNTAX';
  constructor(text: string, reason: string) {
    super('default', text, reason);
  }
}

const INT = /^-?\d+/;
// OCaml string_of_float; nan/inf are rejected because JSON cannot carry them (none occur in the data).
const FLOAT = /^-?\d+\.\d*(?:e[+-]?\d+)?/;
const DATETIME = /^\d{8}T\d{2}:\d{2}:\d{2}Z/;
const BARE = /^[^,{}\s]+/;

/** Parses `text` as a value of type `t`; throws XapiDefaultSyntaxError when it does not fit. */
export function parseDefault(t: XapiType, text: string): DefaultJson {
  let pos = 0;
  const fail = (reason: string): never => {
    throw new XapiDefaultSyntaxError(text, `${reason} at offset ${pos}`);
  };
  const eat = (lit: string): boolean => {
    if (!text.startsWith(lit, pos)) return false;
    pos += lit.length;
    return true;
  };
  const match = (re: RegExp, what: string): string => {
    const m = re.exec(text.slice(pos));
    if (m === null) return fail(`expected ${what}`);
    pos += m[0].length;
    return m[0];
  };

  const value = (ty: XapiType): DefaultJson => {
    switch (ty.kind) {
      case 'string': {
        if (!eat('"')) return fail('expected "');
        const end = text.indexOf('"', pos);
        if (end < 0) return fail('unterminated string');
        const s = text.slice(pos, end);
        pos = end + 1;
        return s;
      }
      case 'int':
        return Number(match(INT, 'int'));
      case 'float':
        return Number(match(FLOAT, 'float'));
      case 'bool':
        return match(/^(?:true|false)/, 'bool') === 'true';
      case 'datetime':
        return match(DATETIME, 'datetime');
      case 'enum':
        return match(BARE, 'enum value');
      case 'ref': {
        // VRef "" is printed "Null"; xapi clients see the null ref (SEMANTICS.md §2 Refs).
        const r = match(BARE, 'ref');
        return r === 'Null' ? NULL_REF : r;
      }
      case 'option':
        return value(ty.of);
      case 'set': {
        if (!eat('{')) return fail('expected {');
        const out: DefaultJson[] = [];
        if (eat('}')) return out;
        do out.push(value(ty.of));
        while (eat(', '));
        if (!eat('}')) return fail('expected }');
        return out;
      }
      case 'map': {
        if (!eat('{')) return fail('expected {');
        const out: Record<string, DefaultJson> = {};
        if (eat('}')) return out;
        do {
          const k = value(ty.key);
          if (!eat(' -> ')) return fail('expected ->');
          // Map keys are strings, ints or enums (datamodel_values.ml to_string): never compound.
          if (typeof k === 'object') return fail('compound map key');
          out[String(k)] = value(ty.value);
        } while (eat(', '));
        if (!eat('}')) return fail('expected }');
        return out;
      }
      case 'void':
      case 'record':
      case 'opaque':
        return fail(`no default literal for ${ty.kind}`);
    }
  };

  const v = value(t);
  if (pos !== text.length) fail('trailing text');
  return v;
}
