// Values of enum-typed fields that are not members of the enum the datamodel declares (issue 17 item 4).
// xapi prints an enum as one of the names its datamodel declares (ocaml/idl/datamodel_types.ml Enum; the
// generated API's rpc_of_<enum>, ocaml/idl/ocaml_backend/gen_api.ml): a record never carries anything
// else. Input is matched case-insensitively (SEMANTICS.md §2); output is checked exactly.
import { SCHEMA } from './schema.ts';
import type { XapiType } from './types.ts';

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Whether a type has an enum anywhere in it (fields worth walking). */
function hasEnum(t: XapiType): boolean {
  switch (t.kind) {
    case 'enum':
      return true;
    case 'set':
    case 'option':
      return hasEnum(t.of);
    case 'map':
      return hasEnum(t.key) || hasEnum(t.value);
    default:
      return false;
  }
}

/** The first value of `v` typed `t` that is not a member of its enum, as "path: problem"; undefined if none. */
export function enumProblem(
  t: XapiType,
  v: unknown,
  path: string,
  enums: ReadonlyMap<string, readonly string[]> = SCHEMA.enums,
): string | undefined {
  switch (t.kind) {
    case 'enum': {
      const members = enums.get(t.name);
      if (members === undefined) return undefined;
      if (typeof v === 'string' && members.includes(v)) return undefined;
      return `${path}: ${JSON.stringify(v)} is not a member of enum ${t.name} (${members.join(', ')})`;
    }
    case 'option':
      return v === undefined ? undefined : enumProblem(t.of, v, path, enums);
    case 'set': {
      if (!Array.isArray(v)) return undefined;
      for (let i = 0; i < v.length; i += 1) {
        const p = enumProblem(t.of, v[i], `${path}[${i}]`, enums);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    case 'map': {
      if (!isStruct(v)) return undefined;
      for (const [k, x] of Object.entries(v)) {
        const pk = enumProblem(t.key, k, `${path} key`, enums);
        if (pk !== undefined) return pk;
        const pv = enumProblem(t.value, x, `${path}[${k}]`, enums);
        if (pv !== undefined) return pv;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The first enum problem in a record of class `cls` (fields the record lacks are not this check's). */
export function recordEnumProblem(cls: string, rec: unknown, path: string): string | undefined {
  const c = SCHEMA.classes.get(cls);
  if (c === undefined || !isStruct(rec)) return undefined;
  for (const f of c.fields) {
    if (!hasEnum(f.type) || !Object.hasOwn(rec, f.name)) continue;
    const p = enumProblem(f.type, rec[f.name], `${path}.${f.name}`);
    if (p !== undefined) return p;
  }
  return undefined;
}
