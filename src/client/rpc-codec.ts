// The client's view of the two wire protocols (SEMANTICS.md §2 and §8): where to POST, how to encode a
// call and how to read the answer. HTTP status handling lives here too: xapi answers RPCs with 200;
// anything else that does not carry an XAPI envelope means no XAPI answered (TransportError).
import { decodeJsonResponse, decodeResponse, encodeJsonRequest, encodeMethodCall } from '../wire/index.ts';
import type { DecodeLimits, JsonRpcVersion, Protocol } from '../wire/index.ts';
import type { XapiResponse, WireValue } from '../wire/value.ts';
import { TransportError } from '../xapi/harness-errors.ts';
import type { RawResponse } from './transport.ts';

export type { JsonRpcVersion, Protocol };

export interface RpcCodec {
  readonly protocol: Protocol;
  /** POST / for XML-RPC, POST /jsonrpc for JSON-RPC (xen-api ocaml/xapi/xapi.ml handlers). */
  readonly path: string;
  readonly contentType: string;
  encode(method: string, params: readonly WireValue[]): EncodedCall;
  /** The envelope of an HTTP answer; TransportError HTTP_STATUS / BAD_RESPONSE when there is none. */
  decodeHttp(call: EncodedCall, method: string, res: RawResponse, target: string): XapiResponse;
}

/**
 * Responses can be far larger than xapi's 300 KiB *request* limit the codecs default to (a big pool's
 * VM.get_all_records); the transport already bounds the body (HttpTransportOptions.maxResponseBytes).
 */
const RESPONSE_LIMITS: DecodeLimits = { maxBytes: 1024 * 1024 * 1024, maxValues: 100_000_000 };

export interface EncodedCall {
  readonly body: Uint8Array;
  /** The JSON-RPC id sent, checked against the answer's. */
  readonly id?: number;
}

export function rpcCodec(protocol: Protocol, jsonVersion: JsonRpcVersion = '2.0'): RpcCodec {
  return protocol === 'xmlrpc' ? xmlRpcCodec() : jsonRpcCodec(jsonVersion);
}

function xmlRpcCodec(): RpcCodec {
  return {
    protocol: 'xmlrpc',
    path: '/',
    contentType: 'text/xml',
    encode: (method, params) => ({ body: Buffer.from(encodeMethodCall(method, params), 'utf8') }),
    decodeHttp: (_call, method, res, target) =>
      decodeWith(method, res, target, (body) => decodeResponse(body, RESPONSE_LIMITS)),
  };
}

function jsonRpcCodec(version: JsonRpcVersion): RpcCodec {
  let nextId = 0;
  return {
    protocol: 'jsonrpc',
    path: '/jsonrpc',
    contentType: 'application/json',
    encode: (method, params) => {
      // Wraps well before 2^53; ids only need to be distinct among calls in flight.
      nextId = nextId >= 0x7fffffff ? 1 : nextId + 1;
      return { body: Buffer.from(encodeJsonRequest(version, nextId, method, params), 'utf8'), id: nextId };
    },
    decodeHttp: (call, method, res, target) =>
      decodeWith(method, res, target, (body) => {
        const decoded = decodeJsonResponse(body, RESPONSE_LIMITS);
        // A mismatched id means the answer belongs to another request (a confused proxy): unusable.
        if (call.id !== undefined && String(decoded.id) !== String(call.id)) {
          throw new Error(`JSON-RPC id ${String(decoded.id)} answers a request with id ${call.id}`);
        }
        return decoded.response;
      }),
  };
}

function decodeWith(
  method: string,
  res: RawResponse,
  target: string,
  decode: (body: Uint8Array) => XapiResponse,
): XapiResponse {
  try {
    return decode(res.body);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (res.status !== 200) {
      // xapi answers malformed requests with HTTP 500 and an HTML page (SEMANTICS.md §2): no XAPI answer.
      throw new TransportError(
        'HTTP_STATUS',
        `${method}: HTTP ${res.status} from ${target}: ${snippet(res.body)}`,
        {
          status: res.status,
          target,
          cause: e,
        },
      );
    }
    throw new TransportError('BAD_RESPONSE', `${method}: undecodable answer from ${target}: ${message}`, {
      status: res.status,
      target,
      cause: e,
    });
  }
}

function snippet(body: Uint8Array): string {
  const text = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 200)).toString('utf8');
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat === '' ? '(empty body)' : body.byteLength > 200 ? `${flat}…` : flat;
}
