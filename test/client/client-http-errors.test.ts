// What the client says when no XAPI answers over HTTP. The bare node:http servers here are different
// endpoints on purpose (a web server answering 404 HTML, a closed port): baselines, not XAPI. Each case is
// one the emulator cannot produce, since it is an XAPI endpoint and always answers as one: HTML 404s,
// non-XML 200s, JSON-RPC answers to another id, silence, and XAPI failures under a non-200 status (a
// reverse proxy in front of a host does such things). Transport faults on a real emulator (resets,
// truncation, 5xx) are tested through the fault proxy (test/faultproxy).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/xapi/harness-errors.ts';
import { httpTransport } from '../../src/client/http-transport.ts';
import { XapiClient } from '../../src/client/xapi-client.ts';
import { closedPort } from '../support/closed-port.ts';

const servers: Server[] = [];
const clients: XapiClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(url: string, protocol: 'xmlrpc' | 'jsonrpc' = 'xmlrpc'): XapiClient {
  const c = new XapiClient({ transport: httpTransport(url, { timeoutMs: 2000 }), protocol });
  clients.push(c);
  return c;
}

async function transportError(p: Promise<unknown>): Promise<TransportError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TransportError);
  return e as TransportError;
}

describe('XapiClient over HTTP when no XAPI answers', () => {
  it('maps a web server answering 404 HTML to HTTP_STATUS with the status', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Not Found</h1></body></html>');
    });
    for (const protocol of ['xmlrpc', 'jsonrpc'] as const) {
      const e = await transportError(client(url, protocol).login('root', 'pw'));
      expect(e.code).toBe('HTTP_STATUS');
      expect(e.status).toBe(404);
      expect(e.message).toContain('Not Found');
    }
  });

  it('maps a 200 answer that is not XML-RPC to BAD_RESPONSE', async () => {
    const url = await serve((_req, res) => res.end('hello, world'));
    const e = await transportError(client(url).call('host.get_all', ['OpaqueRef:x']));
    expect(e.code).toBe('BAD_RESPONSE');
  });

  it('maps a JSON-RPC answer to another request id to BAD_RESPONSE', async () => {
    const url = await serve((_req, res) => res.end('{"jsonrpc":"2.0","result":"OpaqueRef:x","id":999999}'));
    const e = await transportError(client(url, 'jsonrpc').call('host.get_all', ['OpaqueRef:x']));
    expect(e.code).toBe('BAD_RESPONSE');
    expect(e.message).toMatch(/id 999999/);
  });

  it('maps a closed port to ECONNREFUSED', async () => {
    const port = await closedPort();
    const e = await transportError(client(`http://127.0.0.1:${port}`).login('root', 'pw'));
    expect(e.code).toBe('ECONNREFUSED');
  });

  it("enforces callTimeoutMs (TIMEOUT) and the caller's AbortSignal (ABORTED) on a silent server", async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const c = new XapiClient({ transport: httpTransport(url, { timeoutMs: 10_000 }), callTimeoutMs: 150 });
    clients.push(c);
    const t0 = performance.now();
    expect((await transportError(c.call('host.get_all', ['OpaqueRef:x']))).code).toBe('TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(2000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const aborted = await transportError(c.call('host.get_all', ['OpaqueRef:x'], { signal: ac.signal }));
    expect(aborted.code).toBe('ABORTED');
  });

  it('keeps an XAPI failure sent with a non-200 status an XAPI failure', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(
        '<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>INTERNAL_ERROR</value><value>x</value></data></array></value></member></struct></value></param></params></methodResponse>',
      );
    });
    const outcome = await client(url).attempt('host.get_all', ['OpaqueRef:x']);
    expect(outcome).toEqual({ ok: false, code: 'INTERNAL_ERROR', params: ['x'] });
  });
});
