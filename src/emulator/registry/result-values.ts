// Results a message implementation may return instead of a plain value, so that the endpoint can serve
// the record's cached encoding (StoredObject.encoded) instead of marshalling it again: get_record is
// the hottest call of every client, and most records do not change between two reads.
import type { XapiJs } from '../../xapi/types.ts';
import type { StoredObject } from '../db/db-types.ts';
import type { EmuResponse } from '../server/http-types.ts';

/** One stored record, as the result of `<cls>.get_record`. */
export class RecordResult {
  constructor(readonly obj: StoredObject) {}
}

/** A ref → record map, as the result of `<cls>.get_all_records`. */
export class RecordMapResult {
  constructor(readonly objs: readonly StoredObject[]) {}
}

/**
 * A result whose shape the datamodel declares only informally ("an event batch"): the implementation
 * writes the protocol's text itself, embedding stored records through `record`, which serves their
 * cached encoding (issue 4: event.from snapshots).
 */
export class EncodedResult {
  /**
   * The UTF-8 bytes of the encoded value per protocol, filled on first send (server/encoded-result-chunks.ts):
   * every client woken by the same change gets this one object, so it is encoded once.
   */
  readonly bytes: { xmlrpc?: Uint8Array; jsonrpc?: Uint8Array } = {};

  /**
   * The whole XML-RPC answer, so that the clients woken by one change are all written the same bytes: no
   * per-caller copy of the batch into its envelope (issue 16: 2,000 parked event.from calls). JSON-RPC
   * answers carry each caller's id: they share the bytes before it (server/spliced-response.ts).
   */
  xmlResponse: EmuResponse | undefined = undefined;

  constructor(
    readonly encode: (protocol: 'xmlrpc' | 'jsonrpc', record: (obj: StoredObject) => string) => string,
  ) {}
}

/** What a message implementation returns: a typed value, or one of the results above. */
export type MessageResult = XapiJs | RecordResult | RecordMapResult | EncodedResult;
