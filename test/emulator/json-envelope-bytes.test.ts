// The JSON-RPC success envelope in pieces (src/emulator/server/envelope-bytes.ts, issue 16): the head of
// each version shared as bytes, the tail written for the caller's id; together they are the codec's envelope.
import { describe, expect, it } from 'vitest';
import { JSON_ENVELOPE, jsonSuccessEnvelope } from '../../src/emulator/server/envelope-bytes.ts';
import type { JsonRpcId, JsonRpcVersion } from '../../src/wire/index.ts';

describe('JSON_ENVELOPE', () => {
  it('is the envelope of each (version, id), telling 1 from "1" and v1 from v2', () => {
    const ids: JsonRpcId[] = [1, '1', 0, -7, 123456789012345, 'a"b', 'ID', '\u0001\\', 'é名', ''];
    for (const version of ['1.0', '2.0'] as JsonRpcVersion[]) {
      for (const id of ids) {
        const head = JSON_ENVELOPE.head(version);
        expect([head.toString('utf8'), JSON_ENVELOPE.tail(version, id)]).toEqual(
          jsonSuccessEnvelope(version, id),
        );
        // The head is shared, not built per call.
        expect(JSON_ENVELOPE.head(version)).toBe(head);
      }
    }
  });
});
