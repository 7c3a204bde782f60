// The success envelopes of both protocols as UTF-8 bytes, split around the result value, for
// responses assembled from chunks (record-response-chunks.ts, encoded-result-chunks.ts). Derived from
// the wire codec's own envelopes (encodeSuccessFragment / encodeJsonSuccessFragment), so the bytes
// cannot drift from the string encoding.
import { encodeJsonSuccessFragment, encodeSuccessFragment } from '../../wire/index.ts';
import type { JsonRpcId, JsonRpcVersion } from '../../wire/index.ts';

// The codec escapes control characters in JSON ids and never emits U+0000 in an envelope.
const HOLE = '\u0000';
const [XML_HEAD = '', XML_TAIL = ''] = encodeSuccessFragment(HOLE).split(HOLE);

/** `<methodResponse>…<name>Value</name>` before the `<value>` of a success. */
export const XML_SUCCESS_HEAD = Buffer.from(XML_HEAD, 'utf8');
/** What follows the `<value>` of a success. */
export const XML_SUCCESS_TAIL = Buffer.from(XML_TAIL, 'utf8');
export const XML_SUCCESS_HEAD_TEXT = XML_HEAD;
export const XML_SUCCESS_TAIL_TEXT = XML_TAIL;

/** The JSON-RPC success envelope (v1 or v2, with the caller's id) as [text before, text after]. */
export function jsonSuccessEnvelope(version: JsonRpcVersion, id: JsonRpcId): [string, string] {
  const [head = '', tail = ''] = encodeJsonSuccessFragment(version, id, HOLE).split(HOLE);
  return [head, tail];
}

/**
 * The last envelope asked for, as bytes (one per request handler): a client that sends the same id
 * again, as benches and simple pollers do, gets its get_record answer without encoding the envelope
 * (issue 16). One entry: a client counting ids up just misses, at the cost it had before.
 */
export class JsonEnvelopeBytes {
  #version: JsonRpcVersion | undefined;
  #id: JsonRpcId | undefined;
  #bytes: [Buffer, Buffer] = [Buffer.alloc(0), Buffer.alloc(0)];

  /** jsonSuccessEnvelope as UTF-8 bytes. */
  of(version: JsonRpcVersion, id: JsonRpcId): [Buffer, Buffer] {
    if (this.#version === version && this.#id === id) return this.#bytes;
    const [head, tail] = jsonSuccessEnvelope(version, id);
    this.#bytes = [Buffer.from(head, 'utf8'), Buffer.from(tail, 'utf8')];
    this.#version = version;
    this.#id = id;
    return this.#bytes;
  }
}
