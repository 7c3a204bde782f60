// XapiClient against the real emulator, in-process (emulator.handle) and over HTTP (port 0), in both
// protocols: the same bytes either way, so every case runs four times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { TransportError, XapiFailure } from '../../src/xapi/harness-errors.ts';
import { httpTransport } from '../../src/client/http-transport.ts';
import { inProcessTransport } from '../../src/client/in-process-transport.ts';
import { loggingTransport, type LoggedCall } from './call-log.ts';
import type { Protocol } from '../../src/client/rpc-codec.ts';
import { XapiClient } from '../../src/client/xapi-client.ts';
import type { Transport } from '../../src/client/transport.ts';

let emu: Emulator;
const PASSWORD = 'Zq7-client-test-pw';

beforeAll(async () => {
  // A password no other recorded string can contain, so the masking check below means something.
  emu = await createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0, password: PASSWORD });
});

afterAll(async () => {
  await emu?.close();
});

const VARIANTS: readonly {
  name: string;
  protocol: Protocol;
  jsonrpcVersion?: '1.0' | '2.0';
  transport: () => Transport;
}[] = [
  { name: 'xmlrpc in-process', protocol: 'xmlrpc', transport: () => inProcessTransport(emu.handle) },
  { name: 'jsonrpc in-process', protocol: 'jsonrpc', transport: () => inProcessTransport(emu.handle) },
  { name: 'xmlrpc http', protocol: 'xmlrpc', transport: () => httpTransport(emu.url) },
  { name: 'jsonrpc http', protocol: 'jsonrpc', transport: () => httpTransport(emu.url) },
  {
    name: 'jsonrpc 1.0 http',
    protocol: 'jsonrpc',
    jsonrpcVersion: '1.0',
    transport: () => httpTransport(emu.url),
  },
];

describe.each(VARIANTS)('XapiClient ($name)', ({ protocol, jsonrpcVersion, transport }) => {
  let client: XapiClient;
  let calls: LoggedCall[];

  beforeAll(() => {
    const logged = loggingTransport(transport());
    calls = logged.calls;
    client = new XapiClient({
      transport: logged.transport,
      protocol,
      ...(jsonrpcVersion === undefined ? {} : { jsonrpcVersion }),
    });
  });

  afterAll(async () => {
    await client.close();
  });

  it('logs in, calls with the session prepended, and logs out', async () => {
    const session = await client.login(emu.user, emu.password);
    expect(session.ref).toMatch(/^OpaqueRef:[0-9a-f-]{36}$/);
    const hosts = await session.call('host.get_all');
    expect(Array.isArray(hosts) && hosts.length).toBe(1);
    const user = await session.call('session.get_auth_user_name', [session.ref]);
    expect(user).toBe(emu.user);
    await session.logout();
    const after = await session.attempt('host.get_all');
    expect(after).toEqual({ ok: false, code: 'SESSION_INVALID', params: [session.ref] });
  });

  it('sends version and originator only when given (4 params), else 2', async () => {
    const s = await client.login(emu.user, emu.password, { originator: 'xapi-harness-test' });
    expect(await s.call('session.get_originator', [s.ref])).toBe('xapi-harness-test');
    await s.logout();
    const logins = calls.filter((c) => c.method === 'session.login_with_password');
    expect(logins.map((c) => c.params.length)).toContain(4);
    expect(logins.map((c) => c.params.length)).toContain(2);
  });

  it('decodes results by their declared types: ints as numbers, datetimes as Date, records', async () => {
    const s = await client.login(emu.user, emu.password);
    try {
      const [host] = (await s.call('host.get_all')) as string[];
      const major = await s.call('host.get_API_version_major', [host]);
      expect(typeof major).toBe('number');
      expect(Number.isInteger(major)).toBe(true);
      const lastActive = await s.call('session.get_last_active', [s.ref]);
      expect(lastActive).toBeInstanceOf(Date);
      expect(Number.isNaN((lastActive as Date).getTime())).toBe(false);
      const record = (await s.call('host.get_record', [host])) as Record<string, unknown>;
      expect(typeof record['API_version_major']).toBe('number');
      expect(typeof record['uuid']).toBe('string');
      expect(record['uuid']).toBe(await s.call('host.get_uuid', [host]));
    } finally {
      await s.logout();
    }
  });

  it('returns XAPI failures as values from attempt and throws XapiFailure from call', async () => {
    const s = await client.login(emu.user, emu.password);
    try {
      const missing = 'OpaqueRef:00000000-0000-0000-0000-000000000000';
      const outcome = await s.attempt('VM.get_record', [missing]);
      expect(outcome).toEqual({ ok: false, code: 'HANDLE_INVALID', params: ['VM', missing] });
      const thrown = await s.call('VM.get_record', [missing]).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(XapiFailure);
      expect(thrown).toMatchObject({
        code: 'HANDLE_INVALID',
        params: ['VM', missing],
        method: 'VM.get_record',
      });
    } finally {
      await s.logout();
    }
  });

  it('fails a bad login with SESSION_AUTHENTICATION_FAILED', async () => {
    const e = await client.login(emu.user, 'definitely-wrong').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(XapiFailure);
    expect((e as XapiFailure).code).toBe('SESSION_AUTHENTICATION_FAILED');
  });

  it('callRaw sends wire values untouched and returns the undecoded envelope', async () => {
    const s = await client.login(emu.user, emu.password);
    try {
      const [host] = (await s.call('host.get_all')) as string[];
      const raw = await client.callRaw('host.get_API_version_major', [s.ref, host as string]);
      expect(raw.ok).toBe(true);
      // xapi sends ints as strings in XML-RPC and as numbers in JSON-RPC (SEMANTICS.md §2, §8).
      if (raw.ok) expect(typeof raw.value).toBe(protocol === 'xmlrpc' ? 'string' : 'bigint');
      const wrongType = await client.callRaw('host.get_API_version_major', [s.ref, 42n]);
      expect(wrongType.ok).toBe(false);
      const arity = await client.callRaw('host.get_API_version_major', [s.ref]);
      expect(arity).toMatchObject({ ok: false, code: 'MESSAGE_PARAMETER_COUNT_MISMATCH' });
    } finally {
      await s.logout();
    }
  });

  it('passes methods the schema does not know through raw', async () => {
    const s = await client.login(emu.user, emu.password);
    try {
      const outcome = await s.attempt('VM.no_such_message', []);
      expect(outcome).toMatchObject({ ok: false, code: 'MESSAGE_METHOD_UNKNOWN' });
    } finally {
      await s.logout();
    }
  });
});

