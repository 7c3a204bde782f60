// Branded object references. xapi refs are "OpaqueRef:" + uuid, null is "OpaqueRef:NULL"
// (SEMANTICS.md §2, xen-api ocaml/xapi-types/ref.ml).
import { randomUUID } from 'node:crypto';

declare const refBrand: unique symbol;

/** A reference to an object of XAPI class `C` (e.g. `Ref<'VM'>`). */
export type Ref<C extends string = string> = string & { readonly [refBrand]: C };

export const NULL_REF = 'OpaqueRef:NULL' as Ref<never>;

const REF_PREFIX = 'OpaqueRef:';

/** A fresh random ref. Session refs are secrets in xapi too (Ref.make_secret): randomUUID is a CSPRNG. */
export function newRef<C extends string>(): Ref<C> {
  return (REF_PREFIX + randomUUID()) as Ref<C>;
}
