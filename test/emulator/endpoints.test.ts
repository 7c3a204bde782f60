// The HTTP endpoint, through a real socket on port 0 (SEMANTICS.md §2 "Endpoints").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import { decodeResponse, encodeMethodCall } from '../../src/wire/index.ts';
import { startEmulator } from './fixture.ts';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ httpsPort: 0 });
});
afterAll(async () => {
  await emu.close();
});

const login = encodeMethodCall('session.login_with_password', ['root', 'xapi-harness']);

async function post(path: string, body: string | Uint8Array, contentType = 'text/xml'): Promise<Response> {
  return fetch(emu.url + path, { method: 'POST', body, headers: { 'content-type': contentType } });
}

describe('XML-RPC endpoints', () => {
  for (const path of ['/', '/RPC2', '/json', '/xmlrpc', '/anything/else?x=1', '/jsonrpcx', '/jsonrpc/x']) {
    it(`POST ${path} is XML-RPC with text/xml and CORS`, async () => {
      const res = await post(path, login);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/xml');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const r = decodeResponse(new Uint8Array(await res.arrayBuffer()));
      expect(r.ok).toBe(true);
      expect(r.ok && typeof r.value === 'string' && r.value.startsWith('OpaqueRef:')).toBe(true);
    });
  }

  it('answers compactly: no whitespace between elements', async () => {
    const text = await (await post('/', login)).text();
    expect(text).not.toMatch(/>\s+</);
    expect(text.startsWith('<?xml version="1.0"?><methodResponse><params><param><value><struct>')).toBe(true);
  });

  it('malformed XML gets HTTP 500 with an HTML body', async () => {
    for (const body of [
      '<methodCall><methodName>x',
      'not xml at all',
      '<?xml version="1.0"?><methodCall></methodCall>',
    ]) {
      const res = await post('/', body);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toContain('<html>');
    }
  });

  it('a body over 300 KiB is refused with 413 and the server stays up', async () => {
    const big =
      '<?xml version="1.0"?><methodCall><methodName>x</methodName><params><param><value>' +
      'a'.repeat(310 * 1024) +
      '</value></param></params></methodCall>';
    const res = await post('/', big);
    expect(res.status).toBe(413);
    expect((await post('/', login)).status).toBe(200);
  });

  it('a body just under the limit is processed', async () => {
    const body = encodeMethodCall('system.listMethods', ['x'.repeat(290 * 1024)]);
    const res = await post('/', body);
    expect(res.status).toBe(200);
  });

  it('OPTIONS answers CORS preflight', async () => {
    const res = await fetch(emu.url + '/jsonrpc', {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('GET is not an RPC endpoint', async () => {
    const res = await fetch(emu.url + '/');
    expect(res.status).toBe(404);
  });
});

describe('JSON-RPC at /jsonrpc', () => {
  it('v2: result and error shapes, application/json', async () => {
    const res = await post(
      '/jsonrpc',
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'session.login_with_password',
        params: ['root', 'xapi-harness'],
        id: 7,
      }),
      'application/json',
    );
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { jsonrpc: string; result: string; id: number };
    expect(body.jsonrpc).toBe('2.0');
    expect(body.id).toBe(7);
    expect(body.result).toMatch(/^OpaqueRef:/);
    const bad = await post(
      '/jsonrpc',
      JSON.stringify({ jsonrpc: '2.0', method: 'VM.get_all', params: ['OpaqueRef:nope'], id: 'a' }),
    );
    expect(await bad.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: 1, message: 'SESSION_INVALID', data: ['OpaqueRef:nope'] },
      id: 'a',
    });
  });

  it('the query string aside: /jsonrpc?x=1 is JSON-RPC', async () => {
    const res = await post(
      '/jsonrpc?x=1',
      JSON.stringify({ jsonrpc: '2.0', method: 'VM.get_all', params: ['OpaqueRef:nope'], id: 1 }),
    );
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('SESSION_INVALID');
  });

  it('v1: {result, error, id}; ints are JSON numbers', async () => {
    const r1 = (await (
      await post(
        '/jsonrpc',
        JSON.stringify({ method: 'session.login_with_password', params: ['root', 'xapi-harness'], id: 1 }),
      )
    ).json()) as { result: string; error: null };
    expect(r1.error).toBeNull();
    const vms = (await (
      await post('/jsonrpc', JSON.stringify({ method: 'VM.get_all_records', params: [r1.result], id: 2 }))
    ).json()) as { result: Record<string, { VCPUs_max: unknown; is_a_template: unknown }> };
    const first = Object.values(vms.result)[0];
    expect(typeof first?.VCPUs_max).toBe('number');
    expect(typeof first?.is_a_template).toBe('boolean');
    const err = await (
      await post('/jsonrpc', JSON.stringify({ method: 'VM.get_all', params: ['OpaqueRef:x'], id: 3 }))
    ).json();
    expect(err).toEqual({ result: null, error: ['SESSION_INVALID', 'OpaqueRef:x'], id: 3 });
  });

  it('malformed JSON and notifications get HTTP 500', async () => {
    expect((await post('/jsonrpc', '{"method":')).status).toBe(500);
    expect(
      (await post('/jsonrpc', JSON.stringify({ jsonrpc: '2.0', method: 'VM.get_all', params: [] }))).status,
    ).toBe(500);
  });
});

describe('HTTPS', () => {
  it('serves the same API over TLS with the generated certificate', async () => {
    expect(emu.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { Agent, fetch: ufetch } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: emu.cert, servername: 'localhost' } });
    try {
      const res = await ufetch(emu.httpsUrl + '/', { method: 'POST', body: login, dispatcher });
      expect(res.status).toBe(200);
      const r = decodeResponse(new Uint8Array(await res.arrayBuffer()));
      expect(r.ok).toBe(true);
    } finally {
      await dispatcher.close();
    }
  });
});

describe('HTTPS with a given certificate', () => {
  it('serves the certificate passed as cert/key', async () => {
    const { selfSignedCert } = await import('../../src/emulator/server/self-signed-cert.ts');
    const tls = await selfSignedCert('given-cert-host');
    const given = await startEmulator({ httpsPort: 0, cert: tls.cert, key: tls.key });
    const { Agent, fetch: ufetch } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: tls.cert, servername: 'localhost' } });
    try {
      expect(given.cert).toBe(tls.cert);
      const res = await ufetch(given.httpsUrl + '/', { method: 'POST', body: login, dispatcher });
      expect(decodeResponse(new Uint8Array(await res.arrayBuffer())).ok).toBe(true);
      // A client that trusts only another certificate is refused.
      const other = new Agent({ connect: { ca: emu.cert, servername: 'localhost' } });
      await expect(
        ufetch(given.httpsUrl + '/', { method: 'POST', body: login, dispatcher: other }),
      ).rejects.toThrow();
      await other.close();
    } finally {
      await dispatcher.close();
      await given.close();
    }
  });
});