describe('XapiClient under concurrency', () => {
  it('answers 300 concurrent calls over 4 keep-alive connections, each with its own answer', async () => {
    for (const protocol of ['xmlrpc', 'jsonrpc'] as const) {
      const transport = httpTransport(emu.url, { connections: 4 });
      const client = new XapiClient({ transport, protocol });
      try {
        const s = await client.login(emu.user, emu.password);
        const [host] = (await s.call('host.get_all')) as string[];
        // Different methods in flight at once: a mixed-up answer would show as a wrong value or type.
        const results = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            i % 2 === 0 ? s.call('host.get_API_version_major', [host]) : s.call('host.get_uuid', [host]),
          ),
        );
        const uuid = await s.call('host.get_uuid', [host]);
        const major = await s.call('host.get_API_version_major', [host]);
        expect(typeof major).toBe('number');
        results.forEach((r, i) => expect(r).toBe(i % 2 === 0 ? major : uuid));
        expect(transport.stats?.().connected).toBeLessThanOrEqual(4);
        await s.logout();
      } finally {
        await client.close();
      }
    }
  });
});

describe('XapiClient request bytes', () => {
  it('posts XML-RPC to / and JSON-RPC v2 or v1 to /jsonrpc, with matching content types', async () => {
    const seen: { path: string; type: string | undefined; body: string }[] = [];
    // Not a stub: a pass-through to the real emulator that records the request bytes the client sent.
    const spy = inProcessTransport(async (req) => {
      seen.push({
        path: req.path,
        type: req.headers['content-type'],
        body: Buffer.from(req.body).toString(),
      });
      return emu.handle(req);
    });
    for (const [protocol, jsonrpcVersion] of [
      ['xmlrpc', undefined],
      ['jsonrpc', '2.0'],
      ['jsonrpc', '1.0'],
    ] as const) {
      const c = new XapiClient({ transport: spy, protocol, ...(jsonrpcVersion ? { jsonrpcVersion } : {}) });
      const s = await c.login(emu.user, emu.password);
      await s.logout();
    }
    const [xml, v2, v1] = seen.filter((r) => r.body.includes('login_with_password'));
    expect(xml).toMatchObject({ path: '/', type: 'text/xml' });
    expect(xml?.body).toMatch(/^<\?xml version="1.0"\?><methodCall><methodName>session.login_with_password</);
    expect(v2).toMatchObject({ path: '/jsonrpc', type: 'application/json' });
    expect(JSON.parse(v2?.body ?? '')).toMatchObject({
      jsonrpc: '2.0',
      method: 'session.login_with_password',
    });
    expect(JSON.parse(v1?.body ?? '')).not.toHaveProperty('jsonrpc');
    expect(JSON.parse(v1?.body ?? '')).toMatchObject({ method: 'session.login_with_password', id: 1 });
  });
});

describe('XapiClient transport failures', () => {
  it('reports a handler crash as HANDLER and a slow handler as TIMEOUT (in-process)', async () => {
    // Hand-made handlers: the emulator never throws out of its handler nor hangs on purpose, and these are
    // the in-process transport's own failure modes (no HTTP in between for the fault proxy to break).
    const crashing = new XapiClient({
      transport: inProcessTransport(() => Promise.reject(new Error('boom'))),
    });
    const e = await crashing.call('host.get_all', ['OpaqueRef:x']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('HANDLER');
    const slow = new XapiClient({
      transport: inProcessTransport(() => new Promise(() => undefined)),
      callTimeoutMs: 50,
    });
    const t = await slow.call('host.get_all', ['OpaqueRef:x']).catch((x: unknown) => x);
    expect((t as TransportError).code).toBe('TIMEOUT');
  });

  it('reports an answer that is not an XAPI envelope as BAD_RESPONSE', async () => {
    // A canned answer: a well-formed XML-RPC response without the Status/Value struct is something neither
    // the emulator nor the fault proxy (which cuts or drops bytes, never rewrites them) can produce.
    const client = new XapiClient({
      transport: inProcessTransport(() =>
        Promise.resolve({
          status: 200,
          headers: {},
          body: Buffer.from(
            '<methodResponse><params><param><value>1</value></param></params></methodResponse>',
          ),
        }),
      ),
    });
    const e = await client.attempt('host.get_all', ['OpaqueRef:x']).catch((x: unknown) => x);
    expect((e as TransportError).code).toBe('BAD_RESPONSE');
  });
});
