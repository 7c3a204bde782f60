// The emulator under bad request bodies, over real sockets (issue 8 §1): garbage bytes, mutated and
// truncated calls, deep nesting, bodies over 300 KiB, invalid UTF-8, JSON-RPC garbage. Every answer must
// be one xapi gives (xapi-answer.ts; SEMANTICS.md §2, §8), within a bounded time, and the emulator must
// still serve a normal call afterwards. Seeds: fast-check prints the seed and path of any failure;
// FUZZ_SEED / FUZZ_RUNS override them (the soak run raises FUZZ_RUNS).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, XapiClient, type Session } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { encodeJsonRequest, encodeMethodCall } from '../../src/wire/index.ts';
import { fuzzParams } from './fuzz-config.ts';
import { postBytes, rawExchange } from './raw-http.ts';
import { classifyAnswer, failureOf } from './xapi-answer.ts';

const TIMEOUT_MS = 5_000;
let emu: Emulator;
let client: XapiClient;
let session: Session;

beforeAll(async () => {
  emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
  client = new XapiClient({ transport: httpTransport(emu.url, { timeoutMs: TIMEOUT_MS }) });
  session = await client.login(emu.user, emu.password);
});
afterAll(async () => {
  await client.close();
  await emu.close();
});

async function send(path: string, body: Uint8Array | string) {
  const answer = await rawExchange(emu.url, postBytes(path, body), { timeoutMs: TIMEOUT_MS });
  return classifyAnswer(answer, path === '/jsonrpc' ? 'jsonrpc' : 'xmlrpc');
}

/** Valid calls to mutate. No successful login with the real password: sessions would pile up. */
function seedCalls(): { path: string; body: string }[] {
  const s = session.ref;
  const xml = [
    encodeMethodCall('VM.get_all_records', [s]),
    encodeMethodCall('session.get_this_host', [s, s]),
    encodeMethodCall('VM.get_name_label', [s, emu.host.controlDomain]),
    encodeMethodCall('session.login_with_password', ['nobody', 'wrong']),
    encodeMethodCall('event.from', [s, ['vm'], '', 0.0]),
    encodeMethodCall('host.get_record', [s, emu.host.host]),
  ];
  const json = [
    encodeJsonRequest('2.0', 1, 'VM.get_all', [s]),
    encodeJsonRequest('1.0', 'x', 'host.get_name_label', [s, emu.host.host]),
    encodeJsonRequest('2.0', 7, 'session.login_with_password', ['nobody', 'wrong']),
  ];
  return [...xml.map((body) => ({ path: '/', body })), ...json.map((body) => ({ path: '/jsonrpc', body }))];
}

afterAll(async () => {
  // The emulator still answers a normal call after all of the above.
  expect(await session.call('host.get_name_label', [emu.host.host])).toBeTypeOf('string');
});

describe('garbage and mutated bodies', () => {
  it('random bytes on every endpoint get xapi answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/', '/RPC2', '/json', '/jsonrpc'),
        fc.uint8Array({ maxLength: 2048 }),
        async (path, bytes) => {
          const kind = await send(path, bytes);
          // Random bytes are never a valid call: unparseable (HTTP 500), or refused as invalid UTF-8.
          if (kind.kind === 'envelope') expect(failureOf(kind)[0]).toBe('INVALID_VALUE');
          else expect(kind.kind).toBe('parse-error');
        },
      ),
      fuzzParams(120),
    );
  });

  it('mutated valid calls (byte flips, truncation, splices) get xapi answers', async () => {
    const seeds = seedCalls();
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ maxLength: 40 }) }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 30 }) }),
      fc.record({
        op: fc.constant('tag' as const),
        at: fc.nat(),
        text: fc.constantFrom(
          '<value>',
          '</value>',
          '<struct>',
          '<array><data>',
          '<i4>x</i4>',
          '<nil/>',
          '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
          '&a;',
          '<![CDATA[x]]>',
          '&#0;',
          '&#x110000;',
          '{',
          '"',
          '\\u0000',
          ']',
          'null',
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (seed, mutations) => {
          let b = Buffer.from(seed.body, 'utf8');
          for (const m of mutations) {
            const at = m.at % (b.length + 1);
            if (m.op === 'truncate') b = b.subarray(0, at);
            else if (m.op === 'flip') {
              b = Buffer.from(b);
              if (at < b.length) b[at] = m.byte;
            } else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
            else b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text, 'utf8'), b.subarray(at)]);
          }
          const kind = await send(seed.path, b);
          expect(['envelope', 'parse-error']).toContain(kind.kind);
        },
      ),
      fuzzParams(200),
    );
  });

  it('every strict prefix of a call is a parse error (HTTP 500 + HTML), never a partial call', async () => {
    for (const seed of seedCalls()) {
      const full = Buffer.from(seed.body, 'utf8');
      const step = Math.max(1, Math.floor(full.length / 25));
      for (let n = 0; n < full.length - 1; n += step) {
        const kind = await send(seed.path, full.subarray(0, n));
        expect(kind.kind, `${seed.path} prefix of ${n}/${full.length} bytes`).toBe('parse-error');
      }
    }
  });
});

