// Equality of stored field values, as xapi's database compares a field's old and new serialised
// value before writing it (xen-api ocaml/database/db_cache_impl.ml `write_field_locked`): an equal
// value is no change at all (SEMANTICS.md §6). Sets and maps compare as xapi serialises them: sets
// in order, maps by key.
import type { XapiJs } from '../../xapi/types.ts';

export function valuesEqual(a: XapiJs | undefined, b: XapiJs | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const x = a as readonly XapiJs[];
    const y = b as readonly XapiJs[];
    return x.length === y.length && x.every((v, i) => valuesEqual(v, y[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const x = a as Readonly<Record<string, XapiJs>>;
    const y = b as Readonly<Record<string, XapiJs>>;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    return kx.every((k) => Object.hasOwn(y, k) && valuesEqual(x[k], y[k]));
  }
  // NaN is stored as itself; xapi compares the serialised text, where "nan" equals "nan".
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}
