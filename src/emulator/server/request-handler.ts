// The emulator's core request handler: EmuRequest → EmuResponse, shared by the HTTP(S) servers and
// in-process use. Endpoints as xapi's (SEMANTICS.md §2; xen-api ocaml/xapi/xapi.ml, api_server.ml):
// POST /jsonrpc is JSON-RPC; every other POST path is XML-RPC (/, /RPC2, the legacy /json, /xmlrpc…);
// OPTIONS answers CORS preflight; bodies are limited to 300 KiB (constants.ml).
import type { EmuHandler, EmuRequest, EmuResponse, ServerHandler } from './http-types.ts';
import {
  decodeJsonRequest,
  decodeMethodCall,
  encodeJsonResponse,
  encodeJsonSuccessFragment,
  encodeResponse,
  encodeSuccessFragment,
  isWireError,
} from '../../wire/index.ts';
import type { JsonRpcId, JsonRpcVersion } from '../../wire/index.ts';
import type { CallOutcome, Dispatcher } from '../dispatch/dispatcher.ts';
import { encodeResultJson, encodeResultXml } from '../dispatch/encode-result.ts';
import { EncodedResult, RecordMapResult, RecordResult } from '../registry/result-values.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import { ChunkedResponse, ONE_BUFFER_MAX } from './chunked-response.ts';
import { TextResponse } from './text-response.ts';
import { SplicedResponse } from './spliced-response.ts';
import { TextValueResponses } from './text-value-response.ts';
import { jsonEncodedChunks, sharedXmlResponse, xmlEncodedChunks } from './encoded-result-chunks.ts';
import { jsonRecordMapChunks, xmlRecordChunks, xmlRecordResponse } from './record-response-chunks.ts';
import { JSON_ENVELOPE } from './envelope-bytes.ts';
import { recordResponseJson } from '../dispatch/encode-result.ts';

export const MAX_BODY_BYTES = 300 * 1024;

const CORS = { 'access-control-allow-origin': '*' } as const;

/** Result types sent as one XML-RPC string (the prebuilt envelope of text-value-response.ts). */
const STRING_KINDS: ReadonlySet<string> = new Set(['ref', 'string']);

function respond(status: number, contentType: string, body: string | Uint8Array): EmuResponse {
  if (typeof body === 'string') {
    return new TextResponse(
      status,
      {
        'content-type': contentType,
        'access-control-allow-origin': '*',
        'content-length': String(Buffer.byteLength(body, 'utf8')),
      },
      body,
    );
  }
  const bytes = body;
  // content-length is part of the answer (as over HTTP), so the HTTP adapter writes these headers
  // as they are instead of copying them into a new object per request.
  return {
    status,
    headers: {
      'content-type': contentType,
      'access-control-allow-origin': '*',
      'content-length': String(bytes.byteLength),
    },
    body: bytes,
  };
}

// get_record / get_all_records answers and event batches are assembled from byte chunks: the envelope
// around cached encodings (record-response-chunks.ts, encoded-result-chunks.ts), written to the
// socket chunk by chunk.
function recordResponse(contentType: string, chunks: readonly Uint8Array[]): EmuResponse {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  if (n <= ONE_BUFFER_MAX) return respond(200, contentType, Buffer.concat(chunks, n));
  return new ChunkedResponse(200, { 'content-type': contentType, ...CORS }, chunks);
}

/** xapi answers a request it cannot parse with HTTP 500 and an HTML page (wire-protocol.md §Errors). */
function internalErrorPage(detail: string): EmuResponse {
  const safe = detail.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
  return respond(
    500,
    'text/html',
    `<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; please wait a while and try again. If the problem persists, please contact your support representative.<h1> Additional information </h1>${safe}</body></html>`,
  );
}

function errorPage(err: unknown): EmuResponse {
  return internalErrorPage(err instanceof Error ? err.message : String(err));
}

/** A text answer as in-process callers get it: a plain object with its bytes. */
function plain(r: EmuResponse): EmuResponse {
  return r instanceof TextResponse || r instanceof SplicedResponse
    ? { status: r.status, headers: r.headers, body: r.body }
    : r;
}

