// The HTTP(S) transport against bare node:http(s) servers on port 0: these are baselines with
// deliberately broken behaviour (refusing, hanging, resetting, self-signed), not XAPI endpoints. The
// transport is protocol-agnostic (status, headers, bytes): an echo server shows the exact bytes and the
// connection reuse, and the broken servers give each failure at a known point, which neither the emulator
// (always a correct XAPI server) nor the seeded fault proxy (faults at random points) can pin down.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/xapi/harness-errors.ts';
import { httpTransport } from '../../src/client/http-transport.ts';
import type { Transport } from '../../src/client/transport.ts';
import { closedPort } from '../support/closed-port.ts';

const open: { close(): unknown }[] = [];
const transports: Transport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const s of open.splice(0)) s.close();
});

async function listen(server: Server | HttpsServer): Promise<number> {
  open.push({ close: () => server.closeAllConnections() });
  open.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function track(t: Transport): Transport {
  transports.push(t);
  return t;
}

const post = (body = 'hello') =>
  ({ method: 'POST', path: '/', headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) }) as const;

async function rejection(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }
  throw new Error('expected a TransportError');
}

describe('httpTransport', () => {
  it('returns status, lower-case headers and the exact body bytes, reusing one connection', async () => {
    const sockets = new Set<unknown>();
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      sockets.add(req.socket);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'Content-Type': 'text/xml', 'X-Path': req.url ?? '' });
        res.end(Buffer.concat([Buffer.from('echo:'), body]));
      });
    });
    const port = await listen(server);
    const t = track(httpTransport(`http://127.0.0.1:${port}/prefix/`, { connections: 4 }));
    expect(t.target).toBe(`http://127.0.0.1:${port}/prefix`);
    for (let i = 0; i < 20; i++) {
      const res = await t.request({ ...post(`n${i} é`), path: '/jsonrpc' });
      expect(res.status).toBe(200);
      expect(res.headers['x-path']).toBe('/prefix/jsonrpc');
      expect(Buffer.from(res.body).toString('utf8')).toBe(`echo:n${i} é`);
    }
    // Keep-alive: sequential requests reuse sockets. undici may open a second one when the next request is
    // queued before the pool has seen the previous response end, so allow 2, not 20.
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('reads chunked bodies of unknown length', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 50; i++) res.write('x'.repeat(1000));
      res.end();
    });
    const port = await listen(server);
    const t = track(httpTransport(`http://127.0.0.1:${port}`));
    const res = await t.request(post());
    expect(res.body.byteLength).toBe(50_000);
  });

  it('maps a closed port to ECONNREFUSED', async () => {
    const port = await closedPort();
    const t = track(httpTransport(`http://127.0.0.1:${port}`));
    const e = await rejection(t.request(post()));
    expect(e.code).toBe('ECONNREFUSED');
    expect(e.target).toBe(`http://127.0.0.1:${port}`);
  });

  it('maps a server that never answers to TIMEOUT within the limit', async () => {
    const server = createServer(() => {
      /* never answers */
    });
    const port = await listen(server);
    const t = track(httpTransport(`http://127.0.0.1:${port}`, { timeoutMs: 300 }));
    const t0 = performance.now();
    const e = await rejection(t.request(post()));
    expect(e.code).toBe('TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('maps a reset connection to ECONNRESET', async () => {
    const server = createServer((req) => req.socket.destroy());
    const port = await listen(server);
    const t = track(httpTransport(`http://127.0.0.1:${port}`));
    const e = await rejection(t.request(post()));
    expect(e.code).toBe('ECONNRESET');
  });

  it('enforces maxResponseBytes with and without Content-Length', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/chunked') {
        res.writeHead(200);
        res.write('y'.repeat(600));
        res.end('y'.repeat(600));
      } else res.end('z'.repeat(2000));
    });
    const port = await listen(server);
    const t = track(httpTransport(`http://127.0.0.1:${port}`, { maxResponseBytes: 1000 }));
    expect((await rejection(t.request(post()))).code).toBe('TOO_LARGE');
    expect((await rejection(t.request({ ...post(), path: '/chunked' }))).code).toBe('TOO_LARGE');
  });

  it('maps an AbortSignal to ABORTED and a closed transport to CLOSED', async () => {
    const server = createServer(() => {
      /* never answers */
    });
    const port = await listen(server);
    const t = httpTransport(`http://127.0.0.1:${port}`);
    const ac = new AbortController();
    const pending = t.request(post(), ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect((await rejection(pending)).code).toBe('ABORTED');
    const timed = await rejection(t.request(post(), AbortSignal.timeout(50)));
    expect(timed.code).toBe('TIMEOUT');
    await t.close();
    expect((await rejection(t.request(post()))).code).toBe('CLOSED');
  });

  it('reports pool stats: running and queued requests beyond the connection cap', async () => {
    const pending: ServerResponse[] = [];
    const server = createServer((_req, res) => {
      pending.push(res);
    });
    const port = await listen(server);
    const t = track(httpTransport(`http://127.0.0.1:${port}`, { connections: 2 }));
    const inFlight = [0, 1, 2, 3].map(() => t.request(post()));
    const deadline = performance.now() + 5000;
    while (pending.length < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(t.stats?.()).toMatchObject({ connected: 2, running: 2, queued: 2 });
    // Answer everything, including the queued ones once they reach the server.
    for (let answered = 0; answered < 4 && performance.now() < deadline;) {
      const res = pending.shift();
      if (res === undefined) await new Promise((r) => setTimeout(r, 10));
      else {
        res.end('ok');
        answered++;
      }
    }
    const done = await Promise.all(inFlight);
    expect(done.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('rejects URLs it cannot serve', () => {
    expect(() => httpTransport('ftp://127.0.0.1')).toThrow(TypeError);
    expect(() => httpTransport('not a url')).toThrow(TypeError);
  });

  describe('TLS (self-signed certificate)', () => {
    async function tlsServer(): Promise<{ port: number; cert: string }> {
      const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
        keyType: 'ec',
        extensions: [
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      });
      const server = createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) =>
        res.end('secure'),
      );
      const port = await listen(server);
      return { port, cert: pems.cert };
    }

    it('fails with TLS when the certificate is not trusted', async () => {
      const { port } = await tlsServer();
      const t = track(httpTransport(`https://127.0.0.1:${port}`));
      const e = await rejection(t.request(post()));
      expect(e.code).toBe('TLS');
      expect(e.detail).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    });

    it('connects with the CA given, or with insecure', async () => {
      const { port, cert } = await tlsServer();
      const withCa = track(httpTransport(`https://127.0.0.1:${port}`, { ca: cert }));
      expect(Buffer.from((await withCa.request(post())).body).toString()).toBe('secure');
      const viaName = track(httpTransport(`https://localhost:${port}`, { ca: Buffer.from(cert) }));
      expect((await viaName.request(post())).status).toBe(200);
      const insecure = track(httpTransport(`https://127.0.0.1:${port}`, { insecure: true }));
      expect((await insecure.request(post())).status).toBe(200);
    });
  });
});
