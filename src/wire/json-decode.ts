// JSON-RPC 1.0 / 2.0 decoding with xapi's rules (SEMANTICS.md §8; mirage/ocaml-rpc
// src/lib/jsonrpc.ml version_id_and_call_of_string, get_response). Values: json-reader.ts.
import { bodyText } from './body-text.ts';
import { compactJsonRequest } from './compact-json-request.ts';
import { resolveLimits } from './decode-limits.ts';
import { parseJsonEnvelope } from './json-reader.ts';
import { WireError } from './wire-error.ts';
import type { DecodeLimits, ResolvedLimits } from './decode-limits.ts';
import type { JsonEnvelope } from './json-reader.ts';
import type { JsonRpcId, JsonRpcVersion } from './json-encode.ts';
import type { WireValue, XapiResponse } from './value.ts';

export interface JsonRpcRequest {
  readonly version: JsonRpcVersion;
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params: WireValue[];
}

function parse(body: string | Uint8Array, lim: ResolvedLimits): JsonEnvelope {
  return parseJsonEnvelope(bodyText(body, lim), lim);
}

function isStruct(v: WireValue | null | undefined): v is Record<string, WireValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function versionOf(env: JsonEnvelope): JsonRpcVersion {
  if (!Object.hasOwn(env, 'jsonrpc')) return '1.0';
  if (env['jsonrpc'] === '2.0') return '2.0';
  throw new WireError('BAD_ENVELOPE', '\'jsonrpc\' must be "2.0" when present');
}

/** id is a string or an integer (xapi: Int or String); it must fit a JS safe integer here. */
function idOf(env: JsonEnvelope): JsonRpcId {
  const id = env['id'];
  if (id === undefined || id === null) {
    // xapi rejects notifications (HTTP 500): every XenAPI call has a result.
    throw new WireError('BAD_ENVELOPE', "missing 'id' (notifications are not supported)");
  }
  if (typeof id === 'string') return id;
  if (
    typeof id === 'bigint' &&
    id >= BigInt(Number.MIN_SAFE_INTEGER) &&
    id <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(id);
  }
  throw new WireError('BAD_ENVELOPE', "'id' must be a string or a safe integer");
}

/**
 * Decodes a request. v2 is recognised by "jsonrpc":"2.0"; in v2 `params` may be omitted or null
 * (no params) or an object (one struct param); in v1 it must be an array.
 */
export function decodeJsonRequest(body: string | Uint8Array, limits?: DecodeLimits): JsonRpcRequest {
  const lim = resolveLimits(limits);
  // Bytes (what a server reads) of the common compact shape take the fast path (compact-json-request.ts).
  const compact = typeof body === 'string' ? undefined : compactJsonRequest(body, lim);
  if (compact !== undefined) return compact;
  const env = parse(body, lim);
  const method = env['method'];
  if (typeof method !== 'string') throw new WireError('BAD_ENVELOPE', "'method' must be a string");
  const version = versionOf(env);
  const raw = env['params'];
  let params: WireValue[];
  if (Array.isArray(raw)) params = raw as WireValue[];
  else if (version === '2.0' && (raw === undefined || raw === null)) params = [];
  else if (version === '2.0' && isStruct(raw)) params = [raw];
  else
    throw new WireError(
      'BAD_ENVELOPE',
      version === '2.0' ? "'params' must be an array or an object" : "'params' must be an array",
    );
  return { version, id: idOf(env), method, params };
}

/**
 * Decodes a response of either version into xapi's envelope and the echoed id. A null `result`
 * reads as "" (xapi's void, SEMANTICS.md §2 Values; generic JSON-RPC servers send null for it).
 */
export function decodeJsonResponse(
  body: string | Uint8Array,
  limits?: DecodeLimits,
): { id: JsonRpcId; version: JsonRpcVersion; response: XapiResponse } {
  const env = parse(body, resolveLimits(limits));
  const version = versionOf(env);
  const id = idOf(env);
  const result = env['result'];
  const error = env['error'];
  if (version === '1.0') {
    if (!Object.hasOwn(env, 'result') || !Object.hasOwn(env, 'error')) {
      throw new WireError('BAD_ENVELOPE', "a v1 response needs both 'result' and 'error'");
    }
    if (error === null) return { id, version, response: { ok: true, value: result ?? '' } };
    if (result !== null) throw new WireError('BAD_ENVELOPE', "both 'result' and 'error' are set");
    return { id, version, response: failureOf(error, 'v1 error') };
  }
  const hasResult = Object.hasOwn(env, 'result');
  const hasError = Object.hasOwn(env, 'error');
  if (hasResult === hasError)
    throw new WireError('BAD_ENVELOPE', "a v2 response needs exactly one of 'result' and 'error'");
  if (hasResult) {
    return { id, version, response: { ok: true, value: result ?? '' } };
  }
  if (!isStruct(error)) throw new WireError('BAD_ENVELOPE', "'error' must be an object in v2");
  if (typeof error['code'] !== 'bigint')
    throw new WireError('BAD_ENVELOPE', "'error.code' must be an integer");
  const message = error['message'];
  if (typeof message !== 'string') throw new WireError('BAD_ENVELOPE', "'error.message' must be a string");
  const data = Object.hasOwn(error, 'data') ? error['data'] : [];
  if (!Array.isArray(data) || !data.every((x) => typeof x === 'string')) {
    throw new WireError('BAD_ENVELOPE', "'error.data' must be an array of strings");
  }
  return { id, version, response: { ok: false, code: message, params: data } };
}

function failureOf(error: WireValue | undefined, what: string): XapiResponse {
  if (Array.isArray(error) && error.length > 0 && error.every((x) => typeof x === 'string')) {
    const all = error as readonly string[];
    return { ok: false, code: all[0] as string, params: all.slice(1) };
  }
  throw new WireError('BAD_ENVELOPE', `${what} must be a non-empty array of strings [code, params…]`);
}