/** The in-process form of a server handler: always a promise of a plain answer, as EmuHandler promises. */
export function asyncHandler(handler: ServerHandler): EmuHandler {
  return (req) => {
    try {
      const answer = handler(req);
      return answer instanceof Promise ? answer.then(plain) : Promise.resolve(plain(answer));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
}

/** Whether the path, query aside, is /jsonrpc (without building the split parts per request). */
function isJsonRpcPath(path: string): boolean {
  return path === '/jsonrpc' || (path.startsWith('/jsonrpc') && path.charCodeAt(8) === 63); /* ? */
}

export function createRequestHandler(
  dispatcher: Dispatcher,
  schema: EmuSchema,
  /** GET handlers (issue 4: /rrd_updates); undefined when the path is not theirs. */
  get?: (req: EmuRequest) => Promise<EmuResponse> | undefined,
): ServerHandler {
  const textValues = new TextValueResponses();

  function xmlrpc(body: Uint8Array): EmuResponse | Promise<EmuResponse> {
    let call: { method: string; params: import('../../wire/value.ts').WireValue[] };
    try {
      call = decodeMethodCall(body, { maxBytes: MAX_BODY_BYTES });
    } catch (err) {
      if (isWireError(err) && err.code === 'INVALID_UTF8') {
        // gen_server.ml: parameters that are not valid UTF-8 → INVALID_VALUE.
        return respond(
          200,
          'text/xml',
          encodeResponse({
            ok: false,
            code: 'INVALID_VALUE',
            params: ['Invalid UTF-8 string in parameter', ''],
          }),
        );
      }
      return internalErrorPage(err instanceof Error ? err.message : String(err));
    }
    const outcome = dispatcher.callNow(call.method, call.params);
    return outcome instanceof Promise ? outcome.then(xmlAnswerOrPage, errorPage) : xmlAnswer(outcome);
  }

  // The answer object of each cached record response (its bytes live as long as the record's encoding
  // is cached): a polled get_record builds no headers and no content-length string per call (issue 16).
  const recordAnswers = new WeakMap<Uint8Array, EmuResponse>();
  // Header objects of JSON-RPC get_record answers by content length: a client counting its ids up gets a
  // new answer per call (recordResponseJson), with the header object of its length.
  const jsonHeaders = new Map<number, Readonly<Record<string, string>>>();
  const jsonHeadersOf = (length: number): Readonly<Record<string, string>> => {
    let headers = jsonHeaders.get(length);
    if (headers === undefined) {
      headers = Object.freeze({
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'content-length': String(length),
      });
      // Bounded: one entry per length seen (a record's answers differ only by their ids' lengths).
      if (jsonHeaders.size < 1024) jsonHeaders.set(length, headers);
    }
    return headers;
  };
  const jsonRecordAnswer = (prefix: Buffer, tail: string): EmuResponse =>
    new SplicedResponse(200, jsonHeadersOf(prefix.length + Buffer.byteLength(tail, 'utf8')), [prefix], tail);

  const xmlAnswerOrPage = (outcome: CallOutcome): EmuResponse => {
    try {
      return xmlAnswer(outcome);
    } catch (err) {
      return errorPage(err);
    }
  };

  function xmlAnswer(outcome: CallOutcome): EmuResponse {
    if (outcome.ok && outcome.value instanceof RecordResult) {
      const bytes = xmlRecordResponse(schema, outcome.value);
      let answer = recordAnswers.get(bytes);
      if (answer === undefined) recordAnswers.set(bytes, (answer = respond(200, 'text/xml', bytes)));
      return answer;
    }
    if (outcome.ok && outcome.value instanceof RecordMapResult) {
      return recordResponse('text/xml', xmlRecordChunks(schema, outcome.value));
    }
    if (outcome.ok && outcome.value instanceof EncodedResult) {
      const { type, value } = outcome;
      return sharedXmlResponse(value, () =>
        recordResponse('text/xml', xmlEncodedChunks(schema, type, value)),
      );
    }
    if (outcome.ok && typeof outcome.value === 'string' && STRING_KINDS.has(outcome.type.kind)) {
      return textValues.answer(outcome.value);
    }
    return respond(200, 'text/xml', xmlBody(outcome));
  }

  function xmlBody(o: CallOutcome): string {
    if (!o.ok) return encodeResponse({ ok: false, code: o.code, params: o.params });
    return encodeSuccessFragment(encodeResultXml(schema, o.type, o.value));
  }

  function jsonrpc(body: Uint8Array): EmuResponse | Promise<EmuResponse> {
    let req: {
      version: JsonRpcVersion;
      id: JsonRpcId;
      method: string;
      params: import('../../wire/value.ts').WireValue[];
    };
    try {
      req = decodeJsonRequest(body, { maxBytes: MAX_BODY_BYTES });
    } catch (err) {
      return internalErrorPage(err instanceof Error ? err.message : String(err));
    }
    const o = dispatcher.callNow(req.method, req.params);
    return o instanceof Promise ? o.then((x) => jsonAnswerOrPage(req, x), errorPage) : jsonAnswer(req, o);
  }

  // The promise paths' answer in one step (instead of then + catch): a failure is the error page.
  function jsonAnswerOrPage(req: { version: JsonRpcVersion; id: JsonRpcId }, o: CallOutcome): EmuResponse {
    try {
      return jsonAnswer(req, o);
    } catch (err) {
      return errorPage(err);
    }
  }

  function jsonAnswer(req: { version: JsonRpcVersion; id: JsonRpcId }, o: CallOutcome): EmuResponse {
    if (o.ok && o.value instanceof RecordResult) {
      return recordResponseJson(schema, o.value.obj, req.version, req.id, JSON_ENVELOPE, jsonRecordAnswer);
    }
    if (o.ok && o.value instanceof RecordMapResult) {
      return recordResponse('application/json', jsonRecordMapChunks(schema, req.version, req.id, o.value));
    }
    if (o.ok && o.value instanceof EncodedResult) {
      // One encoding of the batch for every caller it wakes, each with its own id (spliced-response.ts).
      const chunks = jsonEncodedChunks(schema, o.type, req.version, o.value);
      const tail = JSON_ENVELOPE.tail(req.version, req.id);
      let length = Buffer.byteLength(tail, 'utf8');
      for (const c of chunks) length += c.byteLength;
      const headers = { 'content-type': 'application/json', ...CORS, 'content-length': String(length) };
      return new SplicedResponse(200, headers, chunks, tail);
    }
    const text = o.ok
      ? encodeJsonSuccessFragment(req.version, req.id, encodeResultJson(schema, o.type, o.value))
      : encodeJsonResponse(req.version, req.id, { ok: false, code: o.code, params: o.params });
    return respond(200, 'application/json', text);
  }

  return (req: EmuRequest): EmuResponse | Promise<EmuResponse> => {
    if (req.method === 'OPTIONS') {
      return {
        status: 200,
        headers: {
          ...CORS,
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': 'Content-Type, Authorization, X-Requested-With',
          'access-control-max-age': '86400',
          'content-length': '0',
        },
        body: new Uint8Array(0),
      };
    }
    if (req.method === 'GET') {
      const answer = get?.(req);
      if (answer !== undefined) return answer;
    }
    if (req.method !== 'POST')
      return respond(404, 'text/html', '<html><body><h1>HTTP 404 not found</h1></body></html>');
    if (req.body.byteLength > MAX_BODY_BYTES) {
      return respond(
        413,
        'text/html',
        '<html><body><h1>HTTP 413 request entity too large</h1></body></html>',
      );
    }
    try {
      // A promise of an answer never rejects: its failures are error pages already, so no
      // .catch layer adds a microtask per parked call woken at once (issue 16, fan-out).
      return isJsonRpcPath(req.path) ? jsonrpc(req.body) : xmlrpc(req.body);
    } catch (err) {
      return errorPage(err);
    }
  };
}
