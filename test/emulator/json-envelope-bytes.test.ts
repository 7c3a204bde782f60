// The JSON-RPC success envelope as bytes, remembered for the last (version, id) a handler answered
// (src/emulator/server/envelope-bytes.ts, issue 16): each answer still carries its own request's id.
import { describe, expect, it } from 'vitest';
import { JsonEnvelopeBytes, jsonSuccessEnvelope } from '../../src/emulator/server/envelope-bytes.ts';
import type { JsonRpcId, JsonRpcVersion } from '../../src/wire/index.ts';

describe('JsonEnvelopeBytes', () => {
  it('answers the envelope of each (version, id), telling 1 from "1" and v1 from v2', () => {
    const env = new JsonEnvelopeBytes();
    const asked: [JsonRpcVersion, JsonRpcId][] = [
      ['2.0', 1],
      ['2.0', 1],
      ['2.0', '1'],
      ['1.0', '1'],
      ['1.0', 1],
      ['2.0', 'a"b'],
      ['2.0', 1],
    ];
    for (const [version, id] of asked) {
      const [head, tail] = env.of(version, id);
      expect([head.toString('utf8'), tail.toString('utf8')]).toEqual(jsonSuccessEnvelope(version, id));
    }
  });
});
