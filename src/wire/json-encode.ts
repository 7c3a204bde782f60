// JSON-RPC encoding with xapi's shapes (SEMANTICS.md §8; mirage/ocaml-rpc src/lib/jsonrpc.ml):
// - bigint -> JSON number digits (exact int64, no rounding through a double)
// - number -> shortest round-trip decimal, always with a '.' or exponent so it reads back as a
//   float ("1.0", like Yojson), NaN / Infinity / -Infinity literally (Yojson's non-standard
//   output, which xapi emits; our decoder accepts them, strict JSON parsers do not)
// - Date   -> xapi's datetime string "20250319T04:16:24Z" (JSON has no datetime type; §8 Types)
// - string, boolean, arrays, structs -> the obvious JSON
import { formatXapiDateTime } from './xapi-datetime.ts';
import type { WireValue, XapiResponse } from './value.ts';

export type JsonRpcVersion = '1.0' | '2.0';
export type JsonRpcId = string | number;

function formatJsonNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return Number.isInteger(v) && s.indexOf('e') === -1 ? s + '.0' : s;
}

/** The JSON text of one value. */
export function encodeJsonValue(v: WireValue): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return formatJsonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      break;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    let out = '[' + encodeJsonValue(v[0] as WireValue);
    for (let i = 1; i < v.length; i++) out += ',' + encodeJsonValue(v[i] as WireValue);
    return out + ']';
  }
  if (v instanceof Date) return '"' + formatXapiDateTime(v) + '"';
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out +=
      (i === 0 ? '' : ',') +
      JSON.stringify(k) +
      ':' +
      encodeJsonValue((v as Record<string, WireValue>)[k] as WireValue);
  }
  return out + '}';
}

/** The JSON text of a request or response id. */
export function encodeJsonId(id: JsonRpcId): string {
  return typeof id === 'string' ? JSON.stringify(id) : formatId(id);
}

function formatId(id: number): string {
  return Number.isFinite(id) ? String(id) : '0';
}

/** A request. params are always sent as an array (xapi accepts an array in both versions). */
export function encodeJsonRequest(
  version: JsonRpcVersion,
  id: JsonRpcId,
  method: string,
  params: readonly WireValue[],
): string {
  const head = version === '2.0' ? '{"jsonrpc":"2.0","method":' : '{"method":';
  return (
    head + JSON.stringify(method) + ',"params":' + encodeJsonValue(params) + ',"id":' + encodeJsonId(id) + '}'
  );
}

/**
 * A success response around an already encoded JSON value (e.g. a cached record), mirroring
 * encodeSuccessFragment for XML-RPC.
 */
export function encodeJsonSuccessFragment(version: JsonRpcVersion, id: JsonRpcId, valueJson: string): string {
  return version === '2.0'
    ? '{"jsonrpc":"2.0","result":' + valueJson + ',"id":' + encodeJsonId(id) + '}'
    : '{"result":' + valueJson + ',"error":null,"id":' + encodeJsonId(id) + '}';
}

/**
 * xapi's response shapes: v1 {"result":v,"error":null,"id"} / {"result":null,"error":[code,…],"id"};
 * v2 {"jsonrpc":"2.0","result":v,"id"} / {"jsonrpc":"2.0","error":{"code":1,"message":CODE,
 * "data":[…]},"id"}; the code is always 1 (xen-api ocaml/xapi/api_server_common.ml).
 */
export function encodeJsonResponse(version: JsonRpcVersion, id: JsonRpcId, r: XapiResponse): string {
  if (r.ok) return encodeJsonSuccessFragment(version, id, encodeJsonValue(r.value));
  if (version === '2.0') {
    return (
      '{"jsonrpc":"2.0","error":{"code":1,"message":' +
      JSON.stringify(r.code) +
      ',"data":' +
      encodeJsonValue(r.params) +
      '},"id":' +
      encodeJsonId(id) +
      '}'
    );
  }
  return (
    '{"result":null,"error":' + encodeJsonValue([r.code, ...r.params]) + ',"id":' + encodeJsonId(id) + '}'
  );
}
