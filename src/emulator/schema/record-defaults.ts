// Complete records: every field of the class present with the right type, taken from the caller, else
// the datamodel default, else the type's zero value. The conformance schema suite checks that every
// record is complete, and xapi's own records always are (its DB rows have every column).
import { NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs, XapiType } from '../../xapi/types.ts';
import type { DbRecord } from '../db/db-types.ts';
import type { EmuClass, EmuSchema } from './schema-view.ts';

/** The zero value of a type; undefined only for an option (absent). */
export function zeroValue(type: XapiType, enums: ReadonlyMap<string, readonly string[]>): XapiJs | undefined {
  switch (type.kind) {
    case 'string':
    case 'opaque':
    case 'void':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'datetime':
      // xapi's "never" date, 19700101T00:00:00Z (SEMANTICS.md §2, Values).
      return new Date(0);
    case 'ref':
      return NULL_REF;
    case 'enum':
      return enums.get(type.name)?.[0] ?? '';
    case 'set':
      return [];
    case 'map':
    case 'record':
      return {};
    case 'option':
      return undefined;
  }
}

/** Fills in every field of `cls` that `partial` leaves out. Keys that are not fields are dropped. */
export function completeRecord(
  schema: EmuSchema,
  cls: EmuClass,
  partial: Readonly<Record<string, unknown>>,
): DbRecord {
  const out: Record<string, XapiJs> = {};
  for (const f of cls.fields) {
    const given = partial[f.name];
    if (given !== undefined) {
      out[f.name] = given as XapiJs;
      continue;
    }
    const v = f.default ?? zeroValue(f.type, schema.enums);
    if (v !== undefined) out[f.name] = cloneValue(v);
  }
  return out;
}

/** Defaults are shared constants: records must never alias them (records are replaced, but be safe). */
function cloneValue(v: XapiJs): XapiJs {
  if (Array.isArray(v)) return [...(v as readonly XapiJs[])];
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'object') return { ...(v as Readonly<Record<string, XapiJs>>) };
  return v;
}

/** `completeRecord` by class name, for one schema (MessageContext.completeRecord, the fresh host seed). */
export function recordCompleter(
  schema: EmuSchema,
): (cls: string, partial: Readonly<Record<string, unknown>>) => DbRecord {
  return (cls, partial) => {
    const c = schema.classes.get(cls);
    if (c === undefined) throw new Error(`unknown class ${cls}`);
    return completeRecord(schema, c, partial);
  };
}
