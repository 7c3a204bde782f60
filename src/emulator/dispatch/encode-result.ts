// Encoding of results for each protocol, serving get_record / get_all_records from the per-record
// cache (StoredObject.encoded, cleared on every change: so an entry is keyed by (ref, generation)):
// as text for results embedded in other text (event batches, task results), as UTF-8 bytes for the
// responses the request handler assembles from chunks (encode-response-chunks.ts).
import type { XapiJs, XapiType } from '../../xapi/types.ts';
import { encodeValue, encodeJsonValue, escapeXml } from '../../wire/index.ts';
import type { JsonRpcId, JsonRpcVersion } from '../../wire/index.ts';
import type { WireStruct, WireValue } from '../../wire/value.ts';
import type { DbRecord, EncodedMember, StoredObject } from '../db/db-types.ts';
import {
  EncodedResult,
  RecordMapResult,
  RecordResult,
  type MessageResult,
} from '../registry/result-values.ts';
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

function valueToWire(schema: EmuSchema, t: XapiType, v: XapiJs, p: Protocol): WireValue {
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

function cachedText(schema: EmuSchema, obj: StoredObject, key: 'xml' | 'json', make: () => string): string {
  const hit = obj.encoded?.get(key);
  if (typeof hit === 'string') {
    schema.encodingCache?.hit(obj);
    return hit;
  }
  const text = make();
  (obj.encoded ??= new Map()).set(key, text);
  // A JS string of this text holds about two bytes per character.
  schema.encodingCache?.stored(obj, text.length * 2);
  return text;
}

function recordXml(schema: EmuSchema, obj: StoredObject): string {
  return cachedText(schema, obj, 'xml', () =>
    encodeValue(recordToWire(schema, obj.cls, obj.record, 'xmlrpc')),
  );
}

function recordJson(schema: EmuSchema, obj: StoredObject): string {
  return cachedText(schema, obj, 'json', () =>
    encodeJsonValue(recordToWire(schema, obj.cls, obj.record, 'jsonrpc')),
  );
}

/** The bytes cached under `key` for this record (counted as a hit), or undefined. */
function cachedBytes(
  schema: EmuSchema,
  obj: StoredObject,
  key: 'xml-member' | 'json-member' | 'xml-response',
): EncodedMember | undefined {
  const hit = obj.encoded?.get(key);
  if (hit === undefined || typeof hit === 'string') return undefined;
  schema.encodingCache?.hit(obj);
  return hit;
}

/** How one protocol writes a record as a map member: `head(ref)`, the record's value, `tail`. */
interface MemberForm {
  readonly key: 'xml-member' | 'json-member';
  /** The cached text of the value, when there is one (not made on the way). */
  readonly text: 'xml' | 'json';
  readonly protocol: Protocol;
  head(ref: string): string;
  encode(record: WireStruct): string;
  readonly tail: string;
}

const XML_MEMBER: MemberForm = {
  key: 'xml-member',
  text: 'xml',
  protocol: 'xmlrpc',
  head: (ref) => '<member><name>' + escapeXml(ref) + '</name>',
  encode: encodeValue,
  tail: '</member>',
};

const JSON_MEMBER: MemberForm = {
  key: 'json-member',
  text: 'json',
  protocol: 'jsonrpc',
  head: (ref) => ',' + JSON.stringify(ref) + ':',
  encode: encodeJsonValue,
  tail: '',
};

/**
 * The record's map member as UTF-8 bytes, cached like the text (same invalidation). The text form is not
 * cached on the way: a get_all_records of 10,000 VMs would otherwise hold every record twice.
 */
function recordMember(schema: EmuSchema, obj: StoredObject, form: MemberForm): EncodedMember {
  const hit = cachedBytes(schema, obj, form.key);
  if (hit !== undefined) return hit;
  const value =
    (obj.encoded?.get(form.text) as string | undefined) ??
    form.encode(recordToWire(schema, obj.cls, obj.record, form.protocol));
  const head = form.head(obj.ref);
  const bytes = Buffer.from(head + value + form.tail, 'utf8');
  const member = {
    bytes,
    valueStart: Buffer.byteLength(head, 'utf8'),
    valueEnd: bytes.length - form.tail.length,
  };
  (obj.encoded ??= new Map()).set(form.key, member);
  schema.encodingCache?.stored(obj, bytes.length);
  return member;
}

/** The record's XML-RPC map member, `<member><name>ref</name><value>…</value></member>`. */
export function recordMemberXml(schema: EmuSchema, obj: StoredObject): EncodedMember {
  return recordMember(schema, obj, XML_MEMBER);
}

/**
 * The whole XML-RPC success response of `<cls>.get_record` for this record (the envelope around the
 * member's value), cached like the member (same invalidation, same budget): get_record is the hottest
 * call of most clients, and one copy of the record per request into a fresh buffer (allocation, copy,
 * garbage) was a measured share of its cost (issue 16; `npm run bench -- emulator.bench`).
 */
export function recordResponseXml(schema: EmuSchema, obj: StoredObject, head: Buffer, tail: Buffer): Buffer {
  const hit = cachedBytes(schema, obj, 'xml-response');
  if (hit !== undefined) return hit.bytes;
  const m = recordMemberXml(schema, obj);
  const value = m.bytes.subarray(m.valueStart, m.valueEnd);
  const bytes = Buffer.concat([head, value, tail], head.length + value.length + tail.length);
  // The map (obj.encoded) was created by recordMemberXml; a change replaces it with undefined.
  obj.encoded?.set('xml-response', { bytes, valueStart: head.length, valueEnd: head.length + value.length });
  schema.encodingCache?.stored(obj, bytes.length);
  return bytes;
}

/**
 * The record's JSON map member with a leading comma, `,"ref":{…}` (the first member of a map is sent from
 * offset 1).
 */
export function recordMemberJson(schema: EmuSchema, obj: StoredObject): EncodedMember {
  return recordMember(schema, obj, JSON_MEMBER);
}

/** The JSON-RPC success envelope's pieces around a result (server/envelope-bytes.ts). */
export interface JsonEnvelope {
  /** The bytes before the result (one buffer per version). */
  head(version: JsonRpcVersion): Buffer;
  /** The text after the result, which carries the id. */
  tail(version: JsonRpcVersion, id: JsonRpcId): string;
}

/**
 * The cached bytes of a JSON-RPC get_record response up to its id (the envelope's head of one version and the
 * record), with the answer last made of them and the id it was made for.
 */
class JsonRecordPrefix implements EncodedMember {
  lastId: JsonRpcId | undefined = undefined;
  lastAnswer: unknown = undefined;
  constructor(
    readonly bytes: Buffer,
    readonly valueStart: number,
    readonly valueEnd: number,
    readonly version: JsonRpcVersion,
  ) {}
}

/**
 * The JSON-RPC success response of `<cls>.get_record` for this record in the envelope of the caller's version
 * and id, as `answer` makes it of the bytes before the id (cached like the XML-RPC response: same
 * invalidation, same budget, one entry per record) and the text of the tail that carries the id. A client
 * polling with one id gets the same answer object each call, as over XML-RPC; a client counting its ids up
 * gets a new answer around the same cached bytes: no copy of the record per call (issue 16).
 */
export function recordResponseJson<A>(
  schema: EmuSchema,
  obj: StoredObject,
  version: JsonRpcVersion,
  id: JsonRpcId,
  envelope: JsonEnvelope,
  answer: (prefix: Buffer, tail: string) => A,
): A {
  const cached = obj.encoded?.get('json-response');
  let prefix: JsonRecordPrefix;
  if (cached instanceof JsonRecordPrefix && cached.version === version) {
    schema.encodingCache?.hit(obj);
    if (cached.lastId === id) return cached.lastAnswer as A;
    prefix = cached;
  } else {
    const m = recordMemberJson(schema, obj);
    const head = envelope.head(version);
    const valueEnd = head.length + (m.valueEnd - m.valueStart);
    const bytes = Buffer.allocUnsafeSlow(valueEnd);
    head.copy(bytes, 0);
    m.bytes.copy(bytes, head.length, m.valueStart, m.valueEnd);
    prefix = new JsonRecordPrefix(bytes, head.length, valueEnd, version);
    // Looked up again: encoding the member replaced the map when the record had changed. A prefix of the
    // other version is replaced (a client speaks one version), and the budget counts the size change.
    const previous = obj.encoded?.get('json-response');
    obj.encoded?.set('json-response', prefix);
    if (!(previous instanceof JsonRecordPrefix)) schema.encodingCache?.stored(obj, bytes.length);
    else if (previous.bytes.length !== bytes.length)
      schema.encodingCache?.resized(obj, bytes.length - previous.bytes.length);
  }
  const made = answer(prefix.bytes, envelope.tail(version, id));
  prefix.lastId = id;
  prefix.lastAnswer = made;
  return made;
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
