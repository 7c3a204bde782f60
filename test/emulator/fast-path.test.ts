// The emulator's HTTP fast path (src/emulator/server/fast-connection.ts) over real sockets, HTTP and
// HTTPS: its answers are node:http's answers byte for byte (but the Date), requests sent together are
// answered in order even when the first must wait, a request it does not read hands the connection to
// node:http without losing a byte, and the connection limits it shares with node:http hold. (Its
// header-timeout cut of a slowloris is test/robustness/connections.test.ts, which now runs on it.)
import { connect as tlsConnect } from 'node:tls';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { decodeResponse, encodeJsonRequest, encodeMethodCall } from '../../src/wire/index.ts';
import { hostPort } from '../robustness/raw-http.ts';

let emu: Emulator;
let session: string;

beforeAll(async () => {
  emu = await createEmulator({ port: 0, httpsPort: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
  const login = await fetch(emu.url, {
    method: 'POST',
    body: encodeMethodCall('session.login_with_password', [emu.user, emu.password]),
  });
  const r = decodeResponse(await login.text());
  if (!r.ok || typeof r.value !== 'string') throw new Error('login failed');
  session = r.value;
});
afterAll(() => emu.close());

/** A POST's bytes; `extra` header lines go before Content-Length. */
function post(path: string, body: string, extra = ''): Buffer {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Content-Length: ${b.length}\r\n\r\n`,
      'latin1',
    ),
    b,
  ]);
}

/** A header line with a byte beyond ASCII: node reads it (obs-text), the fast path hands it over. */
const TO_NODE = 'X-Note: caf\u00e9\r\n';

/** The complete answers at the start of `got` (each sized by its content-length), and the bytes left. */
function takeAnswers(got: Buffer): { answers: Buffer[]; rest: Buffer } {
  const answers: Buffer[] = [];
  for (;;) {
    const end = got.indexOf('\r\n\r\n');
    if (end < 0) break;
    const length = Number(/content-length: (\d+)/i.exec(got.toString('latin1', 0, end))?.[1] ?? 0);
    if (got.length < end + 4 + length) break;
    answers.push(got.subarray(0, end + 4 + length));
    got = got.subarray(end + 4 + length);
  }
  return { answers, rest: got };
}

/** Opens a connection (TLS when `secure`), sends `bytes`, and reads until `answers` answers have come. */
async function exchange(bytes: Buffer[], answers: number, secure = false): Promise<string[]> {
  const url = secure ? emu.httpsUrl! : emu.url;
  const { host, port } = hostPort(url);
  const socket: Socket = secure
    ? tlsConnect({ host, port, rejectUnauthorized: false })
    : connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once(secure ? 'secureConnect' : 'connect', () => resolve());
    socket.once('error', reject);
  });
  let got: Buffer = Buffer.alloc(0);
  const out: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${out.length} of ${answers} answers in 10 s`)), 10_000);
    socket.on('data', (c: Buffer) => {
      const taken = takeAnswers(Buffer.concat([got, c]));
      got = taken.rest;
      for (const a of taken.answers) out.push(a.toString('utf8'));
      if (out.length >= answers) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  for (const b of bytes) socket.write(b);
  try {
    await done;
  } finally {
    socket.destroy();
  }
  return out;
}

/** An answer without its Date header (the only header that differs from one second to the next). */
const undated = (a: string): string => a.replace(/\r\nDate: [^\r]*/, '');

const calls = (): Record<string, Buffer[]> => ({
  'XML-RPC call': [post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host]))],
  'JSON-RPC call with an id': [
    post(
      '/jsonrpc',
      encodeJsonRequest('2.0', 77, 'host.get_record', [session, emu.host.host]),
      'Content-Type: application/json\r\n',
    ),
  ],
  'XML-RPC failure': [post('/', encodeMethodCall('VM.get_record', [session, 'OpaqueRef:nope']))],
  'malformed XML': [post('/', '<methodCall><nope')],
  'unknown path': [Buffer.from('GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
  'CORS preflight': [Buffer.from('OPTIONS /jsonrpc HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
});

describe('emulator HTTP fast path', () => {
  for (const secure of [false, true]) {
    const proto = secure ? 'HTTPS' : 'HTTP';
    it(`${proto}: answers as node:http answers the same request`, async () => {
      for (const [what, [bytes]] of Object.entries(calls())) {
        const text = bytes!.toString('latin1');
        const viaNode = Buffer.from(text.replace('\r\n', `\r\n${TO_NODE}`), 'latin1');
        const before = emu.connections();
        const [fast] = await exchange([bytes!], 1, secure);
        const between = emu.connections();
        const [node] = await exchange([viaNode], 1, secure);
        const after = emu.connections();
        // Each connection took the path meant: the first stayed on the fast path, the second went to node.
        expect(between.handedOff - before.handedOff, what).toBe(0);
        expect(after.handedOff - between.handedOff, what).toBe(1);
        expect(undated(fast!), what).toBe(undated(node!));
        expect(fast!, what).toMatch(/^HTTP\/1\.1 \d{3} [^\r]+\r\n/);
      }
    });
  }

  it('answers requests sent together in order, when the first waits (event.from) and when split byte by byte', async () => {
    // A token from now on: event.from then waits its 0.3 s for an event that does not come.
    const first = await fetch(emu.url, {
      method: 'POST',
      body: encodeMethodCall('event.from', [session, ['pool'], '', 0]),
    });
    const r = decodeResponse(await first.text());
    if (!r.ok) throw new Error('event.from failed');
    const token = (r.value as { token: string }).token;
    const wait = post('/', encodeMethodCall('event.from', [session, ['pool'], token, 0.3]));
    const quick = post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host]));
    const together = Buffer.concat([wait, quick, quick]);
    const answers = await exchange([together], 3);
    expect(answers).toHaveLength(3);
    expect(answers[0]).toContain('<name>events</name>');
    for (const a of answers.slice(1)) expect(a).toContain('<name>Status</name><value>Success</value>');
    expect(answers[1]).not.toContain('<name>events</name>');
    // The same bytes one at a time: the head scanner carries its state across reads.
    const split = [...quick].map((b) => Buffer.from([b]));
    const [one] = await exchange(split, 1);
    expect(undated(one!)).toBe(undated(answers[1]!));
  });

  it('reads a request arriving in many reads, head and body split anywhere', async () => {
    // A long parameter list: a body of about 60 KB, in 200 pieces written a few milliseconds apart.
    const names = Array.from({ length: 3000 }, (_, i) => `label-${i}`);
    const bytes = post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host, ...names]));
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += Math.ceil(bytes.length / 200)) {
      pieces.push(bytes.subarray(at, at + Math.ceil(bytes.length / 200)));
    }
    const { host, port } = hostPort(emu.url);
    const handedOff = emu.connections().handedOff;
    const s = connect({ host, port });
    let got = '';
    const answered = new Promise<void>((resolve) =>
      s.on('data', (c: Buffer) => {
        got += c.toString('latin1');
        if (got.includes('</methodResponse>')) resolve();
      }),
    );
    for (const p of pieces) {
      s.write(p);
      await new Promise((r) => setTimeout(r, 2));
    }
    await answered;
    s.destroy();
    // xapi's answer to too many parameters, in its format: the whole body was read and decoded.
    expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(got).toContain('MESSAGE_PARAMETER_COUNT_MISMATCH');
    // ... by the fast path itself.
    expect(emu.connections().handedOff).toBe(handedOff);
  });

  it('hands a connection to node:http at a request it does not read, with no byte lost either way', async () => {
    const quick = post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host]));
    const body = encodeMethodCall('host.get_name_label', [session, emu.host.host]);
    // Chunked: node's to read. The request after it on the same connection is node's too.
    const chunked = Buffer.from(
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      'latin1',
    );
    for (const secure of [false, true]) {
      const before = emu.connections().handedOff;
      const answers = await exchange([quick, Buffer.concat([chunked, quick]), quick], 4, secure);
      expect(emu.connections().handedOff - before).toBe(1);
      expect(answers).toHaveLength(4);
      for (const a of answers) {
        expect(a.startsWith('HTTP/1.1 200 OK'), a.slice(0, 80)).toBe(true);
        expect(a).toContain('<name>Status</name><value>Success</value>');
      }
    }
  });

  it('a client that sends many requests before reading any answer gets them all, in order', async () => {
    // 800 calls, every other one a VM record of a few KB: more than the socket buffers hold, so the server
    // must stop reading (backpressure) until the client reads, then go on where it stopped.
    const vms = await fetch(emu.url, { method: 'POST', body: encodeMethodCall('VM.get_all', [session]) });
    const all = decodeResponse(await vms.text());
    if (!all.ok || !Array.isArray(all.value)) throw new Error('VM.get_all failed');
    const vm = all.value[0] as string;
    const record = post('/', encodeMethodCall('VM.get_record', [session, vm]));
    const label = post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host]));
    const { host, port } = hostPort(emu.url);
    const s = connect({ host, port });
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    s.pause();
    s.write(Buffer.concat(Array.from({ length: 800 }, (_, i) => (i % 2 === 0 ? record : label))));
    await new Promise((r) => setTimeout(r, 300));
    let got: Buffer = Buffer.alloc(0);
    const kinds: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kinds.length} of 800 answers`)), 20_000);
      s.on('data', (c: Buffer) => {
        const taken = takeAnswers(Buffer.concat([got, c]));
        got = taken.rest;
        for (const a of taken.answers) {
          const text = a.toString('utf8');
          kinds.push(
            text.includes('<name>uuid</name>') ? 'record' : text.includes('Success') ? 'label' : 'other',
          );
        }
        if (kinds.length === 800) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    s.resume();
    await done;
    s.destroy();
    expect(kinds).toEqual(Array.from({ length: 800 }, (_, i) => (i % 2 === 0 ? 'record' : 'label')));
  });

  it('closes after an answer to Connection: close, and on the client FIN once answered', async () => {
    const { host, port } = hostPort(emu.url);
    const s = connect({ host, port });
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString('latin1')));
    const closed = new Promise<void>((resolve) => s.on('close', () => resolve()));
    s.write(
      post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host]), 'Connection: close\r\n'),
    );
    await closed;
    expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(got).toContain('\r\nConnection: close\r\n');
    // A client that half-closes after its request still gets its answer, then the server's FIN.
    const h = connect({ host, port, allowHalfOpen: true });
    let got2 = '';
    h.on('data', (c: Buffer) => (got2 += c.toString('latin1')));
    const ended = new Promise<void>((resolve) => h.on('end', () => resolve()));
    h.end(post('/', encodeMethodCall('host.get_name_label', [session, emu.host.host])));
    await ended;
    h.destroy();
    expect(got2).toContain('<name>Status</name><value>Success</value>');
  });

  it('a request larger than the body limit is refused by node:http (413), as before', async () => {
    const { host, port } = hostPort(emu.url);
    const s = connect({ host, port });
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString('latin1')));
    const closed = new Promise<void>((resolve) => s.on('close', () => resolve()));
    s.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${400 * 1024}\r\n\r\n<methodCall>`);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 3_000))]);
    s.destroy();
    expect(got).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('close() does not wait for idle keep-alive connections of the fast path', async () => {
    const other = await createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
    const { host, port } = hostPort(other.url);
    const idle = connect({ host, port });
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    idle.write('OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise<void>((resolve) => idle.once('data', () => resolve()));
    const closedByServer = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    const t0 = performance.now();
    await other.close();
    await closedByServer;
    // node:http's own closeIdleConnections() closes its idle sockets at once; the 2 s fallback is for busy ones.
    expect(performance.now() - t0).toBeLessThan(1_500);
  });
});
