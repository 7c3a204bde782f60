// Unmarshalling of call parameters by the schema (gen_server.ml): positional parameters by type,
// defaulted ones from the surplus or their default, and constructors from one struct holding the
// RW and RO/constructor fields (gen_client.ml ctor_fields; gen_server.ml from_ctor_record).
import type { XapiJs } from '../../xapi/types.ts';
import type { MarshalOptions } from '../../wire/marshal.ts';
import type { WireValue } from '../../wire/value.ts';
import type { MessageArgs } from '../registry/message-context.ts';
import { zeroValue } from '../schema/record-defaults.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import type { DispatchEntry } from './dispatch-entry.ts';
import { fromWire, MarshalError, marshalOptions } from './marshal-adapter.ts';
import { fail } from './xapi-error.ts';

/** The options unmarshalArgs takes: the schema's enum values and record fields. */
export function unmarshalOptions(schema: EmuSchema): MarshalOptions {
  return marshalOptions({
    enums: schema.enums,
    recordFields: (cls) => schema.classes.get(cls)?.fields ?? [],
  });
}

/** Unmarshal errors are unexpected exceptions to xapi: INTERNAL_ERROR [message] (exnHelper.ml). */
function asXapi(err: unknown): never {
  if (err instanceof MarshalError) fail('INTERNAL_ERROR', err.message);
  throw err;
}

export function unmarshalArgs(
  schema: EmuSchema,
  o: MarshalOptions,
  entry: DispatchEntry,
  params: readonly WireValue[],
  /** Where the message's own parameters start in `params` (1 after a session; no copy per call). */
  offset: number,
): MessageArgs {
  const out: Record<string, XapiJs> = {};
  try {
    if (entry.isCtor) {
      const struct = params[offset];
      const p = entry.msg.params[0];
      if (p === undefined || struct === undefined) return out;
      if (typeof struct !== 'object' || Array.isArray(struct) || struct instanceof Date) {
        throw new MarshalError(`${entry.cls.name} record`, 'a non-struct value');
      }
      const record: Record<string, XapiJs> = {};
      const s = struct as Readonly<Record<string, WireValue>>;
      for (const f of entry.cls.fields) {
        if (f.qualifier === 'RO/runtime') continue;
        const w = s[f.name];
        if (w !== undefined) record[f.name] = fromWire(f.type, w, o);
        else if (f.default !== undefined) record[f.name] = f.default;
        // server_helpers.ml my_assoc: a constructor field without default is mandatory.
        else fail('INTERNAL_ERROR', `Server_helpers.Dispatcher_FieldNotFound("${f.name}")`);
      }
      out[p.name] = record;
      return out;
    }
    const ps = entry.msg.params;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      const w = params[offset + i];
      if (w !== undefined) out[p.name] = fromWire(p.type, w, o);
      else {
        // DEVIATION: xen-api gives each defaulted parameter its own datamodel default; the schema
        // exposes only `required`, so the type's zero value stands in ("" for login's version and
        // originator, [] for VM.snapshot's ignore_vdis, false for flags: the common defaults).
        const z = zeroValue(p.type, schema.enums);
        if (z !== undefined) out[p.name] = z;
      }
    }
    return out;
  } catch (err) {
    return asXapi(err);
  }
}
