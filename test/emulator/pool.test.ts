// The emulated pool (docs/SEMANTICS.md §11): members redirect, local sessions, seeded storage, placement by
// disks and memory, start_on / pool_migrate boot checks, evacuation, host.allowed_operations, the coordinator
// change, and the one-host answers that used to be NOT_IMPLEMENTED. In-process, through each host's handler.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessTransport, XapiClient } from '../../src/client/index.ts';
import type { Outcome } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-pool-'));
const open: Emulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function pool(hosts: number, extra: Parameters<typeof createEmulator>[0] = {}) {
  const emu = await createEmulator({ hosts, listen: false, authFailureDelayMs: 0, ...extra });
  open.push(emu);
  const clients = emu.hosts.map((h) => new XapiClient({ transport: inProcessTransport(h.handle) }));
  const on =
    (i: number) =>
    (method: string, ...args: unknown[]): Promise<Outcome> =>
      clients[i]!.attempt(method, args);
  const login = await on(0)('session.login_with_password', emu.user, emu.password);
  const s = login.ok && typeof login.value === 'string' ? login.value : '';
  return { emu, on, s };
}

function value<T = unknown>(o: Outcome): T {
  if (!o.ok) throw new Error(`${o.code} ${o.params.join(' ')}`);
  return o.value as T;
}

function failure(o: Outcome): readonly string[] {
  return o.ok ? ['(success)'] : [o.code, ...o.params];
}

type Rec = Record<string, unknown>;

/** A halted VM cloned from "Other install media" with its disk on `sr`. */
async function vmOn(
  call: (m: string, ...a: unknown[]) => Promise<Outcome>,
  s: string,
  sr: string,
  name: string,
) {
  const template = value<string[]>(await call('VM.get_by_name_label', s, 'Other install media'))[0]!;
  const vm = value<string>(await call('VM.clone', s, template, name));
  const uuid = value<string>(await call('SR.get_uuid', s, sr));
  const disks = value<Rec>(await call('VM.get_other_config', s, vm))['disks'] as string;
  await call('VM.remove_from_other_config', s, vm, 'disks');
  await call('VM.add_to_other_config', s, vm, 'disks', disks.replace('sr=""', `sr="${uuid}"`));
  value(await call('VM.provision', s, vm));
  return vm;
}

async function localSrOf(call: (m: string, ...a: unknown[]) => Promise<Outcome>, s: string, host: string) {
  const srs = value<Record<string, Rec>>(await call('SR.get_all_records', s));
  const pbds = value<Record<string, Rec>>(await call('PBD.get_all_records', s));
  return Object.entries(srs).find(
    ([ref, r]) =>
      r['name_label'] === 'Local storage' &&
      Object.values(pbds).some((p) => p['SR'] === ref && p['host'] === host),
  )![0];
}

describe('one host: the pool messages answer as xapi does', () => {
  it('allowed_operations, evacuation blockers, localhost migration, evacuation of an empty host', async () => {
    const { emu, on, s } = await pool(1);
    const c = on(0);
    const host = emu.hosts[0]!.ref;
    const ops = value<string[]>(await c('host.get_allowed_operations', s, host));
    expect([...ops].sort()).toEqual([
      'enable',
      'evacuate',
      'provision',
      'vm_migrate',
      'vm_resume',
      'vm_start',
    ]);
    expect(value(await c('host.get_vms_which_prevent_evacuation', s, host))).toEqual({});
    value(await c('host.evacuate', s, host));
    const vm = await vmOn(c, s, await localSrOf(c, s, host), 'one-host');
    value(await c('VM.start', s, vm, false, false));
    // No other host can take it: NO_HOSTS_AVAILABLE [vm] (xapi_host.ml compute_evacuation_plan_no_wlb).
    expect(value(await c('host.get_vms_which_prevent_evacuation', s, host))).toEqual({
      [vm]: ['NO_HOSTS_AVAILABLE', vm],
    });
    expect(failure(await c('host.evacuate', s, host))).toEqual(['NO_HOSTS_AVAILABLE', vm]);
    value(await c('VM.pool_migrate', s, vm, host, {}));
    expect(value(await c('VM.get_resident_on', s, vm))).toBe(host);
    expect(value(await c('VM.get_possible_hosts', s, vm))).toEqual([host]);
  });
});

