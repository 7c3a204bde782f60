// Encoding of results for each protocol, serving get_record / get_all_records from the per-record
// cache (StoredObject.encoded, cleared on every change: so an entry is keyed by (ref, generation)).
import type { XapiJs, XapiType } from '../../xapi/types.ts';
import { encodeValue, encodeJsonValue } from '../../wire/index.ts';
import type { WireStruct, WireValue } from '../../wire/value.ts';
import type { DbRecord, StoredObject } from '../db/db-types.ts';
import type { MessageResult } from '../registry/message-context.ts';
import { EncodedResult, RecordMapResult, RecordResult } from '../registry/result-values.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import { toWire, type Protocol } from './marshal-adapter.ts';

/** A record as a wire struct: every field by wire name; absent options are omitted (gen_api.ml). */
export function recordToWire(schema: EmuSchema, cls: string, record: DbRecord, p: Protocol): WireStruct {
  const c = schema.classes.get(cls);
  const out: Record<string, WireValue> = {};
  if (c === undefined) return out;
  for (const f of c.fields) {
    const v = record[f.name];
    if (v === undefined) continue;
    out[f.name] = valueToWire(schema, f.type, v, p);
  }
  return out;
}

export function valueToWire(schema: EmuSchema, t: XapiType, v: XapiJs, p: Protocol): WireValue {
  switch (t.kind) {
    case 'record':
      return recordToWire(schema, t.cls, v as DbRecord, p);
    case 'set':
      return Array.isArray(v) ? (v as readonly XapiJs[]).map((x) => valueToWire(schema, t.of, x, p)) : [];
    case 'map': {
      if (t.value.kind !== 'record') return toWire(t, v, p);
      const out: Record<string, WireValue> = {};
      for (const [k, x] of Object.entries(v as Readonly<Record<string, XapiJs>>)) {
        out[k] = valueToWire(schema, t.value, x, p);
      }
      return out;
    }
    case 'option':
      return valueToWire(schema, t.of, v, p);
    default:
      return toWire(t, v, p);
  }
}

function cached(obj: StoredObject, key: string, make: () => string): string {
  let enc = obj.encoded;
  const hit = enc?.get(key);
  if (hit !== undefined) return hit;
  const text = make();
  if (enc === undefined) {
    enc = new Map();
    obj.encoded = enc;
  }
  enc.set(key, text);
  return text;
}

function recordXml(schema: EmuSchema, obj: StoredObject): string {
  return cached(obj, 'xml', () => encodeValue(recordToWire(schema, obj.cls, obj.record, 'xmlrpc')));
}

function recordJson(schema: EmuSchema, obj: StoredObject): string {
  return cached(obj, 'json', () => encodeJsonValue(recordToWire(schema, obj.cls, obj.record, 'jsonrpc')));
}

/** The XML-RPC `<value>` fragment of a result. */
export function encodeResultXml(schema: EmuSchema, type: XapiType, value: MessageResult): string {
  if (value instanceof RecordResult) return recordXml(schema, value.obj);
  if (value instanceof EncodedResult) return value.encode('xmlrpc', (o) => recordXml(schema, o));
  if (value instanceof RecordMapResult) {
    let out = '<value><struct>';
    for (const o of value.objs)
      out += '<member><name>' + o.ref + '</name>' + recordXml(schema, o) + '</member>';
    return out + '</struct></value>';
  }
  return encodeValue(valueToWire(schema, type, value, 'xmlrpc'));
}

/** The JSON text of a result. */
export function encodeResultJson(schema: EmuSchema, type: XapiType, value: MessageResult): string {
  if (value instanceof RecordResult) return recordJson(schema, value.obj);
  if (value instanceof EncodedResult) return value.encode('jsonrpc', (o) => recordJson(schema, o));
  if (value instanceof RecordMapResult) {
    const parts: string[] = [];
    for (const o of value.objs) parts.push(JSON.stringify(o.ref) + ':' + recordJson(schema, o));
    return '{' + parts.join(',') + '}';
  }
  return encodeJsonValue(valueToWire(schema, type, value, 'jsonrpc'));
}
