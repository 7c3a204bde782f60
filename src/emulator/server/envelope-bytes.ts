// The success envelopes of both protocols as UTF-8 bytes, split around the result value, for
// responses assembled from chunks (record-response-chunks.ts, encoded-result-chunks.ts). Derived from
// the wire codec's own envelopes (encodeSuccessFragment / encodeJsonSuccessFragment), so the bytes
// cannot drift from the string encoding.
import type { JsonEnvelope } from '../dispatch/encode-result.ts';
import { encodeJsonId, encodeJsonSuccessFragment, encodeSuccessFragment } from '../../wire/index.ts';
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

// The v1 and v2 envelopes split at their id, to write the tail of any id without encoding the envelope again.
const ID_MARK = 'ID';
function split(version: JsonRpcVersion): { head: Buffer; before: string; after: string } {
  const [head, tail] = jsonSuccessEnvelope(version, ID_MARK);
  const [before = '', after = ''] = tail.split(encodeJsonId(ID_MARK));
  return { head: Buffer.from(head, 'utf8'), before, after };
}
const V1 = split('1.0');
const V2 = split('2.0');

/**
 * jsonSuccessEnvelope in pieces for a get_record answer built around cached record bytes (issue 16): the head
 * of each version as bytes (shared), the tail as text for the caller's id.
 */
export const JSON_ENVELOPE: JsonEnvelope = {
  head: (version) => (version === '2.0' ? V2 : V1).head,
  tail: (version, id) => {
    const v = version === '2.0' ? V2 : V1;
    return v.before + encodeJsonId(id) + v.after;
  },
};