describe('size and depth', () => {
  const call = (inner: string): string =>
    `<?xml version="1.0"?><methodCall><methodName>VM.get_name_label</methodName><params><param><value>${session.ref}</value></param><param>${inner}</param></params></methodCall>`;
  const nested = (n: number): string =>
    '<value><array><data>'.repeat(n) + '</data></array></value>'.repeat(n);

  it('deep nesting: a type error within the decoder limit, a parse error beyond it, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7_000 }), async (depth) => {
        const t0 = performance.now();
        const kind = await send('/', call(nested(depth)));
        if (depth <= 60) {
          // A set where a VM ref is expected: the unmarshal step fails (SEMANTICS.md §2 Dispatch, 2).
          expect(failureOf(kind)[0]).toBe('INTERNAL_ERROR');
        } else expect(['parse-error', 'envelope']).toContain(kind.kind);
        expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS);
      }),
      fuzzParams(40),
    );
    // JSON nesting far beyond any sane limit, within 300 KiB.
    const deepJson = `{"jsonrpc":"2.0","id":1,"method":"VM.get_all","params":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    expect((await send('/jsonrpc', deepJson)).kind).toBe('parse-error');
    // Deeply nested structs.
    const structs =
      '<value><struct><member><name>a</name>'.repeat(3_000) +
      '<value>x</value>' +
      '</member></struct></value>'.repeat(3_000);
    expect(['parse-error', 'envelope']).toContain((await send('/', call(structs))).kind);
  });

  it('bodies over 300 KiB get 413 (declared or chunked); just under is served', async () => {
    const limit = 300 * 1024;
    const filler = (n: number): string => encodeMethodCall('system.listMethods', ['x'.repeat(n)]);
    const over = filler(limit);
    expect(Buffer.byteLength(over)).toBeGreaterThan(limit);
    expect((await send('/', over)).kind).toBe('too-large');
    expect((await send('/jsonrpc', `{"id":1,"method":"x","params":["${'y'.repeat(limit)}"]}`)).kind).toBe(
      'too-large',
    );
    const underBody = filler(limit - 200);
    expect(Buffer.byteLength(underBody)).toBeLessThanOrEqual(limit);
    expect((await send('/', underBody)).kind).toBe('envelope');
    // Chunked: no Content-Length to refuse early, the limit must hold while streaming.
    const chunk = 'a'.repeat(16 * 1024);
    const chunks = Array.from({ length: 25 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const req = `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\ncontent-type: text/xml\r\nconnection: close\r\n\r\n${chunks}0\r\n\r\n`;
    const answer = await rawExchange(emu.url, Buffer.from(req), { timeoutMs: TIMEOUT_MS });
    expect(answer.status).toBe(413);
    // A huge declared Content-Length is refused before any body is read.
    const liar = `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 99999999999\r\nconnection: close\r\n\r\n`;
    expect((await rawExchange(emu.url, Buffer.from(liar), { timeoutMs: TIMEOUT_MS })).status).toBe(413);
  });
});

describe('encoding', () => {
  it('invalid UTF-8 in an XML-RPC parameter gives INVALID_VALUE (gen_server.ml)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          [0xff],
          [0xc0, 0x80],
          [0xed, 0xa0, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0x80],
          [0xe2, 0x82],
          [0xfe, 0xfe, 0xff],
        ),
        fc.string({ maxLength: 10 }),
        async (bad, around) => {
          const body = Buffer.concat([
            Buffer.from(
              `<?xml version="1.0"?><methodCall><methodName>VM.get_by_name_label</methodName><params><param><value>${session.ref}</value></param><param><value>`,
            ),
            Buffer.from(around.replace(/[<&]/g, ''), 'utf8'),
            Buffer.from(bad),
            Buffer.from('</value></param></params></methodCall>'),
          ]);
          const f = failureOf(await send('/', body));
          expect(f[0]).toBe('INVALID_VALUE');
          expect(f[1]).toBe('Invalid UTF-8 string in parameter');
        },
      ),
      fuzzParams(30),
    );
  });

  it('invalid UTF-8 in JSON-RPC is refused as unparseable or INVALID_VALUE', async () => {
    const body = Buffer.concat([
      Buffer.from(`{"jsonrpc":"2.0","id":1,"method":"VM.get_by_name_label","params":["${session.ref}","`),
      Buffer.from([0xff, 0xc0, 0x80]),
      Buffer.from('"]}'),
    ]);
    const kind = await send('/jsonrpc', body);
    if (kind.kind === 'envelope') expect(failureOf(kind)[0]).toBe('INVALID_VALUE');
    else expect(kind.kind).toBe('parse-error');
  });
});

describe('JSON-RPC garbage', () => {
  it('arbitrary JSON documents get xapi answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 6 }), async (doc) => {
        const kind = await send('/jsonrpc', doc);
        expect(['envelope', 'parse-error']).toContain(kind.kind);
        if (kind.kind === 'envelope') expect(kind.response.ok).toBe(false);
      }),
      fuzzParams(150),
    );
  });

  it('request-shaped garbage: wrong member types, notifications, batches, versions', async () => {
    const field = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('VM.get_all', 'session.login_with_password', 'Async.VM.start', 'system.listMethods'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          jsonrpc: fc.oneof(fc.constant(undefined), fc.constantFrom('2.0', '1.0', '3.0', 2)),
          id: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 1 })),
          method: field,
          params: fc.oneof(
            fc.constant(undefined),
            fc.jsonValue({ maxDepth: 2 }),
            fc.constant([session?.ref ?? 'x']),
          ),
        }),
        fc.boolean(),
        async (req, batch) => {
          const doc = JSON.stringify(batch ? [req] : req);
          const kind = await send('/jsonrpc', doc);
          expect(['envelope', 'parse-error']).toContain(kind.kind);
          // Notifications (no id) are rejected with HTTP 500 (SEMANTICS.md §8).
          if (req.id === undefined || batch) expect(kind.kind).toBe('parse-error');
        },
      ),
      fuzzParams(150),
    );
  });
});
