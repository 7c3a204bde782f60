// Fan-out (issue 16): one change wakes many parked event.from calls, which the emulator answers from one
// encoding per protocol (server/encoded-result-chunks.ts: one XML-RPC answer for all, and JSON-RPC answers
// that share the bytes before each caller's id, server/spliced-response.ts). Every caller must
// still get its own protocol, its own JSON-RPC id and version, the same events as any other caller with
// its subscription, and a token that is valid (a later event.from from it sees nothing older).
// Bounded: a fixed number of callers over HTTP on port 0; no timing assertion.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import {
  decodeJsonResponse,
  decodeResponse,
  encodeJsonRequest,
  encodeMethodCall,
  type JsonRpcId,
  type JsonRpcVersion,
  type WireValue,
  type XapiResponse,
} from '../../../src/wire/index.ts';
import { startEmulator, valueOf } from '../fixture.ts';

/** The first event.from (token '') holds every object of the host. */
const LIMITS = { maxBytes: 64 * 2 ** 20 };

interface Caller {
  readonly protocol: 'xmlrpc' | 'jsonrpc';
  readonly classes: readonly string[];
  readonly version?: JsonRpcVersion;
  readonly id?: JsonRpcId;
}

interface Answer {
  readonly bytes: Uint8Array;
  readonly response: XapiResponse;
  readonly id?: JsonRpcId;
  readonly version?: JsonRpcVersion;
}

async function post(emu: Emulator, c: Caller, method: string, params: readonly WireValue[]): Promise<Answer> {
  const json = c.protocol === 'jsonrpc';
  const res = await fetch(emu.url + (json ? '/jsonrpc' : '/'), {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'text/xml' },
    body: json
      ? encodeJsonRequest(c.version ?? '2.0', c.id ?? 1, method, params)
      : encodeMethodCall(method, params),
  });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!json) return { bytes, response: decodeResponse(bytes, LIMITS) };
  const d = decodeJsonResponse(bytes, LIMITS);
  return { bytes, response: d.response, id: d.id, version: d.version };
}

interface Batch {
  readonly events: Record<string, WireValue>[];
  readonly token: string;
}

function batchOf(a: Answer): Batch {
  const v = valueOf(a.response) as Record<string, WireValue>;
  return { events: v['events'] as Record<string, WireValue>[], token: v['token'] as string };
}

