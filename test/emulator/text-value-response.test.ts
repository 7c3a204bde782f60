// The prebuilt XML-RPC envelope for one-string results (text-value-response.ts): the same bytes as the
// general encoder, and a content-length that counts UTF-8 bytes, for strings that need escaping too.
import { describe, expect, it } from 'vitest';
import { TextValueResponses } from '../../src/emulator/server/text-value-response.ts';
import { decodeResponse, encodeResponse } from '../../src/wire/index.ts';

const VALUES = [
  'OpaqueRef:8c1e3c8e-4a57-4c86-9f4c-2b6f1d1c9a10',
  '',
  'a&b<c>"d\'e',
  'café € 😀',
  'tab\tline\nret\r',
  'ctl\u0001\u001f end',
  '\uFFFE\uFFFF',
];

describe('TextValueResponses', () => {
  it('answers what encodeResponse gives, with the UTF-8 length, for plain and escaped strings', () => {
    const t = new TextValueResponses();
    for (const v of VALUES) {
      const r = t.answer(v);
      expect(r.text, JSON.stringify(v)).toBe(encodeResponse({ ok: true, value: v }));
      expect(r.status).toBe(200);
      expect(r.headers).toEqual({
        'content-type': 'text/xml',
        'access-control-allow-origin': '*',
        'content-length': String(Buffer.byteLength(r.text, 'utf8')),
      });
      expect(decodeResponse(r.text)).toMatchObject({ ok: true });
    }
  });

  it('equal lengths share one header object; different lengths do not', () => {
    const t = new TextValueResponses();
    const a = t.answer('OpaqueRef:aaaa');
    expect(t.answer('OpaqueRef:bbbb').headers).toBe(a.headers);
    expect(t.answer('OpaqueRef:bbbbb').headers).not.toBe(a.headers);
    expect(t.answer('OpaqueRef:bbbbb').headers['content-length']).toBe(
      String(Number(a.headers['content-length']) + 1),
    );
  });
});
