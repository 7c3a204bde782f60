// The plain-HTTP kit's connection against a raw TCP server that writes crafted responses, byte-split at
// every awkward place: Content-Length, chunked (with extensions and trailers), close-delimited bodies,
// Connection: close, 1xx, 204, errors.
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawHttpConnection, requestHeaderLines } from '../../src/load/raw-http-connection.ts';

let server: Server | undefined;
/** A piece that makes the server close the connection (FIN) at that point. */
const CLOSE = '\u0000close';
afterEach(async () => {
  await new Promise<void>((r) => (server === undefined ? r() : server.close(() => r())));
  server = undefined;
});

/** A server answering each request with the next scripted response, written in the given pieces. */
async function scripted(
  responses: readonly (readonly string[])[],
  opts: { closeAfter?: boolean } = {},
): Promise<string> {
  let n = 0;
  server = createServer((sock: Socket) => {
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        const pieces = responses[n++] ?? ['HTTP/1.1 500 X\r\nContent-Length: 0\r\n\r\n'];
        let delay = 0;
        pieces.forEach((p, i) => {
          // The FIN goes out with the last bytes before it (end(data)), as a server closing a body would.
          if (p === CLOSE) return;
          if (pieces[i + 1] === CLOSE) setTimeout(() => sock.end(p, 'latin1'), (delay += 5));
          else setTimeout(() => sock.write(p, 'latin1'), (delay += 5));
        });
        if (opts.closeAfter === true) setTimeout(() => sock.end(), delay + 5);
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

function get(c: RawHttpConnection, path = '/'): Promise<string> {
  return new Promise((resolve) => c.get(path, resolve));
}

/** The outcomes of `n` requests sent one after the other on `c`. */
async function getInTurn(c: RawHttpConnection, n: number): Promise<string[]> {
  const outcomes: string[] = [];
  for (let i = 0; i < n; i++) outcomes.push(await get(c));
  return outcomes;
}

describe('RawHttpConnection', () => {
  it('reads Content-Length bodies split anywhere, keeping the connection alive', async () => {
    const url = await scripted([
      ['HTTP/1.1 200 OK\r\nContent-', 'Length: 5\r\n\r', '\nhel', 'lo'],
      ['HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'],
      ['HTTP/1.1 204 No Content\r\n\r\n'],
    ]);
    const c = new RawHttpConnection(url);
    expect(await getInTurn(c, 3)).toEqual(['200', '404', '204']);
    expect(c.received).toBe(5);
    await c.close();
  });

  it('keeps a response head split across reads intact while other connections read', async () => {
    // Plain-TCP reads land in one buffer shared by the thread's connections (raw-http-connection.ts):
    // a partial head must be copied out of it before the next read, on this connection or another.
    const halves = ['HTTP/1.1 200 OK\r\nContent-', 'Length: 2\r\n\r\nok'];
    server = createServer((sock: Socket) => {
      sock.on('data', () => {
        sock.write(halves[0]!, 'latin1');
        setTimeout(() => sock.write(halves[1]!, 'latin1'), 60);
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
    const conns = [new RawHttpConnection(url), new RawHttpConnection(url)];
    for (let round = 0; round < 2; round++) {
      expect(await Promise.all(conns.map((c) => get(c)))).toEqual(['200', '200']);
    }
    for (const c of conns) expect(c.received).toBe(4);
    await Promise.all(conns.map((c) => c.close()));
  });

  it('takes a head equal to the last one as read, and parses one that differs by a byte', async () => {
    // The connection keeps the last head it parsed and skips the parse of an identical one (issue 16).
    const head = (status: string, length: number, extra = ''): string =>
      `HTTP/1.1 ${status}\r\nContent-Length: ${length}\r\n${extra}\r\n`;
    const url = await scripted([
      [head('200 OK', 2) + 'ok'],
      [head('200 OK', 2) + 'ok'],
      // Equal but for the head's last byte, beyond its whole 32-bit words (38 bytes: 9 words and 2): an odd
      // header line "\rX" makes it a longer head, whose body is the 2 bytes after it, not "X\r\n\r\nok".
      [head('200 OK', 2).slice(0, -1) + 'X\r\n\r\nok'],
      [head('200 OK', 3) + 'abc'],
      [head('200 OK', 3).slice(0, 20), head('200 OK', 3).slice(20) + 'abc'],
      [head('404 OK', 3) + 'abc'],
      [head('404 OK', 3, 'Connection: close\r\n') + 'abc'],
      [head('404 OK', 3, 'Connection: close\r\n') + 'abc'],
      [head('200 OK', 2) + 'okEXTRA'],
    ]);
    const c = new RawHttpConnection(url);
    // The closes were honoured (a new connection each time), and bytes past a cached head's body are still
    // refused.
    expect(await getInTurn(c, 9)).toEqual(['200', '200', '200', '200', '200', '404', '404', '404', 'EPROTO']);
    expect(c.received).toBe(2 + 2 + 2 + 3 + 3 + 3 + 3 + 3);
    await c.close();
  });

  it('matches header names and values in any case, with blanks around values', async () => {
    const url = await scripted([
      ['HTTP/1.1 200 OK\r\nCONTENT-LENGTH:  3 \r\nconnection: Keep-Alive\r\n\r\nabc'],
      ['HTTP/1.1 201 Created\r\ntransfer-ENCODING: gzip, Chunked \r\n\r\n2\r\nxy\r\n0\r\n\r\n'],
      ['HTTP/1.1 202 Accepted\r\nContent-Length: 1\r\nConnection: CLOSE\r\n\r\nz'],
      ['HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok'],
    ]);
    const c = new RawHttpConnection(url);
    // The close was honoured: the fourth request goes over a new connection, which gets the bad length.
    expect(await getInTurn(c, 4)).toEqual(['200', '201', '202', 'EPROTO']);
    expect(c.received).toBe(3 + 2 + 1);
    await c.close();
  });

  it('never reads stale bytes past the end of a read in the shared buffer', async () => {
    // Connection A fills the shared read buffer with hex digits and one LF; B then receives a chunk-size line
    // whose LF comes in a later read: a search past the read's end would take A's stale digits as B's size.
    const url = await scripted([
      [`HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n${'f'.repeat(3999)}\n`],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4', '\r\nWiki\r\n0\r\n\r\n'],
    ]);
    const a = new RawHttpConnection(url);
    const b = new RawHttpConnection(url);
    expect(await get(a)).toBe('200');
    expect(await get(b)).toBe('200');
    expect([a.received, b.received]).toEqual([4000, 4]);
    await Promise.all([a.close(), b.close()]);
  });

  it('reads chunked bodies with extensions and trailers, byte by byte', async () => {
    const body = '4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: y\r\n\r\n';
    const url = await scripted([
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', ...body.split('')],
      ['HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ]);
    const c = new RawHttpConnection(url);
    expect(await get(c)).toBe('200');
    expect(c.received).toBe(9);
    expect(await get(c)).toBe('201');
    await c.close();
  });

  it('skips 1xx responses and reconnects after Connection: close or a close-delimited body', async () => {
    const url = await scripted([
      ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'],
      ['HTTP/1.0 200 OK\r\n\r\nuntil close', CLOSE],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx'],
    ]);
    const c = new RawHttpConnection(url);
    expect(await getInTurn(c, 3)).toEqual(['200', '200', '200']);
    expect(c.received).toBe(2 + 11 + 1);
    await c.close();
  });

  it('reports protocol errors, resets and refused connections as outcome codes', async () => {
    const url = await scripted([
      ['garbage\r\n\r\n'],
      ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', CLOSE],
    ]);
    const c = new RawHttpConnection(url);
    expect(await getInTurn(c, 2)).toEqual(['EPROTO', 'ECONNRESET']);
    await c.close();
    const refused = new RawHttpConnection('http://127.0.0.1:9');
    expect(await get(refused)).toBe('ECONNREFUSED');
  });

  it('sends Host and k6-like default headers only, and the headers it is given over them', async () => {
    const heads: string[] = [];
    server = createServer((sock: Socket) => {
      let buf = '';
      sock.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        while (buf.includes('\r\n\r\n')) {
          heads.push(buf.slice(0, buf.indexOf('\r\n\r\n') + 4));
          buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
          sock.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
        }
      });
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const port = (server?.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    const plain = new RawHttpConnection(url);
    const custom = new RawHttpConnection(url, {
      headers: { 'user-agent': 'bench/1', Connection: 'keep-alive', 'X-Empty': ' ' },
    });
    expect(await get(plain, '/a?b=1')).toBe('200');
    expect(await get(custom)).toBe('200');
    await Promise.all([plain.close(), custom.close()]);
    expect(heads).toEqual([
      `GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: xapi-harness\r\n\r\n`,
      // A default is replaced by name whatever its case; an empty value drops the header.
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nuser-agent: bench/1\r\nConnection: keep-alive\r\n\r\n`,
    ]);
    expect(requestHeaderLines({ 'User-Agent': '' })).toBe('');
  });

  it.each([
    [{ 'X-A': 'x\r\nX-Injected: 1' }, /CR, LF or NUL/],
    [{ 'Bad Name': 'x' }, /not an HTTP header name/],
    [{ Host: 'elsewhere' }, /Host comes from the URL/],
  ])('refuses a header that would corrupt the request: %o', (headers, message) => {
    expect(() => new RawHttpConnection('http://127.0.0.1:9', { headers })).toThrow(message);
  });
});
