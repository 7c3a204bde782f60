// XML-RPC encoding with xapi's conventions (SEMANTICS.md §2; mirage/ocaml-rpc src/lib/xmlrpc.ml):
// compact output (no whitespace between elements: some real clients fail on it, ARCHITECTURE.md
// Habits 6), strings as untyped <value>s</value>, the {Status, Value | ErrorDescription} envelope.
//
// Types are explicit, never guessed (value.ts):
// - string  -> <value>text</value> (escaped, see xml-escape.ts)
// - bigint  -> <value><i4>n</i4></value> in int32 range, else <value><i8>n</i8></value>.
//   xapi itself sends ints as untyped decimal strings; the emulator gets that by converting with
//   marshal.ts toWire(..., 'xmlrpc') first, which turns ints into strings before they reach here.
//   The one typed int xapi does send is an OCaml Int32, as <i4> (event.from valid_ref_counts,
//   SEMANTICS.md §2 Values); <i4> rather than its synonym <int> makes that output byte-identical.
// - number  -> <double> formatted like OCaml "%.16g" (format-double.ts; NaN/±Infinity as nan/inf/-inf)
// - boolean -> <boolean>1|0</boolean>
// - Date    -> <dateTime.iso8601>YYYYMMDDTHH:MM:SSZ</dateTime.iso8601>, UTC (xapi-datetime.ts)
// - array   -> <array><data>...</data></array>; struct -> <struct><member><name>k</name>...</struct>
import { escapeXml } from './xml-escape.ts';
import { formatDouble } from './format-double.ts';
import { formatXapiDateTime } from './xapi-datetime.ts';
import type { WireValue, XapiResponse } from './value.ts';

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const XML_DECL = '<?xml version="1.0"?>';

/** The compact `<value>…</value>` fragment of one value. */
export function encodeValue(v: WireValue): string {
  switch (typeof v) {
    case 'string':
      return '<value>' + escapeXml(v) + '</value>';
    case 'bigint':
      return v >= INT32_MIN && v <= INT32_MAX
        ? '<value><i4>' + v.toString() + '</i4></value>'
        : '<value><i8>' + v.toString() + '</i8></value>';
    case 'number':
      return '<value><double>' + formatDouble(v) + '</double></value>';
    case 'boolean':
      return v ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
    default:
      break;
  }
  if (Array.isArray(v)) {
    let out = '<value><array><data>';
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as WireValue;
      // Strings (refs, enum values) dominate xapi's sets: inlined to save a call and a rope node.
      out += typeof x === 'string' ? '<value>' + escapeXml(x) + '</value>' : encodeValue(x);
    }
    return out + '</data></array></value>';
  }
  if (v instanceof Date) {
    return '<value><dateTime.iso8601>' + formatXapiDateTime(v) + '</dateTime.iso8601></value>';
  }
  let out = '<value><struct>';
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const x = (v as Record<string, WireValue>)[k] as WireValue;
    out +=
      typeof x === 'string'
        ? '<member><name>' + escapeXml(k) + '</name><value>' + escapeXml(x) + '</value></member>'
        : '<member><name>' + escapeXml(k) + '</name>' + encodeValue(x) + '</member>';
  }
  return out + '</struct></value>';
}

/** A complete `<methodCall>`, with the XML declaration like xapi's own client (string_of_call). */
export function encodeMethodCall(method: string, params: readonly WireValue[]): string {
  let out = XML_DECL + '<methodCall><methodName>' + escapeXml(method) + '</methodName><params>';
  for (let i = 0; i < params.length; i++) out += '<param>' + encodeValue(params[i] as WireValue) + '</param>';
  return out + '</params></methodCall>';
}

const SUCCESS_HEAD =
  XML_DECL +
  '<methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member>' +
  '<member><name>Value</name>';
const SUCCESS_TAIL = '</member></struct></value></param></params></methodResponse>';
const FAILURE_HEAD =
  XML_DECL +
  '<methodResponse><params><param><value><struct><member><name>Status</name><value>Failure</value></member>' +
  '<member><name>ErrorDescription</name><value><array><data>';
const FAILURE_TAIL = '</data></array></value></member></struct></value></param></params></methodResponse>';

/**
 * A success envelope around an already encoded `<value>…</value>` fragment, so the emulator can
 * splice in a cached record without re-encoding it. The fragment is trusted: it must come from
 * encodeValue.
 */
export function encodeSuccessFragment(valueXml: string): string {
  return SUCCESS_HEAD + valueXml + SUCCESS_TAIL;
}

/** xapi's response envelope (ocaml-rpc xmlrpc.ml add_response). Error descriptions are strings. */
export function encodeResponse(r: XapiResponse): string {
  if (r.ok) return SUCCESS_HEAD + encodeValue(r.value) + SUCCESS_TAIL;
  let out = FAILURE_HEAD + '<value>' + escapeXml(r.code) + '</value>';
  for (let i = 0; i < r.params.length; i++) out += '<value>' + escapeXml(r.params[i] as string) + '</value>';
  return out + FAILURE_TAIL;
}
