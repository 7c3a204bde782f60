// Success responses of informally typed results (event.from / event.next batches) assembled from
// chunks. An event hub answers every client waiting on the same change with the same EncodedResult
// (events/event-hub.ts, recent answers), so its value is encoded to UTF-8 once per protocol and
// shared: waking 2,000 parked event.from calls, or sending a 10,000-VM initial snapshot to several
// clients, costs one encoding, not one per client.
import type { JsonRpcId, JsonRpcVersion } from '../../wire/index.ts';
import { encodeResultJson, encodeResultXml } from '../dispatch/encode-result.ts';
import type { EncodedResult } from '../registry/result-values.ts';
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
