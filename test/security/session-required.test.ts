// Every call except the logins and system.listMethods needs a valid session (issue 8 §5; SEMANTICS.md
// §2 "Dispatch", step 3; xen-api ocaml/xapi/session_check.ml). Each message of the datamodel that takes
// a session is called, with well-typed arguments, under sessions that are not valid: a never-issued
// ref, a logged-out session, OpaqueRef:NULL and a ref of another class. None may succeed: the answer
// is SESSION_INVALID [ref] (MESSAGE_REMOVED for messages the datamodel has removed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, inProcessTransport, XapiClient, type Outcome } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import type { MessageSchema } from '../../src/xapi/index.ts';
import { ALL_MESSAGES, neutralArgs } from './neutral-args.ts';

let emu: Emulator;
let xml: XapiClient;
let json: XapiClient;
let loggedOut: string;
const NEVER_ISSUED = 'OpaqueRef:5e551041-0000-4000-8000-000000000bad';

beforeAll(async () => {
  emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
  xml = new XapiClient({ transport: inProcessTransport(emu.handle) });
  json = new XapiClient({ transport: inProcessTransport(emu.handle), protocol: 'jsonrpc' });
  const s = await xml.login(emu.user, emu.password);
  loggedOut = s.ref;
  await s.logout();
});
afterAll(async () => {
  await emu.close();
});

const WITH_SESSION = ALL_MESSAGES.filter((m) => m.takesSession);

function expectRefused(m: MessageSchema, bogus: string, o: Outcome): void {
  const where = `${m.wireName} with session ${bogus}`;
  expect(o.ok, `${where} succeeded`).toBe(false);
  if (o.ok) return;
  // A removed message may be refused as removed before or after the session check.
  if (m.state === 'Removed' && o.code === 'MESSAGE_REMOVED') expect(o.params, where).toEqual([]);
  else expect([o.code, ...o.params], where).toEqual(['SESSION_INVALID', bogus]);
}

describe('a valid session is required', () => {
  it('the only messages without a session are the logins', () => {
    expect(
      ALL_MESSAGES.filter((m) => !m.takesSession)
        .map((m) => m.wireName)
        .sort(),
    ).toEqual(['session.login_with_password', 'session.slave_local_login_with_password']);
    expect(WITH_SESSION.length).toBeGreaterThan(1_900);
  });

  it('every message, XML-RPC, logged-out session: refused', async () => {
    for (const m of WITH_SESSION)
      expectRefused(m, loggedOut, await xml.attempt(m.wireName, [loggedOut, ...neutralArgs(m)]));
  });

  it('every message, JSON-RPC, never-issued session: refused', async () => {
    for (const m of WITH_SESSION) {
      expectRefused(m, NEVER_ISSUED, await json.attempt(m.wireName, [NEVER_ISSUED, ...neutralArgs(m)]));
    }
  });

  it('every message: OpaqueRef:NULL and a host ref as the session are refused', async () => {
    for (const m of WITH_SESSION) {
      for (const bogus of ['OpaqueRef:NULL', emu.host.host]) {
        expectRefused(m, bogus, await xml.attempt(m.wireName, [bogus, ...neutralArgs(m)]));
      }
    }
  });

  it('Async variants are refused too, before any task exists', async () => {
    const before = Object.keys(
      (await (await xml.login(emu.user, emu.password)).call('task.get_all_records', [])) as object,
    ).length;
    for (const m of WITH_SESSION.filter((x) => x.hasAsync && x.state !== 'Removed')) {
      const o = await xml.attempt(`Async.${m.wireName}`, [NEVER_ISSUED, ...neutralArgs(m)]);
      expect(o.ok ? 'success' : [o.code, ...o.params], `Async.${m.wireName}`).toEqual([
        'SESSION_INVALID',
        NEVER_ISSUED,
      ]);
    }
    const admin = await xml.login(emu.user, emu.password);
    const after = Object.keys((await admin.call('task.get_all_records', [])) as object).length;
    expect(after).toBe(before);
  });

  it('over HTTP as well (a sample of every class)', async () => {
    const client = new XapiClient({ transport: httpTransport(emu.url) });
    try {
      const perClass = new Map<string, MessageSchema>();
      for (const m of WITH_SESSION) if (m.state !== 'Removed' && !perClass.has(m.cls)) perClass.set(m.cls, m);
      for (const m of perClass.values()) {
        expectRefused(m, NEVER_ISSUED, await client.attempt(m.wireName, [NEVER_ISSUED, ...neutralArgs(m)]));
      }
    } finally {
      await client.close();
    }
  });

  it('login and system.listMethods need no session; a wrong password gets no session', async () => {
    const r = await xml.callRaw('system.listMethods', []);
    expect(r.ok && Array.isArray(r.value) && r.value.length > 1_000).toBe(true);
    const bad = await xml.attempt('session.login_with_password', [emu.user, 'not-the-password']);
    expect(bad.ok ? 'success' : bad.code).toBe('SESSION_AUTHENTICATION_FAILED');
    const unknown = await xml.attempt('session.login_with_password', ['nobody', emu.password]);
    expect(unknown.ok ? 'success' : unknown.code).toBe('SESSION_AUTHENTICATION_FAILED');
  });
});
