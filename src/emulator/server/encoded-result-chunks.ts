// Success responses of informally typed results (event.from / event.next batches) assembled from
// chunks. An event hub answers every client waiting on the same change with the same EncodedResult
// (events/event-hub.ts, recent answers), so its value is encoded to UTF-8 once per protocol and
// shared: waking 2,000 parked event.from calls, or sending a 10,000-VM initial snapshot to several
// clients, costs one encoding, not one per client.
import type { JsonRpcId, JsonRpcVersion } from '../../wire/index.ts';
import { encodeResultJson, encodeResultXml } from '../dispatch/encode-result.ts';
import type { EncodedResult } from '../registry/result-values.ts';
import type { EmuResponse } from './http-types.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import type { XapiType } from '../../xapi/types.ts';
import { jsonSuccessEnvelope, XML_SUCCESS_HEAD, XML_SUCCESS_TAIL } from './envelope-bytes.ts';

function valueBytes(
  schema: EmuSchema,
  type: XapiType,
  r: EncodedResult,
  protocol: 'xmlrpc' | 'jsonrpc',
): Uint8Array {
  // Kept on the result object: it lives exactly as long as the batch it encodes.
  const entry = r.bytes;
  let bytes = entry[protocol];
  if (bytes === undefined) {
    const text = protocol === 'xmlrpc' ? encodeResultXml(schema, type, r) : encodeResultJson(schema, type, r);
    bytes = Buffer.from(text, 'utf8');
    entry[protocol] = bytes;
  }
  return bytes;
}

export function xmlEncodedChunks(schema: EmuSchema, type: XapiType, r: EncodedResult): Uint8Array[] {
  return [XML_SUCCESS_HEAD, valueBytes(schema, type, r, 'xmlrpc'), XML_SUCCESS_TAIL];
}

export function jsonEncodedChunks(
  schema: EmuSchema,
  type: XapiType,
  version: JsonRpcVersion,
  id: JsonRpcId,
  r: EncodedResult,
): Uint8Array[] {
  const [head, tail] = jsonSuccessEnvelope(version, id);
  return [Buffer.from(head, 'utf8'), valueBytes(schema, type, r, 'jsonrpc'), Buffer.from(tail, 'utf8')];
}

/** JSON-RPC envelopes (version, id) whose whole answer one result keeps; more distinct ids are built per call. */
const MAX_SHARED_ENVELOPES = 8;

/**
 * The whole answer of an encoded result, shared by every request with the same envelope: clients woken
 * by one change get one response object, whose body they all write (a per-caller `Buffer.concat` of the
 * batch into its envelope was the largest cost of waking 2,000 parked event.from calls: the copies and
 * the garbage they leave). `build` makes the answer when it is not kept yet.
 */
export function sharedResponse(r: EncodedResult, envelope: string, build: () => EmuResponse): EmuResponse {
  const kept = r.responses.get(envelope);
  if (kept !== undefined) return kept;
  const made = build();
  if (r.responses.size < MAX_SHARED_ENVELOPES) r.responses.set(envelope, made);
  return made;
}

/** The key of a JSON-RPC envelope (ids are JSON values: their text tells them apart). */
export function jsonEnvelopeKey(version: JsonRpcVersion, id: JsonRpcId): string {
  return version + ' ' + JSON.stringify(id);
}