/** An event without its snapshot's per-protocol typing: what both protocols must agree on. */
function summary(e: Record<string, WireValue>): string {
  const snap = e['snapshot'] as Record<string, WireValue> | undefined;
  const text = (v: WireValue | undefined): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return [e['id'], e['class'], e['operation'], e['ref'], snap?.['name_description']].map(text).join(' ');
}

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('one change wakes every parked event.from call', () => {
  it('gives each caller, in both protocols, the same events and a valid token in its own envelope', async () => {
    emu = await startEmulator({ port: 0 });
    const xml: Caller = { protocol: 'xmlrpc', classes: ['vm'] };
    const session = batchless(await post(emu, xml, 'session.login_with_password', [emu.user, emu.password]));
    const vm = (batchless(await post(emu, xml, 'VM.get_all', [session])) as string[])[0]!;
    const start = batchOf(await post(emu, xml, 'event.from', [session, ['*'], '', 0])).token;

    // 160 callers: XML-RPC and JSON-RPC (v1 and v2, many distinct ids and one shared id), three shapes.
    const callers: Caller[] = [];
    for (let i = 0; i < 40; i++) {
      const classes = [['vm'], ['*'], [`vm/${vm}`]][i % 3]!;
      callers.push({ protocol: 'xmlrpc', classes });
      callers.push({ protocol: 'jsonrpc', classes, version: '2.0', id: i });
      callers.push({ protocol: 'jsonrpc', classes, version: '1.0', id: `c${i}` });
      callers.push({ protocol: 'jsonrpc', classes, version: '2.0', id: 7 });
    }
    const answers = callers.map((c) => post(emu!, c, 'event.from', [session, c.classes, start, 60]));
    const hub = emu.behaviour.events;
    for (let i = 0; i < 200 && hub.waiting < callers.length; i++) await new Promise((r) => setTimeout(r, 25));
    expect(hub.waiting).toBe(callers.length);

    valueOf((await post(emu, xml, 'VM.set_name_description', [session, vm, 'woken'])).response);
    const got = await Promise.all(answers);

    // What a caller arriving after the change gets for the same token: the reference answer.
    const reference = batchOf(await post(emu, xml, 'event.from', [session, ['vm'], start, 0]));
    expect(reference.events.map(summary)).toEqual([expect.stringMatching(/ vm mod .* woken$/)]);
    got.forEach((a, i) => {
      const c = callers[i]!;
      if (c.protocol === 'jsonrpc') {
        expect(a.id).toEqual(c.id);
        expect(a.version).toBe(c.version);
      }
      const b = batchOf(a);
      expect(b.events.map(summary)).toEqual(reference.events.map(summary));
      expect(b.token).toBe(reference.token);
    });
    // Same envelope, same bytes: the XML-RPC answers are byte-identical, and so are those of JSON id 7.
    const same = (pick: (c: Caller) => boolean): Set<string> =>
      new Set(got.filter((_, i) => pick(callers[i]!)).map((a) => Buffer.from(a.bytes).toString('base64')));
    expect(same((c) => c.protocol === 'xmlrpc' && c.classes[0] === 'vm').size).toBe(1);
    expect(same((c) => c.protocol === 'jsonrpc' && c.id === 7 && c.classes[0] === '*').size).toBe(1);

    // The token is valid: from it, nothing has happened yet; the next change is seen once.
    for (const c of [xml, callers[1]!, callers[2]!]) {
      expect(batchOf(await post(emu, c, 'event.from', [session, ['vm'], reference.token, 0])).events).toEqual(
        [],
      );
    }
    valueOf((await post(emu, xml, 'VM.set_name_description', [session, vm, 'again'])).response);
    const next = batchOf(await post(emu, callers[1]!, 'event.from', [session, ['vm'], reference.token, 0]));
    expect(next.events.map(summary)).toEqual([expect.stringMatching(/ vm mod .* again$/)]);
  });
});

describe('the answers of a wake leave in turns', () => {
  it('the first woken caller is answered while most of the others are still parked', async () => {
    // hub.settleInTurns: a change settles its waiters a few per microtask turn, so the first answers are
    // written before the last waiters are even unparked (settling all at once first advanced every
    // caller's promise chain one step, so no answer left before all 2,000 were unparked). In-process, so
    // the order is the event loop's alone: when the first answer resolves, most callers still wait.
    emu = await startEmulator({ port: 0 });
    const call = (method: string, params: readonly WireValue[]): Promise<XapiResponse> =>
      emu!
        .handle({
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'text/xml' },
          body: new TextEncoder().encode(encodeMethodCall(method, params)),
        })
        .then((r) => decodeResponse(r.body, LIMITS));
    const session = valueOf(await call('session.login_with_password', [emu.user, emu.password])) as string;
    const vm = (valueOf(await call('VM.get_all', [session])) as string[])[0]!;
    const start = batchOf({
      bytes: new Uint8Array(),
      response: await call('event.from', [session, ['*'], '', 0]),
    }).token;
    const hub = emu.behaviour.events;
    const n = 400;
    const stillParked: number[] = [];
    const answers = Array.from({ length: n }, () =>
      call('event.from', [session, ['vm'], start, 60]).then((r) => {
        stillParked.push(hub.waiting);
        return r;
      }),
    );
    for (let i = 0; i < 200 && hub.waiting < n; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hub.waiting).toBe(n);
    valueOf(await call('VM.set_name_description', [session, vm, 'in turns']));
    const got = await Promise.all(answers);
    for (const r of got) expect(batchOf({ bytes: new Uint8Array(), response: r }).events).toHaveLength(1);
    expect(stillParked).toHaveLength(n);
    expect(stillParked[0]).toBeGreaterThan(n / 2);
    expect(stillParked[n - 1]).toBe(0);
  });
});

function batchless(a: Answer): WireValue {
  return valueOf(a.response);
}
