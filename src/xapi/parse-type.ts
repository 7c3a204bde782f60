// Parser for the datamodel's type strings (SEMANTICS.md §1), e.g. "(VM ref -> (string -> string) map) map".
// The grammar is the one xapi prints in ocaml/idl/datamodel_utils.ml (string_of_ty / gen_json.ml):
//   type    := atom ("set" | "option")*
//   atom    := "string" | "int" | "float" | "bool" | "datetime" | "void"
//            | "enum" NAME | NAME "ref" | NAME "record" | "(" type "->" type ")" "map"
import { DatamodelSyntaxError } from './datamodel-syntax-error.ts';
import type { XapiType } from './types.ts';

/** Raised for a type string that is neither valid grammar nor one of the datamodel's informal spellings. */
export class XapiTypeSyntaxError extends DatamodelSyntaxError {
  override readonly name = 'XapiTypeSyntaxError';
  readonly code = 'TYPE_SYNTAX';
  constructor(text: string, reason: string) {
    super('XAPI type', text, reason);
  }
}

const PRIMITIVES = new Set(['string', 'int', 'float', 'bool', 'datetime', 'void']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Informal result types written as prose in the datamodel (e.g. "<class> record" for
// get_record-like docs, "an event batch" for event.from): carried verbatim (types.ts 'opaque').
function isInformal(text: string): boolean {
  return /^<\w+> record$/.test(text) || /^an? [a-z][a-z ]*$/.test(text);
}

const cache = new Map<string, XapiType>();

/** Parses a datamodel type string into the shared XapiType tree. Results are memoised (hot path). */
export function parseType(text: string): XapiType {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let t: XapiType;
  try {
    t = parseStrict(text);
  } catch (e) {
    if (e instanceof XapiTypeSyntaxError && isInformal(text.trim())) t = { kind: 'opaque', text };
    else throw e;
  }
  cache.set(text, t);
  return t;
}

function parseStrict(text: string): XapiType {
  const tokens = text.match(/\(|\)|->|[^\s()]+/g) ?? [];
  let pos = 0;
  const fail = (reason: string): never => {
    throw new XapiTypeSyntaxError(text, reason);
  };
  const peek = (): string | undefined => tokens[pos];
  const next = (): string => tokens[pos++] ?? fail('unexpected end');
  const expect = (tok: string): void => {
    const got = next();
    if (got !== tok) fail(`expected "${tok}" at token ${pos - 1}, got "${got}"`);
  };
  const name = (): string => {
    const n = next();
    return NAME.test(n) ? n : fail(`bad name "${n}"`);
  };

  const atom = (): XapiType => {
    const tok = next();
    if (tok === '(') {
      const key = type();
      expect('->');
      const value = type();
      expect(')');
      expect('map');
      return { kind: 'map', key, value };
    }
    if (PRIMITIVES.has(tok)) return { kind: tok } as XapiType;
    if (tok === 'enum') return { kind: 'enum', name: name() };
    if (!NAME.test(tok)) return fail(`unexpected "${tok}"`);
    const suffix = next();
    if (suffix === 'ref') return { kind: 'ref', cls: tok };
    if (suffix === 'record') return { kind: 'record', cls: tok };
    return fail(`expected "ref" or "record" after "${tok}", got "${suffix}"`);
  };

  const type = (): XapiType => {
    let t = atom();
    for (;;) {
      const p = peek();
      if (p === 'set') t = { kind: 'set', of: t };
      else if (p === 'option') t = { kind: 'option', of: t };
      else return t;
      pos++;
    }
  };

  const result = type();
  if (pos !== tokens.length) fail(`trailing "${tokens.slice(pos).join(' ')}"`);
  return result;
}
