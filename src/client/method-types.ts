// The schema's view of a wire method, for marshalling params and decoding results (SEMANTICS.md §1-2).
// Looked up once per distinct method name and cached: this sits on the load engine's hot path.
import { decodeValue, fromWire, toWire } from '../wire/index.ts';
import type { MarshalOptions, RecordField } from '../wire/index.ts';
import type { WireValue } from '../wire/value.ts';
import { findClass, findClassInsensitive, findMessage, memoizeLookup } from '../xapi/index.ts';
import { splitAsyncPrefix } from '../xapi/wire-name.ts';
import type { XapiJs, XapiType } from '../xapi/types.ts';
import type { Protocol } from './rpc-codec.ts';

export interface MethodTypes {
  /** Declared names in wire order, `session_id` first when the method takes a session. */
  readonly paramNames: readonly string[];
  readonly paramTypes: readonly XapiType[];
  /** What the call itself answers: a task ref for `Async.*`, else the message's result type. */
  readonly result: XapiType;
  /** The message's own result type: what an Async call's task.result holds. */
  readonly valueResult: XapiType;
  readonly isAsync: boolean;
}

// The client is lenient where a real host may be newer or older than the schema, so typed calls keep
// working across XenServer/XCP-ng versions; the conformance suites check these points explicitly:
// - enums are not resolved (a newer host may send a value the schema lacks; xapi's output is canonical);
// - records may lack fields (an older host has fewer) and keep members the schema does not declare.
const recordFields = (cls: string): readonly RecordField[] | undefined => findClass(cls)?.fields;
const DECODE: Readonly<Record<'xmlrpc' | 'jsonrpc', MarshalOptions>> = {
  xmlrpc: { protocol: 'xmlrpc', recordFields, partialRecords: true, unknownFields: 'keep' },
  jsonrpc: { protocol: 'jsonrpc', recordFields, partialRecords: true, unknownFields: 'keep' },
};
const ENCODE: MarshalOptions = { recordFields };

const TASK_RESULT_LIMITS = { maxBytes: 1024 * 1024 * 1024, maxValues: 100_000_000 } as const;
const SESSION_REF: XapiType = { kind: 'ref', cls: 'session' };
const TASK_REF: XapiType = { kind: 'ref', cls: 'task' };

// event.next declares `event record set`, but xapi sends each event's timestamp as a float in a string
// ("1700000000.123": ocaml/xapi-types/event_types.ml), not a datetime; decoding it as the declared record
// would throw. Its events come back raw (structs of strings), as event.from's batch does.
const RAW_EVENTS: XapiType = { kind: 'set', of: { kind: 'opaque', text: 'event record (as sent)' } };

function wireResult(wireName: string, declared: XapiType): XapiType {
  return wireName === 'event.next' ? RAW_EVENTS : declared;
}

/** The types of a wire method ("VM.start", "Async.VM.clone", "VM_start"); undefined when unknown. */
export const methodTypes = memoizeLookup(lookup);

function lookup(method: string): MethodTypes | undefined {
  // xapi strips these prefixes before dispatch (SEMANTICS.md §2 Dispatch).
  const { mode, name } = splitAsyncPrefix(method);
  const isAsync = mode !== 'sync';
  const msg = findMessage(name);
  if (msg === undefined) return undefined;
  const names: string[] = [];
  const types: XapiType[] = [];
  // The datamodel lists session_id among the params; tolerate a schema that lifts it out.
  if (msg.takesSession && msg.params[0]?.name !== 'session_id') {
    names.push('session_id');
    types.push(SESSION_REF);
  }
  for (const p of msg.params) {
    names.push(p.name);
    types.push(p.type);
  }
  return {
    paramNames: names,
    paramTypes: types,
    result: isAsync ? TASK_REF : wireResult(msg.wireName, msg.result),
    valueResult: wireResult(msg.wireName, msg.result),
    isAsync,
  };
}

/**
 * Params by their declared types. Params beyond the declared list go out as given (WireValues): the
 * server decides what surplus means (xapi ignores it on methods with defaults, SEMANTICS.md §2).
 */
export function marshalParams(
  types: MethodTypes,
  params: readonly unknown[],
  protocol: Protocol,
): WireValue[] {
  const out: WireValue[] = new Array<WireValue>(params.length);
  for (let i = 0; i < params.length; i++) {
    const t = types.paramTypes[i];
    const p = params[i];
    out[i] = t === undefined ? (p as WireValue) : toWire(t, p as XapiJs, protocol, ENCODE);
  }
  return out;
}

export function decodeResult(types: MethodTypes, wire: WireValue, protocol: Protocol): XapiJs {
  return fromWire(types.result, wire, DECODE[protocol]);
}

/**
 * A task's `result` text: the XML-RPC `<value>` of the result whatever protocol started it
 * (SEMANTICS.md §5; void = `<value></value>`; a task made by task.create has ""). Decoded by the
 * message's result type when known, else left as the decoded wire value.
 */
export function decodeTaskResult(types: MethodTypes | undefined, text: string): XapiJs {
  if (text === '') return '';
  // A result can exceed the codec's 300 KiB request-sized default (an Async get_all_records).
  const wire = decodeValue(text, TASK_RESULT_LIMITS);
  return types === undefined ? (wire as XapiJs) : fromWire(types.valueResult, wire, DECODE.xmlrpc);
}

/** An event snapshot as its class's record; the raw value (ints as numbers) if the class is unknown or it does not fit. */
export function decodeRecord(lowerClass: string, wire: WireValue, protocol: Protocol): XapiJs {
  const cls = classNameOf(lowerClass);
  if (cls !== undefined) {
    try {
      return fromWire({ kind: 'record', cls }, wire, DECODE[protocol]);
    } catch {
      // A snapshot that does not match the record type is still worth showing; conformance checks it.
    }
  }
  return wireToJs(wire);
}

/** Event classes are lower-case on the wire ("vm"); the schema spells them "VM" (SEMANTICS.md §6). */
function classNameOf(lower: string): string | undefined {
  return findClassInsensitive(lower)?.name;
}

/** Untyped conversion: bigints become numbers (or decimal strings beyond 2^53), the rest is kept. */
function wireToJs(v: WireValue): XapiJs {
  switch (typeof v) {
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    default:
      break;
  }
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return (v as readonly WireValue[]).map(wireToJs);
  const out: Record<string, XapiJs> = {};
  for (const [k, x] of Object.entries(v as Readonly<Record<string, WireValue>>)) out[k] = wireToJs(x);
  return out;
}
