// RBAC (issue 8 §5; SEMANTICS.md §2 "Dispatch" step 4, §7 static roles; xen-api
// ocaml/idl/datamodel_roles.ml, ocaml/xapi/rbac.ml): a read-only user gets RBAC_PERMISSION_DENIED
// [permission; message] on every message its role does not hold (all mutations), and can read. Every
// message of the datamodel is called with well-typed arguments (so arity and unmarshal pass), and the
// database must be unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessTransport, XapiClient, type Session } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { expectEach } from '../support/expect-each.ts';
import { ALL_MESSAGES, neutralArgs } from './neutral-args.ts';

let emu: Emulator;
let auditor: Session;
let admin: Session;
const READ_ONLY = { name: 'auditor', password: 'audit-only-pw', role: 'read-only' };

beforeAll(async () => {
  emu = await createEmulator({ listen: false, authFailureDelayMs: 0, users: [READ_ONLY] });
  const client = new XapiClient({ transport: inProcessTransport(emu.handle) });
  auditor = await client.login(READ_ONLY.name, READ_ONLY.password);
  admin = await client.login(emu.user, emu.password);
});
afterAll(async () => {
  await emu.close();
});

// Messages whose datamodel roles are empty are not RBAC-checked in the same way (internal or
// emergency calls); they are left out of the denial sweep.
const LIVE = ALL_MESSAGES.filter((m) => m.takesSession && m.state !== 'Removed' && m.roles.length > 0);
const DENIED = LIVE.filter((m) => !m.roles.includes('read-only'));
const ALLOWED = LIVE.filter((m) => m.roles.includes('read-only'));

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const cls of ['VM', 'host', 'pool', 'network', 'SR', 'VDI', 'VBD', 'PIF', 'role', 'task']) {
    const all = (await admin.call(`${cls}.get_all_records`, [])) as Record<string, unknown>;
    parts.push(JSON.stringify(all, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v)));
  }
  return parts.join('\n');
}

describe('read-only role', () => {
  it('the datamodel gives read-only hundreds of messages and denies it hundreds', () => {
    expect(DENIED.length).toBeGreaterThan(600);
    expect(ALLOWED.length).toBeGreaterThan(1_000);
    // Every mutation of the common classes is among the denied.
    const denied = new Set(DENIED.map((m) => m.wireName));
    expectEach((name) => denied.has(name), true, [
      'VM.start',
      'VM.destroy',
      'VM.set_name_label',
      'VM.create',
      'pool.set_name_label',
      'host.reboot',
    ]);
  });

  it('every message outside the role: RBAC_PERMISSION_DENIED [permission; message], nothing changes', async () => {
    const before = await snapshot();
    for (const m of DENIED) {
      const o = await auditor.attempt(m.wireName, neutralArgs(m));
      expect(o.ok ? 'success' : o.code, m.wireName).toBe('RBAC_PERMISSION_DENIED');
      if (o.ok) continue;
      expect(o.params).toHaveLength(2);
      expect(o.params[0]?.toLowerCase(), m.wireName).toBe(m.wireName.toLowerCase());
    }
    // Async forms are denied as well, and create no task for the denied call.
    for (const m of DENIED.filter((x) => x.hasAsync).slice(0, 200)) {
      const o = await auditor.attempt(`Async.${m.wireName}`, neutralArgs(m));
      expect(o.ok ? 'success' : o.code, `Async.${m.wireName}`).toBe('RBAC_PERMISSION_DENIED');
    }
    expect(await snapshot()).toBe(before);
  });

  it('messages inside the role are never RBAC-denied; the reads work', async () => {
    for (const m of ALLOWED) {
      if (m.wireName === 'session.logout' || m.wireName === 'session.local_logout') continue;
      const o = await auditor.attempt(m.wireName, neutralArgs(m));
      if (!o.ok) expect(o.code, m.wireName).not.toBe('RBAC_PERMISSION_DENIED');
    }
    const vms = (await auditor.call('VM.get_all_records', [])) as Record<string, unknown>;
    expect(Object.keys(vms).length).toBeGreaterThan(1);
    expect(await auditor.call('host.get_name_label', [emu.host.host])).toBe(
      await admin.call('host.get_name_label', [emu.host.host]),
    );
    expect(await auditor.call('session.get_this_host', [auditor.ref])).toBe(emu.host.host);
  });

  it('pool-admin (root) is denied nothing the read-only user was denied for lack of role', async () => {
    // A sample of denied mutations with the admin session: anything but RBAC_PERMISSION_DENIED.
    for (const m of DENIED.filter((_m, i) => i % 25 === 0)) {
      if (
        /^(host\.(shutdown|reboot|restart_agent|disable|emergency)|pool\.(eject|designate)|session\.)/.test(
          m.wireName,
        )
      )
        continue;
      const o = await admin.attempt(m.wireName, neutralArgs(m));
      if (!o.ok) expect(o.code, m.wireName).not.toBe('RBAC_PERMISSION_DENIED');
    }
  });
});
