// The fault proxy on its own (issue 8 §4): transparent without faults; each fault at probability 1
// gives the client the transport failure it stands for; rates follow the configured probabilities;
// the same seed replays the same faults; include/exclude keep chosen methods clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  httpTransport,
  TransportError,
  XapiClient,
  XapiFailure,
  type Session,
} from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import {
  decideFault,
  FaultSpecError,
  parseFaultSpec,
  seededRandom,
  startFaultProxy,
  type FaultProxy,
  type FaultSpec,
} from '../../src/faultproxy/index.ts';
import { encodeMethodCall } from '../../src/wire/index.ts';

let emu: Emulator;
let direct: XapiClient;
let admin: Session;

beforeAll(async () => {
  emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
  direct = new XapiClient({ transport: httpTransport(emu.url) });
  admin = await direct.login(emu.user, emu.password);
});
afterAll(async () => {
  await direct.close();
  await emu.close();
});

async function withProxy<T>(
  faults: FaultSpec,
  body: (proxy: FaultProxy, client: XapiClient) => Promise<T>,
  seed = 1,
): Promise<T> {
  const proxy = await startFaultProxy({ target: emu.url, faults, seed });
  const client = new XapiClient({
    transport: httpTransport(proxy.url, { timeoutMs: 2_000 }),
    callTimeoutMs: 2_000,
  });
  try {
    return await body(proxy, client);
  } finally {
    await client.close();
    await proxy.close();
  }
}

async function transportCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TransportError) return e.code;
    throw e;
  }
  return 'answered';
}

describe('without faults', () => {
  it('is transparent: the same bytes as a direct call, XML-RPC and JSON-RPC', async () => {
    await withProxy({}, async (proxy) => {
      const body = encodeMethodCall('host.get_record', [admin.ref, emu.host.host]);
      const post = (base: string, path: string, b: string, ct: string) =>
        fetch(base + path, { method: 'POST', body: b, headers: { 'content-type': ct } });
      const [a, b] = await Promise.all([
        post(emu.url, '/', body, 'text/xml'),
        post(proxy.url, '/', body, 'text/xml'),
      ]);
      expect(b.status).toBe(a.status);
      expect(b.headers.get('content-type')).toBe(a.headers.get('content-type'));
      expect(b.headers.get('access-control-allow-origin')).toBe('*');
      expect(await b.text()).toBe(await a.text());
      const json = JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'host.get_name_label',
        params: [admin.ref, emu.host.host],
      });
      const [c, d] = await Promise.all([
        post(emu.url, '/jsonrpc', json, 'application/json'),
        post(proxy.url, '/jsonrpc', json, 'application/json'),
      ]);
      expect(await d.text()).toBe(await c.text());
      expect(proxy.stats().byKind.none).toBe(2);
    });
  });

  it('serves a client session end to end, keep-alive, concurrent', async () => {
    await withProxy({}, async (proxy, client) => {
      const s = await client.login(emu.user, emu.password);
      const names = await Promise.all(
        Array.from({ length: 50 }, () => s.call('host.get_name_label', [emu.host.host])),
      );
      expect(new Set(names).size).toBe(1);
      await s.logout();
      expect(proxy.stats().requests).toBe(52);
    });
  });
});

describe('XAPI failures pass through as XAPI failures', () => {
  it('a Failure envelope behind latency and resets is an XapiFailure, a reset is a TransportError', async () => {
    await withProxy(
      { latency: { probability: 1, minMs: 5, maxMs: 20 }, reset: 0.5, exclude: /^session\./ },
      async (proxy, client) => {
        const s = await client.login(emu.user, emu.password);
        const kinds = new Set<string>();
        for (let i = 0; i < 30; i += 1) {
          const e = await s.call('VM.get_record', ['OpaqueRef:NULL']).catch((x: unknown) => x);
          if (e instanceof XapiFailure) {
            expect([e.code, ...e.params]).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:NULL']);
            kinds.add('xapi');
          } else {
            expect(e).toBeInstanceOf(TransportError);
            kinds.add('transport');
          }
        }
        expect([...kinds].sort()).toEqual(['transport', 'xapi']);
        expect(proxy.stats().delayed).toBeGreaterThanOrEqual(30);
      },
      3,
    );
  });
});

