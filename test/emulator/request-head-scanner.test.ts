// The fast path's request-head scanner (src/emulator/server/request-head-scanner.ts) against a parser
// nobody here wrote: node's own (llhttp), behind a node:http server that echoes what it read. Whatever
// the scanner accepts, node must read the same method, path, headers and body; whatever it hands off is
// node's anyway. Heads are generated (fast-check) from valid pieces and from the shapes the scanner must
// refuse, and fed to it whole and one byte at a time (its state carries across reads).
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestHeadScanner, MAX_HEAD_BYTES } from '../../src/emulator/server/request-head-scanner.ts';
import { FastRequest } from '../../src/emulator/server/fast-request.ts';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const echo: Echo = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('latin1'),
      };
      const text = JSON.stringify(echo);
      res.writeHead(200, { connection: 'close', 'content-length': Buffer.byteLength(text) }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** node's reading of `bytes`: the echo, or the status line of its refusal. */
function nodeReads(bytes: Buffer): Promise<Echo | string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(bytes));
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('node did not answer'));
    }, 5_000);
    s.on('data', (c: Buffer) => (got += c.toString('latin1')));
    s.on('close', () => {
      clearTimeout(timer);
      const split = got.indexOf('\r\n\r\n');
      try {
        if (got.startsWith('HTTP/1.1 200')) resolve(JSON.parse(got.slice(split + 4)) as Echo);
        else resolve(got.slice(0, got.indexOf('\r\n')));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    s.on('error', reject);
  });
}

/** The scanner's reading of `bytes`, fed `step` bytes at a time. */
function scannerReads(bytes: Buffer, step: number): Echo | 'handoff' | 'partial' {
  const s = new RequestHeadScanner();
  let r: ReturnType<RequestHeadScanner['scan']> = 'partial';
  for (let n = Math.min(step, bytes.length); ; n = Math.min(n + step, bytes.length)) {
    r = s.scan(bytes.subarray(0, n));
    if (r !== 'partial' || n === bytes.length) break;
  }
  if (r !== 'complete') return r;
  const body = bytes.subarray(s.bodyStart, s.bodyStart + s.contentLength);
  if (body.length < s.contentLength) return 'partial';
  const req = new FastRequest(s.method, bytes.toString('latin1', s.targetStart, s.targetEnd), body, bytes, [
    ...s.fields,
  ]);
  return { method: req.method, url: req.path, headers: { ...req.headers }, body: body.toString('latin1') };
}

const tchar = fc.constantFrom(...'abcXYZ019-_.!#$%&*+^`|~'.split(''));
// Mostly names from a short list, so that repeats (which node joins or drops by name) are common.
const name = fc.oneof(
  { arbitrary: fc.string({ unit: tchar, minLength: 1, maxLength: 12 }), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      'Content-Type',
      'content-type',
      'User-Agent',
      'Cookie',
      'Set-Cookie',
      'Accept',
      'X-Dup',
    ),
    weight: 3,
  },
);
const value = fc.string({
  unit: fc.constantFrom(...'abc xyz=;,/0123456789'.split(''), '\t', '"', '(', ')'),
  maxLength: 20,
});
const header = fc.tuple(name, value).map(([n, v]) => `${n}: ${v}\r\n`);
/** Pieces the scanner must hand to node (or that node refuses). */
const oddity = fc.constantFrom(
  'Transfer-Encoding: chunked\r\n',
  'Expect: 100-continue\r\n',
  'Upgrade: websocket\r\nConnection: Upgrade\r\n',
  ' folded\r\n',
  'Bad Name: x\r\n',
  'X-Lf: x\n',
  'X-Latin: caf\u00e9\r\n',
  'Host: second\r\n',
  'Content-Length: 1, 1\r\n',
  'Content-Length: +5\r\n',
  'X-Nul: a\u0000b\r\n',
);

const request = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'OPTIONS', 'POST', 'PUT', 'get', 'HEAD'),
    path: fc.constantFrom('/', '/jsonrpc', '/RPC2?x=1', '/%7E', '*', '/a b', '/caf\u00e9'),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'),
    headers: fc.array(header, { maxLength: 6 }),
    odd: fc.option(oddity, { freq: 2 }),
    host: fc.constantFrom(true, true, true, false),
    body: fc.string({ unit: fc.constantFrom(...'<>abc{}"1 '.split('')), maxLength: 40 }),
    close: fc.boolean(),
  })
  .map((r) => {
    const lines = [
      ...(r.host ? ['Host: 127.0.0.1\r\n'] : []),
      ...r.headers,
      ...(r.odd === null ? [] : [r.odd]),
      `Content-Length: ${r.body.length}\r\n`,
      ...(r.close ? ['Connection: close\r\n'] : []),
    ];
    return Buffer.from(`${r.method} ${r.path} ${r.version}\r\n${lines.join('')}\r\n${r.body}`, 'latin1');
  });

describe('request-head scanner against node:http', () => {
  it('reads every request it accepts as node does, whole or a byte at a time', async () => {
    let accepted = 0;
    let handedOff = 0;
    await fc.assert(
      fc.asyncProperty(request, async (bytes) => {
        const whole = scannerReads(bytes, bytes.length);
        expect(scannerReads(bytes, 1)).toEqual(whole);
        if (whole === 'handoff') {
          handedOff++;
          return;
        }
        accepted++;
        expect(whole).not.toBe('partial');
        expect(await nodeReads(bytes)).toEqual(whole);
      }),
      {
        numRuns: 400,
        examples: [
          [
            Buffer.from(
              'POST / HTTP/1.1\r\nHost: h\r\nContent-Type: a\r\ncontent-type: b\r\nCookie: x=1\r\nCookie: y=2\r\nX-Dup: 1\r\nX-Dup: 2\r\nSet-Cookie: s\r\nContent-Length: 0\r\n\r\n',
            ),
          ],
        ],
      },
    );
    // Both outcomes were exercised (a generator that produced only one would prove little).
    expect(accepted).toBeGreaterThan(25);
    expect(handedOff).toBeGreaterThan(25);
  }, 60_000);

  it('hands off the shapes outside its subset', () => {
    const off = (text: string): string => {
      const r = scannerReads(Buffer.from(text, 'latin1'), 1e9);
      return typeof r === 'string' ? r : 'complete';
    };
    expect(off('GET / HTTP/1.0\r\nHost: x\r\n\r\n')).toBe('handoff');
    expect(off('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n')).toBe('handoff');
    expect(off('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n')).toBe('handoff');
    expect(off('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n')).toBe(
      'handoff',
    );
    expect(off('POST / HTTP/1.1\r\n\r\n')).toBe('handoff'); // no Host: node's 400
    expect(off('POST / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n')).toBe('handoff'); // obs-fold
    expect(off('DELETE / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('handoff');
    // Garbage is handed off at its first wrong byte, not after a whole head: node answers 400 at once.
    expect(off('\u0016\u0003\u0001')).toBe('handoff');
    expect(off('GET /')).toBe('partial');
    // A head beyond node's limit is node's to refuse (431), even before its end arrives.
    expect(off(`GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(MAX_HEAD_BYTES)}`)).toBe('handoff');
  });

  it('reads Connection: close among other tokens, in any case', () => {
    const s = new RequestHeadScanner();
    const b = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n', 'latin1');
    expect(s.scan(b)).toBe('complete');
    expect(s.close).toBe(true);
    s.reset();
    expect(s.scan(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'))).toBe(
      'complete',
    );
    expect(s.close).toBe(false);
  });
});
