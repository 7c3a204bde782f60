// The emulator's use of the shared schema-directed marshal (src/wire/marshal.ts; SEMANTICS.md §2
// "Values"): one place that fixes the options the emulator always passes (its enum values, so enums
// are accepted case-insensitively and canonicalised; its record fields; unknown record members dropped).
import type { XapiJs, XapiType } from '../../xapi/types.ts';
import {
  fromWire as sharedFromWire,
  toWire as sharedToWire,
  type MarshalOptions,
} from '../../wire/marshal.ts';
import type { WireValue } from '../../wire/value.ts';

export { MarshalError } from '../../wire/marshal-error.ts';

export type Protocol = 'xmlrpc' | 'jsonrpc';

export interface FromWireOptions {
  /** Enum name → values as the datamodel spells them. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Record class → its fields (record-typed parameters other than constructors). */
  readonly recordFields?: (cls: string) => readonly { readonly name: string; readonly type: XapiType }[];
}

/** The shared marshal's options for the emulator; built once per dispatcher, not per call. */
export function marshalOptions(o: FromWireOptions): MarshalOptions {
  const recordFields = o.recordFields;
  return {
    enumValues: (name) => o.enums.get(name),
    ...(recordFields === undefined ? {} : { recordFields: (cls: string) => recordFields(cls) }),
    unknownFields: 'drop',
  };
}

/** Unmarshals a parameter; throws MarshalError when it does not match its declared type. */
export function fromWire(t: XapiType, v: WireValue, m: MarshalOptions): XapiJs {
  return sharedFromWire(t, v, m);
}

/** Marshals a value as xapi sends it (XML-RPC ints as strings, JSON-RPC ints as numbers). */
export function toWire(t: XapiType, v: XapiJs, p: Protocol): WireValue {
  return sharedToWire(t, v, p);
}