describe('each fault at probability 1', () => {
  // resetPhase 'before' drops the request unsent; 'after' resets once the endpoint answered.
  it.each([
    ['before', 'and the call never reached the endpoint', 'untouched'],
    ['after', 'but the endpoint executed the call', 'written'],
  ] as const)('reset %s forwarding: ECONNRESET, %s', async (phase, _effect, left) => {
    const vm = emu.host.controlDomain;
    await admin.call('VM.set_name_description', [vm, 'untouched']);
    await withProxy({ reset: 1, resetPhase: phase, exclude: /^session\./ }, async (proxy, client) => {
      const s = await client.login(emu.user, emu.password);
      expect(await transportCode(s.call('VM.set_name_description', [vm, 'written']))).toBe('ECONNRESET');
      expect(proxy.stats().byKind[`reset-${phase}`]).toBe(1);
    });
    expect(await admin.call('VM.get_name_description', [vm])).toBe(left);
  });

  it('truncated answers are transport errors, never a wrong value', async () => {
    await withProxy({ truncate: 1, exclude: /^session\./ }, async (proxy, client) => {
      const s = await client.login(emu.user, emu.password);
      const codes = new Set<string>();
      for (let i = 0; i < 30; i += 1) codes.add(await transportCode(s.call('VM.get_all_records', [])));
      expect(codes.has('answered')).toBe(false);
      for (const c of codes) expect(['ECONNRESET', 'BAD_RESPONSE', 'NETWORK', 'HTTP_STATUS']).toContain(c);
      expect(proxy.stats().byKind.truncate).toBe(30);
    });
  });

  it('5xx answers are HTTP_STATUS transport errors with the status', async () => {
    await withProxy({ errorStatus: { probability: 1, statuses: [503] } }, async (_p, client) => {
      try {
        await client.login(emu.user, emu.password);
        expect.unreachable('login through a 503 proxy succeeded');
      } catch (e) {
        expect(e).toBeInstanceOf(TransportError);
        expect((e as TransportError).code).toBe('HTTP_STATUS');
        expect((e as TransportError).status).toBe(503);
      }
    });
  });

  it('stalls: the request is never answered and the client times out', async () => {
    await withProxy({ stall: 1 }, async (proxy, client) => {
      const t0 = performance.now();
      expect(await transportCode(client.login(emu.user, emu.password))).toBe('TIMEOUT');
      const ms = performance.now() - t0;
      expect(ms).toBeGreaterThanOrEqual(1_900);
      expect(ms).toBeLessThan(4_000);
      expect(proxy.stats().byKind.stall).toBe(1);
    });
  });

  it('latency delays the answer by the configured range', async () => {
    await withProxy({ latency: { probability: 1, minMs: 150, maxMs: 200 } }, async (proxy, client) => {
      const t0 = performance.now();
      const s = await client.login(emu.user, emu.password);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
      await s.logout();
      expect(proxy.stats().delayed).toBe(2);
      for (const e of proxy.events()) expect(e.delayMs).toBeGreaterThanOrEqual(150);
    });
  });

  it('an unreachable target is a 502 from the proxy', async () => {
    const proxy = await startFaultProxy({ target: 'http://127.0.0.1:1', seed: 1 });
    const client = new XapiClient({ transport: httpTransport(proxy.url, { timeoutMs: 2_000 }) });
    try {
      const e = await client.login('root', 'x').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TransportError);
      expect((e as TransportError).status).toBe(502);
      expect(proxy.stats().byKind['upstream-error']).toBe(1);
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});

describe('https targets', () => {
  it('forwards to an https endpoint trusting its CA; an untrusted certificate is a 502', async () => {
    const tls = await createEmulator({ port: 0, httpsPort: 0, authFailureDelayMs: 0 });
    const trusted = await startFaultProxy({ target: tls.httpsUrl ?? '', targetCa: tls.cert ?? '', seed: 1 });
    const untrusted = await startFaultProxy({ target: tls.httpsUrl ?? '', seed: 1 });
    const a = new XapiClient({ transport: httpTransport(trusted.url) });
    const b = new XapiClient({ transport: httpTransport(untrusted.url) });
    try {
      const s = await a.login(tls.user, tls.password);
      expect(await s.call('host.get_name_label', [tls.host.host])).toBe('xenserver-emu');
      const e = await b.login(tls.user, tls.password).catch((x: unknown) => x);
      expect((e as TransportError).status).toBe(502);
      expect(untrusted.events()[0]?.kind).toBe('upstream-error');
    } finally {
      await a.close();
      await b.close();
      await trusted.close();
      await untrusted.close();
      await tls.close();
    }
  });
});

describe('IPv6 loopback', () => {
  it('listens on ::1 and forwards to an emulator on ::1', async () => {
    const v6 = await createEmulator({ port: 0, host: '::1', authFailureDelayMs: 0 });
    const proxy = await startFaultProxy({ target: v6.url, host: '::1', seed: 1 });
    const client = new XapiClient({ transport: httpTransport(proxy.url) });
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(proxy.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const s = await client.login(v6.user, v6.password);
      expect(await s.call('host.get_name_label', [v6.host.host])).toBe('xenserver-emu');
    } finally {
      await client.close();
      await proxy.close();
      await v6.close();
    }
  });
});

describe('probabilities, seeds and filters', () => {
  const spec: FaultSpec = { reset: 0.1, truncate: 0.1, errorStatus: { probability: 0.1 }, stall: 0.05 };

  it('fault rates follow the probabilities (decideFault, 20,000 draws)', () => {
    const rng = seededRandom(7);
    const n = 20_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i += 1) {
      const k = decideFault(spec, rng, 'VM.start').kind;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const rate = (k: string): number => (counts.get(k) ?? 0) / n;
    // 5 standard deviations of a binomial at p = 0.1, n = 20,000: ±0.0106.
    expect(Math.abs(rate('reset-before') + rate('reset-after') - 0.1)).toBeLessThan(0.011);
    expect(Math.abs(rate('truncate') - 0.1)).toBeLessThan(0.011);
    expect(Math.abs(rate('error-status') - 0.1)).toBeLessThan(0.011);
    expect(Math.abs(rate('stall') - 0.05)).toBeLessThan(0.008);
    expect(Math.abs(rate('none') - 0.65)).toBeLessThan(0.017);
  });

  it('the same seed and request order replay the same faults over the wire', async () => {
    const run = (seed: number) =>
      withProxy(
        { reset: 0.2, errorStatus: { probability: 0.2 } },
        async (proxy, client) => {
          const out: string[] = [];
          for (let i = 0; i < 40; i += 1) {
            out.push(await transportCode(client.callRaw('host.get_name_label', [admin.ref, emu.host.host])));
          }
          return { out, kinds: proxy.events().map((e) => e.kind) };
        },
        seed,
      );
    const a = await run(99);
    const b = await run(99);
    const c = await run(100);
    expect(b.kinds).toEqual(a.kinds);
    expect(b.out).toEqual(a.out);
    expect(c.kinds).not.toEqual(a.kinds);
    expect(a.kinds.filter((k) => k !== 'none').length).toBeGreaterThan(5);
  });

  it('include/exclude: excluded methods are never faulted', async () => {
    await withProxy({ reset: 1, exclude: /^session\.|^host\.get_name_label$/ }, async (proxy, client) => {
      const s = await client.login(emu.user, emu.password);
      for (let i = 0; i < 10; i += 1) await s.call('host.get_name_label', [emu.host.host]);
      expect(await transportCode(s.call('host.get_name_description', [emu.host.host]))).toBe('ECONNRESET');
      await s.logout();
      expect(proxy.stats().byKind['reset-before'] + proxy.stats().byKind['reset-after']).toBe(1);
    });
  });

  it('parses the CLI form and rejects bad specs', () => {
    expect(
      parseFaultSpec(
        'latency=0.5:10-20,reset=0.1,reset-phase=after,truncate=0.05,5xx=0.1:502/503,stall=0.01,exclude=^session\\.',
      ),
    ).toEqual({
      latency: { probability: 0.5, minMs: 10, maxMs: 20 },
      reset: 0.1,
      resetPhase: 'after',
      truncate: 0.05,
      errorStatus: { probability: 0.1, statuses: [502, 503] },
      stall: 0.01,
      exclude: /^session\./,
    });
    expect(parseFaultSpec('')).toEqual({});
    for (const bad of [
      'reset=2',
      'reset=0.6,stall=0.6',
      'latency=0.5:20-10',
      'nope=1',
      '5xx=0.1:200',
      'reset',
      'reset=x',
    ]) {
      expect(() => parseFaultSpec(bad), bad).toThrow(FaultSpecError);
    }
  });
});
