// The wire form of an event batch (xen-api ocaml/xapi-types/event_types.ml rpc_of_event_from):
// {events: [{id, timestamp, class, operation, ref, snapshot?}], valid_ref_counts: {class: Int32},
// token}. Strings are untyped XML-RPC values like all of xapi's output; the counts are the one
// typed <i4> xapi sends (SEMANTICS.md §2 "Values"); snapshots reuse each record's cached encoding.
import { escapeXml } from '../../wire/index.ts';
import type { StoredObject } from '../db/db-types.ts';
import { EncodedResult } from '../registry/result-values.ts';
import type { CollectedEvent } from './collect-events.ts';

export interface WireEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly cls: string;
  readonly op: string;
  readonly ref: string;
  readonly obj: StoredObject | undefined;
}

export function wireEventOf(e: CollectedEvent, timestamp: string): WireEvent {
  return { id: String(e.generation), timestamp, cls: e.cls, op: e.op, ref: e.ref, obj: e.obj };
}

function xmlMember(name: string, valueXml: string): string {
  return '<member><name>' + name + '</name>' + valueXml + '</member>';
}

function xmlString(s: string): string {
  return '<value>' + escapeXml(s) + '</value>';
}

function eventXml(e: WireEvent, record: (o: StoredObject) => string): string {
  let out =
    '<value><struct>' +
    xmlMember('id', xmlString(e.id)) +
    xmlMember('timestamp', xmlString(e.timestamp)) +
    xmlMember('class', xmlString(e.cls)) +
    xmlMember('operation', xmlString(e.op)) +
    xmlMember('ref', xmlString(e.ref));
  if (e.obj !== undefined) out += xmlMember('snapshot', record(e.obj));
  return out + '</struct></value>';
}

function eventJson(e: WireEvent, record: (o: StoredObject) => string): string {
  let out =
    '{"id":' +
    JSON.stringify(e.id) +
    ',"timestamp":' +
    JSON.stringify(e.timestamp) +
    ',"class":' +
    JSON.stringify(e.cls) +
    ',"operation":' +
    JSON.stringify(e.op) +
    ',"ref":' +
    JSON.stringify(e.ref);
  if (e.obj !== undefined) out += ',"snapshot":' + record(e.obj);
  return out + '}';
}

/** The text of each protocol is computed once: a batch may answer many waiting clients. */
function memoized(encode: ConstructorParameters<typeof EncodedResult>[0]): EncodedResult {
  const done = new Map<string, string>();
  return new EncodedResult((protocol, record) => {
    let text = done.get(protocol);
    if (text === undefined) {
      text = encode(protocol, record);
      done.set(protocol, text);
    }
    return text;
  });
}

/** An event.next result: a set of event records. */
export function encodeEventList(events: readonly WireEvent[]): EncodedResult {
  return new EncodedResult((protocol, record) => {
    if (protocol === 'jsonrpc') return '[' + events.map((e) => eventJson(e, record)).join(',') + ']';
    let out = '<value><array><data>';
    for (const e of events) out += eventXml(e, record);
    return out + '</data></array></value>';
  });
}

/** An event.from result. */
export function encodeEventBatch(
  events: readonly WireEvent[],
  counts: readonly (readonly [string, number])[],
  token: string,
): EncodedResult {
  return memoized((protocol, record) => {
    if (protocol === 'jsonrpc') {
      return (
        '{"events":[' +
        events.map((e) => eventJson(e, record)).join(',') +
        '],"valid_ref_counts":{' +
        counts.map(([k, n]) => JSON.stringify(k) + ':' + String(n)).join(',') +
        '},"token":' +
        JSON.stringify(token) +
        '}'
      );
    }
    let out = '<value><struct><member><name>events</name><value><array><data>';
    for (const e of events) out += eventXml(e, record);
    out += '</data></array></value></member><member><name>valid_ref_counts</name><value><struct>';
    for (const [k, n] of counts) out += xmlMember(k, '<value><i4>' + String(n) + '</i4></value>');
    return out + '</struct></value></member>' + xmlMember('token', xmlString(token)) + '</struct></value>';
  });
}
