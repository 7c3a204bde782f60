// What counts as "xapi's answer" to a bad request (SEMANTICS.md §2):
// - 200 with a Success/Failure envelope (text/xml on XML-RPC, application/json on /jsonrpc), the failure
//   code being one xapi knows (the datamodel's error catalogue or the wire names it raises undeclared);
// - 500 with an HTML page for a body it cannot parse (wire-protocol.md §Errors);
// - 413 for a body over 300 KiB (constants.ml);
// - for bytes that are not HTTP at all, the HTTP error of the server's HTTP layer (400, 431) or a close.
// Anything else (a 200 that does not decode, a JS stack trace, an unknown error code) is a defect.
import type { RawResponse } from '../../src/client/index.ts';
import { decodeJsonResponse, decodeResponse, type XapiResponse } from '../../src/wire/index.ts';
import { ERRORS, UNDECLARED_ERRORS } from '../../src/xapi/index.ts';
import { postBytes, rawExchange, type RawAnswer } from './raw-http.ts';
import { encodeMethodCall } from '../../src/wire/index.ts';

/** Answers (VM.get_all_records) may be far larger than the 300 KiB request limit. */
const ANSWER_LIMITS = { maxBytes: 256 * 1024 * 1024 };

export type AnswerKind =
  | { readonly kind: 'envelope'; readonly response: XapiResponse }
  | { readonly kind: 'parse-error' }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'closed' };

export class NotXapiAnswer extends Error {
  override readonly name = 'NotXapiAnswer';
}

function text(body: Uint8Array): string {
  return Buffer.from(body).toString('utf8').slice(0, 300);
}

/**
 * Codes xapi can put in a Failure: the catalogue, the wire names it raises undeclared, and "Fault" (the
 * Async call of a message without an async mode, gen_api.ml response_of_fault; SEMANTICS.md §2).
 */
export function isXapiErrorCode(code: string): boolean {
  return ERRORS.has(code) || UNDECLARED_ERRORS.has(code) || code === 'Fault';
}

/**
 * Classifies an answer and throws NotXapiAnswer when it is not one xapi could give. `endpoint` is the
 * protocol of the path the request went to.
 */
export function classifyAnswer(
  answer: RawAnswer | RawResponse,
  endpoint: 'xmlrpc' | 'jsonrpc',
  options: { readonly allowHttpErrors?: boolean } = {},
): AnswerKind {
  if ('closedWithoutAnswer' in answer && answer.closedWithoutAnswer) {
    if (options.allowHttpErrors === true) return { kind: 'closed' };
    throw new NotXapiAnswer('the server closed the connection without answering');
  }
  const ct = answer.headers['content-type'] ?? '';
  const cors = answer.headers['access-control-allow-origin'];
  switch (answer.status) {
    case 200: {
      if (cors !== '*') throw new NotXapiAnswer('200 answer without Access-Control-Allow-Origin: *');
      let response: XapiResponse;
      try {
        if (endpoint === 'xmlrpc') {
          if (ct !== 'text/xml') throw new NotXapiAnswer(`XML-RPC answer with content-type '${ct}'`);
          response = decodeResponse(answer.body, ANSWER_LIMITS);
        } else {
          if (ct !== 'application/json') throw new NotXapiAnswer(`JSON-RPC answer with content-type '${ct}'`);
          response = decodeJsonResponse(answer.body, ANSWER_LIMITS).response;
        }
      } catch (e) {
        if (e instanceof NotXapiAnswer) throw e;
        throw new NotXapiAnswer(`200 answer that does not decode (${String(e)}): ${text(answer.body)}`);
      }
      if (!response.ok && !isXapiErrorCode(response.code)) {
        throw new NotXapiAnswer(`failure code '${response.code}' is not an XAPI error`);
      }
      if (!response.ok && response.params.some((p) => typeof p !== 'string')) {
        throw new NotXapiAnswer('failure params must all be strings');
      }
      return { kind: 'envelope', response };
    }
    case 500:
      if (!ct.startsWith('text/html') || !text(answer.body).includes('<html>')) {
        throw new NotXapiAnswer(`500 without xapi's HTML page: ${ct} ${text(answer.body)}`);
      }
      return { kind: 'parse-error' };
    case 413:
      return { kind: 'too-large' };
    default:
      if (options.allowHttpErrors === true && answer.status >= 400 && answer.status < 500) {
        return { kind: 'http-error', status: answer.status };
      }
      throw new NotXapiAnswer(`unexpected HTTP ${answer.status}: ${text(answer.body)}`);
  }
}

/** The failure [code, ...params] of an envelope answer; throws when it is anything else. */
export function failureOf(kind: AnswerKind): readonly string[] {
  if (kind.kind !== 'envelope') throw new Error(`expected a failure envelope, got ${kind.kind}`);
  if (kind.response.ok) throw new Error('expected a failure envelope, got Success');
  return [kind.response.code, ...kind.response.params];
}

/** Logs in over raw HTTP (no client in between) and returns the session ref; throws when it cannot. */
export async function rawLogin(
  target: { readonly url: string; readonly user: string; readonly password: string },
  timeoutMs = 5_000,
): Promise<string> {
  const answer = await rawExchange(
    target.url,
    postBytes('/', encodeMethodCall('session.login_with_password', [target.user, target.password])),
    { timeoutMs },
  );
  const k = classifyAnswer(answer, 'xmlrpc');
  if (k.kind !== 'envelope' || !k.response.ok || typeof k.response.value !== 'string')
    throw new Error('login');
  return k.response.value;
}
