// Success responses of informally typed results (event.from / event.next batches) assembled from
// chunks. An event hub answers every client waiting on the same change with the same EncodedResult
// (events/event-hub.ts, recent answers), so its value is encoded to UTF-8 once per protocol and
// shared: waking 2,000 parked event.from calls, or sending a 10,000-VM initial snapshot to several
// clients, costs one encoding, not one per client, and no copy per client.
import type { JsonRpcVersion } from '../../wire/index.ts';
import { encodeResultJson, encodeResultXml } from '../dispatch/encode-result.ts';
import type { EncodedResult } from '../registry/result-values.ts';
import type { EmuResponse } from './http-types.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import type { XapiType } from '../../xapi/types.ts';
import { JSON_ENVELOPE, XML_SUCCESS_HEAD, XML_SUCCESS_TAIL } from './envelope-bytes.ts';

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

/** The chunks of a JSON-RPC success before its id: the version's envelope head and the value, both shared. */
export function jsonEncodedChunks(
  schema: EmuSchema,
  type: XapiType,
  version: JsonRpcVersion,
  r: EncodedResult,
): Uint8Array[] {
  return [JSON_ENVELOPE.head(version), valueBytes(schema, type, r, 'jsonrpc')];
}

/**
 * The whole XML-RPC answer of an encoded result, shared by every request it answers: clients woken by one
 * change get one response object, whose body they all write (a per-caller `Buffer.concat` of the batch into
 * its envelope was the largest cost of waking 2,000 parked event.from calls: the copies and the garbage they
 * leave). JSON-RPC answers differ by their ids: they share the chunks before the id instead
 * (jsonEncodedChunks, spliced-response.ts). `build` makes the answer when it is not kept yet.
 */
export function sharedXmlResponse(r: EncodedResult, build: () => EmuResponse): EmuResponse {
  return (r.xmlResponse ??= build());
}