describe('a pool of three hosts', () => {
  it('seeds a local SR per host and a shared default SR on every host', async () => {
    const { emu, on, s } = await pool(3);
    const c = on(0);
    const hosts = emu.hosts.map((h) => h.ref);
    expect(value<string[]>(await c('host.get_all', s)).sort()).toEqual([...hosts].sort());
    const locals = await Promise.all(hosts.map((h) => localSrOf(c, s, h)));
    expect(new Set(locals).size).toBe(3);
    const poolRec = Object.values(value<Record<string, Rec>>(await c('pool.get_all_records', s)))[0]!;
    expect(poolRec['master']).toBe(hosts[0]);
    const shared = poolRec['default_SR'] as string;
    expect(value(await c('SR.get_shared', s, shared))).toBe(true);
    for (const h of hosts) {
      const pbds = value<string[]>(await c('host.get_PBDs', s, h));
      const srs = await Promise.all(pbds.map(async (p) => value<string>(await c('PBD.get_SR', s, p))));
      expect(srs).toContain(shared);
      expect(srs.filter((sr) => locals.includes(sr))).toEqual([locals[hosts.indexOf(h)]]);
      expect(value(await c('host.get_enabled', s, h))).toBe(true);
    }
    expect(emu.hosts.map((h) => h.address)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  });

  it('members redirect logins and session-checked calls; local sessions stay on their host', async () => {
    const { emu, on, s } = await pool(3);
    const m = on(1);
    expect(failure(await m('session.login_with_password', emu.user, 'wrong'))).toEqual([
      'HOST_IS_SLAVE',
      '127.0.0.1',
    ]);
    expect(failure(await m('VM.get_all', s))).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
    expect(failure(await m('VM.get_all', 'OpaqueRef:bogus'))).toEqual(['SESSION_INVALID', 'OpaqueRef:bogus']);
    const local = value<string>(await m('session.slave_local_login_with_password', emu.user, emu.password));
    expect(value<string[]>(await m('host.get_all', local))).toHaveLength(3);
    // Held in that member's memory only: the coordinator and the other member do not know it.
    expect(failure(await on(0)('host.get_all', local))).toEqual(['SESSION_INVALID', local]);
    expect(failure(await on(2)('host.get_all', local))).toEqual(['SESSION_INVALID', local]);
    value(await m('session.local_logout', local));
    expect(failure(await m('host.get_all', local))).toEqual(['SESSION_INVALID', local]);
    expect(failure(await m('session.slave_local_login_with_password', emu.user, 'wrong'))[0]).toBe(
      'SESSION_AUTHENTICATION_FAILED',
    );
  });

  it('places by disks and affinity, refuses start_on elsewhere, migrates shared disks only', async () => {
    const { emu, on, s } = await pool(3);
    const c = on(0);
    const [a, b] = [emu.hosts[0]!.ref, emu.hosts[1]!.ref];
    const onB = await vmOn(c, s, await localSrOf(c, s, b), 'on-b');
    const localB = await localSrOf(c, s, b);
    expect(failure(await c('VM.start_on', s, onB, a, false, false))).toEqual(['VM_REQUIRES_SR', onB, localB]);
    value(await c('VM.start', s, onB, false, false));
    expect(value(await c('VM.get_resident_on', s, onB))).toBe(b);
    expect(value<string[]>(await c('host.get_resident_VMs', s, b))).toContain(onB);
    expect(failure(await c('VM.pool_migrate', s, onB, a, {}))).toEqual(['VM_REQUIRES_SR', onB, localB]);
    const shared = Object.values(value<Record<string, Rec>>(await c('pool.get_all_records', s)))[0]![
      'default_SR'
    ];
    const vm = await vmOn(c, s, shared as string, 'shared');
    value(await c('VM.set_affinity', s, vm, emu.hosts[2]!.ref));
    value(await c('VM.start', s, vm, false, false));
    expect(value(await c('VM.get_resident_on', s, vm))).toBe(emu.hosts[2]!.ref);
    const free = async (h: string) => Number(value(await c('host.compute_free_memory', s, h)));
    const before = await free(a);
    value(await c('VM.pool_migrate', s, vm, a, {}));
    expect(value(await c('VM.get_resident_on', s, vm))).toBe(a);
    expect(value(await c('VM.get_affinity', s, vm))).toBe(emu.hosts[2]!.ref);
    expect(await free(a)).toBeLessThan(before);
    expect(value<string[]>(await c('host.get_resident_VMs', s, emu.hosts[2]!.ref))).not.toContain(vm);
  });

  it('a disabled host takes no VM; with every host disabled VM.start has NO_HOSTS_AVAILABLE', async () => {
    const { emu, on, s } = await pool(3);
    const c = on(0);
    const hosts = emu.hosts.map((h) => h.ref);
    const shared = Object.values(value<Record<string, Rec>>(await c('pool.get_all_records', s)))[0]![
      'default_SR'
    ];
    const vm = await vmOn(c, s, shared as string, 'disabled');
    value(await c('host.disable', s, hosts[1]));
    expect([...value<string[]>(await c('host.get_allowed_operations', s, hosts[1]))].sort()).toEqual([
      'apply_updates',
      'enable',
      'evacuate',
      'provision',
      'reboot',
      'shutdown',
      'vm_migrate',
      'vm_resume',
      'vm_start',
    ]);
    expect(failure(await c('VM.start_on', s, vm, hosts[1], false, false))).toEqual([
      'HOST_DISABLED',
      hosts[1],
    ]);
    for (const h of hosts) value(await c('host.disable', s, h));
    expect(failure(await c('VM.start', s, vm, false, false))).toEqual(['NO_HOSTS_AVAILABLE']);
    for (const h of hosts) value(await c('host.enable', s, h));
    value(await c('VM.start', s, vm, false, false));
  });

  it('evacuation: a local disk blocks (VM_REQUIRES_SR); shared disks move off', async () => {
    const { emu, on, s } = await pool(3);
    const c = on(0);
    const b = emu.hosts[1]!.ref;
    const localB = await localSrOf(c, s, b);
    const stuck = await vmOn(c, s, localB, 'stuck');
    const shared = Object.values(value<Record<string, Rec>>(await c('pool.get_all_records', s)))[0]![
      'default_SR'
    ];
    const mover = await vmOn(c, s, shared as string, 'mover');
    value(await c('VM.start_on', s, stuck, b, false, false));
    value(await c('VM.start_on', s, mover, b, false, false));
    expect(value(await c('host.get_vms_which_prevent_evacuation', s, b))).toEqual({
      [stuck]: ['VM_REQUIRES_SR', stuck, localB],
    });
    expect(failure(await c('host.assert_can_evacuate', s, b))).toEqual([
      'CANNOT_EVACUATE_HOST',
      `VM_REQUIRES_SR,${stuck},${localB}`,
    ]);
    expect(failure(await c('host.evacuate', s, b))).toEqual(['VM_REQUIRES_SR', stuck, localB]);
    value(await c('VM.hard_shutdown', s, stuck));
    value(await c('host.evacuate', s, b));
    const left = value<string[]>(await c('host.get_resident_VMs', s, b));
    expect(left).toEqual([emu.hosts[1]!.ref === b ? value(await c('host.get_control_domain', s, b)) : '']);
    expect(value(await c('VM.get_power_state', s, mover))).toBe('Running');
    expect(value(await c('VM.get_resident_on', s, mover))).not.toBe(b);
  });

  it('designate_new_master moves the coordinator: the old one redirects, sessions start over', async () => {
    const { emu, on, s } = await pool(3);
    const b = emu.hosts[1]!;
    value(await on(0)('pool.designate_new_master', s, emu.hosts[0]!.ref));
    value(await on(0)('pool.designate_new_master', s, b.ref));
    expect(failure(await on(0)('session.login_with_password', emu.user, emu.password))).toEqual([
      'HOST_IS_SLAVE',
      b.address,
    ]);
    expect(failure(await on(1)('VM.get_all', s))).toEqual(['SESSION_INVALID', s]);
    const s2 = value<string>(await on(1)('session.login_with_password', emu.user, emu.password));
    expect(failure(await on(0)('VM.get_all', s2))).toEqual(['HOST_IS_SLAVE', b.address]);
    expect(value(await on(1)('session.get_this_host', s2, s2))).toBe(b.ref);
  });

  it('events and tasks are pool-wide: the coordinator sees what a member did with its local session', async () => {
    const { emu, on, s } = await pool(3);
    const b = emu.hosts[1]!.ref;
    const first = value<Rec>(await on(0)('event.from', s, ['host', 'task'], '', 0));
    const local = value<string>(
      await on(1)('session.slave_local_login_with_password', emu.user, emu.password),
    );
    value(await on(1)('host.disable', local, b));
    const task = value<string>(await on(1)('Async.host.enable', local, b));
    const seen = value<Rec>(await on(0)('event.from', s, ['host', 'task'], first['token'], 1));
    const events = seen['events'] as Rec[];
    expect(events.some((e) => e['class'] === 'host' && e['ref'] === b && e['operation'] === 'mod')).toBe(
      true,
    );
    expect(events.some((e) => e['class'] === 'task' && e['ref'] === task)).toBe(true);
    expect(value(await on(0)('task.get_resident_on', s, task))).toBe(b);
    for (let i = 0; i < 50 && value(await on(0)('task.get_status', s, task)) === 'pending'; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(value(await on(0)('task.get_status', s, task))).toBe('success');
    expect(value(await on(0)('host.get_enabled', s, b))).toBe(true);
  });

  it('a database keeps its pool: reopened with no --hosts, grown, never shrunk', async () => {
    const db = join(dir, 'grow.db');
    const first = await createEmulator({ hosts: 2, listen: false, dbPath: db, authFailureDelayMs: 0 });
    await first.close();
    const again = await createEmulator({ listen: false, dbPath: db, authFailureDelayMs: 0 });
    expect(again.hosts).toHaveLength(2);
    await again.close();
    await expect(createEmulator({ hosts: 1, listen: false, dbPath: db })).rejects.toThrow(/cannot shrink/);
    const grown = await createEmulator({ hosts: 3, listen: false, dbPath: db, authFailureDelayMs: 0 });
    open.push(grown);
    expect(grown.hosts.map((h) => h.name)).toEqual(['xenserver-emu', 'xenserver-emu-2', 'xenserver-emu-3']);
  });

  it('the port-per-host layout: each host its own port, host.address with it', async () => {
    const emu = await createEmulator({ hosts: 3, port: 0, poolLayout: 'ports', authFailureDelayMs: 0 });
    open.push(emu);
    const ports = emu.hosts.map((h) => new URL(h.url).port);
    expect(new Set(ports).size).toBe(3);
    expect(emu.hosts.map((h) => h.address)).toEqual(ports.map((p) => `127.0.0.1:${p}`));
    expect(emu.layoutText).toMatch(/one port per host/);
  });
});
